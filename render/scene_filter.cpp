#include "render/scene_filter.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace splatview {

bool gaussian_shown(const GaussianScene& scene, std::size_t i, const splat::ShowRule& rule) {
  const float* p = scene.positions.data() + 3 * i;
  return splat::gaussian_shown(rule, {p[0], p[1], p[2]}, scene.opacities[i]);
}

GaussianScene filter_scene(const GaussianScene& scene, const splat::ShowRule& rule) {
  GaussianScene out;
  out.sh_degree = scene.sh_degree;
  out.render_mode = scene.render_mode;
  out.comments = scene.comments;
  const std::size_t n = scene.count();
  std::size_t shown = 0;
  for (std::size_t i = 0; i < n; ++i) shown += gaussian_shown(scene, i, rule) ? 1 : 0;
  out.resize(shown);
  const std::size_t sh = static_cast<std::size_t>(scene.sh_coeffs()) * 3;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!gaussian_shown(scene, i, rule)) continue;
    const auto copy = [&](const std::vector<float>& from, std::vector<float>& to, std::size_t stride) {
      std::copy_n(from.begin() + static_cast<std::ptrdiff_t>(stride * i), stride,
                  to.begin() + static_cast<std::ptrdiff_t>(stride * k));
    };
    copy(scene.positions, out.positions, 3);
    copy(scene.scales, out.scales, 3);
    copy(scene.rotations, out.rotations, 4);
    copy(scene.opacities, out.opacities, 1);
    copy(scene.sh, out.sh, sh);
    ++k;
  }
  return out;
}

SceneBounds scene_bounds(const GaussianScene& scene) {
  const std::size_t n = scene.count();
  if (n == 0) return {{-1.f, -1.f, -1.f}, {1.f, 1.f, 1.f}};
  constexpr float kBig = std::numeric_limits<float>::max();
  SceneBounds b{{kBig, kBig, kBig}, {-kBig, -kBig, -kBig}};
  for (std::size_t i = 0; i < n; ++i) {
    const float* p = scene.positions.data() + 3 * i;
    if (!(std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(p[2]))) continue;
    b.min = {std::min(b.min.x, p[0]), std::min(b.min.y, p[1]), std::min(b.min.z, p[2])};
    b.max = {std::max(b.max.x, p[0]), std::max(b.max.y, p[1]), std::max(b.max.z, p[2])};
  }
  if (b.min.x > b.max.x) return {{-1.f, -1.f, -1.f}, {1.f, 1.f, 1.f}};
  return b;
}

}  // namespace splatview
