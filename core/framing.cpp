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
// Bounds on the framed radius: a point-like scene still gets a camera distance, and a scene spread
// to float's limits (say +-3e38) still gets a camera whose squared distance (taken by the float
// camera math) stays finite: (1e18 / sin(fov / 2))^2 is far below float's 3.4e38.
constexpr double kMinRadius = 1e-3;
constexpr double kMaxRadius = 1e18;

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
  std::vector<float> axis;
  axis.reserve(n);
  double extent_squared = 0.0;
  for (int a = 0; a < 3; ++a) {
    axis.clear();
    for (std::size_t i = 0; i < n; ++i)
      if (std::isfinite(scene.positions[3 * i + a])) axis.push_back(scene.positions[3 * i + a]);
    if (axis.empty()) continue;  // nothing usable on this axis: centre 0
    const auto [lo, hi] = std::minmax_element(axis.begin(), axis.end());
    framing.full_min[a] = *lo;
    framing.full_max[a] = *hi;
    const double low = quantile(axis, kLowPercentile), high = quantile(axis, kHighPercentile);
    framing.bulk_min[a] = static_cast<float>(low);
    framing.bulk_max[a] = static_cast<float>(high);
    framing.center[a] = static_cast<float>(0.5 * (low + high));  // in double: a + b may overflow float
    extent_squared += (high - low) * (high - low);
  }
  framing.radius = static_cast<float>(std::clamp(0.5 * std::sqrt(extent_squared), kMinRadius, kMaxRadius));
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
