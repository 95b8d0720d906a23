#include "core/framing.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

namespace splatview {

namespace {

constexpr float kLowPercentile = 0.05f;
constexpr float kHighPercentile = 0.95f;
// 1: the sphere holding the bulk box just touches the image border (the box itself, inside the
// sphere, stays clear of it).
constexpr float kFramingMargin = 1.0f;

// The value at fraction q of the sorted values (nearest rank); reorders `values`.
float quantile(std::vector<float>& values, float q) {
  const auto index = static_cast<std::size_t>(q * static_cast<float>(values.size() - 1) + 0.5f);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
  return values[index];
}

}  // namespace

SceneFraming frame_scene(const GaussianScene& scene) {
  SceneFraming framing;
  const std::size_t n = scene.count();
  if (n == 0) return framing;

  std::vector<float> axis(n);
  for (int a = 0; a < 3; ++a) {
    for (std::size_t i = 0; i < n; ++i) axis[i] = scene.positions[3 * i + a];
    const auto [lo, hi] = std::minmax_element(axis.begin(), axis.end());
    framing.full_min[a] = *lo;
    framing.full_max[a] = *hi;
    framing.bulk_min[a] = quantile(axis, kLowPercentile);
    framing.bulk_max[a] = quantile(axis, kHighPercentile);
  }
  framing.center = 0.5f * (framing.bulk_min + framing.bulk_max);
  framing.radius = std::max(0.5f * glm::length(framing.bulk_max - framing.bulk_min), 1e-3f);
  return framing;
}

float framing_distance(float radius, float fovy_degrees, int width, int height) {
  const float half_fovy = glm::radians(fovy_degrees) * 0.5f;
  const float aspect = static_cast<float>(width) / static_cast<float>(std::max(height, 1));
  const float half_fovx = std::atan(std::tan(half_fovy) * aspect);
  const float half_fov = std::min(half_fovy, half_fovx);
  // At distance d a sphere of radius r spans asin(r / d) from the centre of view.
  return kFramingMargin * radius / std::sin(half_fov);
}

}  // namespace splatview
