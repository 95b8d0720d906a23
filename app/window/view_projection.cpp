#include "app/window/view_projection.h"

#include <glm/geometric.hpp>

namespace splatview {

std::optional<ImVec2> project_to_view(const Camera& view, const CameraBasis& basis, glm::vec3 p, ImVec2 view_min) {
  const glm::vec3 d = p - view.eye;
  const float z = glm::dot(d, basis.forward);
  if (!(z > kMarkNearDepth)) return std::nullopt;
  const float f = focal_length_pixels(view);
  return ImVec2(view_min.x + f * glm::dot(d, basis.right) / z + 0.5f * (view.width - 1),
                view_min.y + f * glm::dot(d, basis.down) / z + 0.5f * (view.height - 1));
}

std::optional<std::pair<ImVec2, ImVec2>> project_segment_to_view(const Camera& view, const CameraBasis& basis, glm::vec3 a,
                                                                 glm::vec3 b, ImVec2 view_min) {
  // A little beyond the near plane, so that a cut end projects.
  const float near_depth = kMarkNearDepth * 1.001f;
  const float za = glm::dot(a - view.eye, basis.forward), zb = glm::dot(b - view.eye, basis.forward);
  if (!(za > near_depth) && !(zb > near_depth)) return std::nullopt;
  if (!(za > near_depth)) a = a + (b - a) * ((near_depth - za) / (zb - za));
  if (!(zb > near_depth)) b = b + (a - b) * ((near_depth - zb) / (za - zb));
  const auto pa = project_to_view(view, basis, a, view_min), pb = project_to_view(view, basis, b, view_min);
  if (!pa || !pb) return std::nullopt;
  return std::make_pair(*pa, *pb);
}

}  // namespace splatview
