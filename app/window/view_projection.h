#pragma once
// Where world points land in the window's view, for marks drawn over it (the Path tab's path, the
// crop box): the renderer's pinhole projection (pixel centres at integers) from `view`'s camera,
// offset by the view's top-left corner in the window.
#include <optional>
#include <utility>

#include <glm/vec3.hpp>
#include <imgui.h>

#include "core/camera.h"

namespace splatview {

// The renderer's near plane: nothing closer is drawn.
constexpr float kMarkNearDepth = 0.2f;

// World point p in the view, or nothing when it lies behind the near plane.
std::optional<ImVec2> project_to_view(const Camera& view, const CameraBasis& basis, glm::vec3 p, ImVec2 view_min);

// The segment a-b in the view, cut at the near plane; nothing when it lies wholly behind it.
std::optional<std::pair<ImVec2, ImVec2>> project_segment_to_view(const Camera& view, const CameraBasis& basis, glm::vec3 a,
                                                                 glm::vec3 b, ImVec2 view_min);

}  // namespace splatview
