#pragma once
// The CPU renderer's inspection views (render/show_mode.h), drawn from what its preprocess left for
// each visible Gaussian (cpu_kernels::TileSplat: projected mean, conic, colour), never projected
// again here:
// - depth: each splat's view depth blended in place of its colour (blend_depth_instead_of_colour),
//   then finish_depth_view maps sum w z / sum w through the Turbo map. The CUDA backend blends
//   the same way on the GPU and finishes its image with the same function.
// - alpha: the ordinary blend's coverage 1 - T as grey (finish_alpha_view).
// - centres and ellipses: each visible splat drawn back to front over the background.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/image.h"
#include "render/cpu_kernels.h"

namespace splatview {

// Coverage (1 - T) below which a pixel's expected depth is not shown: there it averages only
// faint wisps, and the pixel keeps the background.
constexpr float kDepthMinCoverage = 0.1f;
// The fraction of shown pixels left out at each end when choosing the depth map's near and far
// (robust to a few floaters in front of the camera or far behind the scene).
constexpr float kDepthRangeTail = 0.02f;
// The outline level of the ellipse view: d^T Sigma2^-1 d = 1, one standard deviation of the splat
// as drawn (after the low-pass filter), where its falloff is e^-0.5 of its peak. The renderer's
// own edge (alpha 1/255) lies about 3.3 sigma out for an opaque splat; outlines there overlap
// their neighbours so much that a scene becomes a mesh of lines.
constexpr float kEllipseLevel = 1.f;

// For the depth view: each visible splat's colour becomes splat::depth_as_color of its view depth,
// so blending sums w z into red and w into green. depth_keys: splat::depth_key of each Gaussian's
// depth, cpu_kernels::kHiddenDepthKey where it is not visible.
void blend_depth_instead_of_colour(cpu_kernels::TileSplat* splats, const std::uint32_t* depth_keys,
                                   std::size_t gaussians);

// The near and far depths of the map: the kDepthRangeTail and 1 - kDepthRangeTail quantiles of
// the expected depth over the pixels shown (coverage >= kDepthMinCoverage) of an image blended
// as above. `scratch` is reused between frames. {0, 0} when no pixel is shown.
struct DepthRange {
  float near_depth, far_depth;
};
DepthRange depth_range(const Image& blended, std::vector<float>& scratch);

// Turns an image blended as above (on black) into the depth picture: where coverage c >=
// kDepthMinCoverage, c turbo(t) + (1 - c) background with t = 1 at near and 0 at far (near is
// red), alpha c; elsewhere the background, alpha 0. `depths` gets each pixel's expected depth
// (0 where not shown); returns the map's range.
DepthRange finish_depth_view(Image& image, const float* background, std::vector<float>& depths,
                             std::vector<float>& scratch);

// Turns an ordinary blend (on black) into the alpha picture: 1 - T as grey, alpha 1.
void finish_alpha_view(Image& image);

// Fills the image with the background (alpha 0), then draws each listed splat (indices into
// `splats`, front to back; drawn back to front, so the nearest is on top) in its colour, alpha 1:
// a 3x3 point centred on the pixel nearest its projected centre, or its kEllipseLevel outline one
// pixel thick.
void draw_centres(Image& image, const float* background, const cpu_kernels::TileSplat* splats,
                  const std::uint32_t* order, std::size_t count);
void draw_ellipses(Image& image, const float* background, const cpu_kernels::TileSplat* splats,
                   const std::uint32_t* order, std::size_t count);

}  // namespace splatview
