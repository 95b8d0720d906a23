#pragma once
// The PLY header comment that names a scene's render mode, as gsplat and nerfstudio write it:
// `comment SplatRenderMode: mip` for scenes trained with antialiasing, `... default` for the
// classic rule. No comment means classic, as every other reader takes it.
#include <string>
#include <string_view>
#include <vector>

#include "core/render_mode.h"

namespace splatview {

// Whether a comment's text (after "comment ") is a render-mode comment.
bool is_render_mode_comment(std::string_view comment);

// The mode the header comments name: the first render-mode comment's. An unknown value adds one
// line to `warnings` and gives classic.
RenderMode render_mode_from_comments(const std::vector<std::string>& comments, std::vector<std::string>& warnings);

// The comment text (without "comment ") that names `mode`.
std::string render_mode_comment(RenderMode mode);

}  // namespace splatview
