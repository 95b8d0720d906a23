#pragma once
// The rule a scene's Gaussians were trained to be drawn with. Both rules share every step of
// DESIGN "One frame"; they differ only in the 2D low-pass filter (render/splat_math.h,
// lanes::preprocess):
// - classic: the reference 3DGS rasteriser (Kerbl et al. 2023): the filter dilates each splat.
// - mip: Mip-Splatting's 2D Mip filter (Yu et al., CVPR 2024), gsplat's `antialiased` mode: the
//   same dilation, with the opacity scaled so that the splat keeps its total weight.
// Files say which they need: a PLY header comment `SplatRenderMode: mip|default`
// (core/ply_render_mode.h), SPZ's antialiased flag, SOG's "antialias", and in glTF (which has no
// field for it) our writer's primitive extras {"SplatRenderMode": "mip"}. Plain enum: device code
// reads it too.
#include <optional>
#include <string_view>

namespace splatview {

enum class RenderMode : unsigned char { kClassic, kMip };

// "classic" or "mip": the names --render-mode takes and the stats panel shows.
constexpr const char* render_mode_name(RenderMode mode) { return mode == RenderMode::kMip ? "mip" : "classic"; }

// The mode a name gives; nothing for any other text.
constexpr std::optional<RenderMode> parse_render_mode(std::string_view name) {
  if (name == "classic") return RenderMode::kClassic;
  if (name == "mip") return RenderMode::kMip;
  return std::nullopt;
}

}  // namespace splatview
