// The INRIA training cameras as a fly-through: capture order, each view's own field of view, and a
// Gaussian window over the views so the jitter of a hand-held capture does not reach the video.
#include <algorithm>
#include <cmath>
#include <glm/mat3x3.hpp>
#include <numbers>
#include <numeric>

#include "core/camera_path.h"

namespace splatview {

CameraPath camera_path_from_training_cameras(const std::vector<TrainingCamera>& views,
                                             const TrainingPathOptions& options) {
  const std::size_t n = views.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (options.sort_by_name)
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return views[a].img_name < views[b].img_name; });

  std::vector<glm::dvec3> position(n);
  std::vector<glm::dquat> rotation(n);
  std::vector<double> log_tan(n);  // log tan(fovy/2) = log(height / (2 fy))
  for (std::size_t i = 0; i < n; ++i) {
    const TrainingCamera& view = views[order[i]];
    const auto& R = view.rotation;
    position[i] = {view.position[0], view.position[1], view.position[2]};
    const glm::dmat3 axes({R[0][0], R[1][0], R[2][0]}, {R[0][1], R[1][1], R[2][1]}, {R[0][2], R[1][2], R[2][2]});
    rotation[i] = glm::normalize(glm::quat_cast(axes));
    if (i > 0 && glm::dot(rotation[i - 1], rotation[i]) < 0) rotation[i] = -rotation[i];
    log_tan[i] = std::log(view.height / (2.0 * view.fy));
  }

  // Weighted means over a window of +-3 sigma (wrapping round on a loop, cut at the ends of an open
  // track, where the weights are renormalised). Orientations: the normalised weighted sum of
  // quaternions on one hemisphere, a close approximation of the rotation mean for nearby rotations.
  const double sigma = options.smoothing_views;
  CameraPath path;
  path.loop = options.loop;
  path.keys.resize(n);
  const auto count = static_cast<std::ptrdiff_t>(n);
  auto reach = sigma > 0 ? static_cast<std::ptrdiff_t>(std::ceil(3.0 * sigma)) : 0;
  if (options.loop) reach = std::min(reach, (count - 1) / 2);  // each view once round a short loop
  for (std::ptrdiff_t i = 0; i < count; ++i) {
    glm::dvec3 p(0.0);
    glm::dquat q(0.0, 0.0, 0.0, 0.0);
    double z = 0, total = 0;
    for (std::ptrdiff_t j = i - reach; j <= i + reach; ++j) {
      std::ptrdiff_t k = j;
      if (options.loop) k = ((j % count) + count) % count;
      else if (j < 0 || j >= count) continue;
      const double w = sigma > 0 ? std::exp(-0.5 * static_cast<double>((j - i) * (j - i)) / (sigma * sigma)) : 1.0;
      const glm::dquat r = glm::dot(rotation[k], rotation[i]) < 0 ? -rotation[k] : rotation[k];
      p += w * position[k];
      q = q + r * w;
      z += w * log_tan[k];
      total += w;
    }
    Keyframe& key = path.keys[i];
    key.position = glm::vec3(p / total);
    key.orientation = glm::quat(glm::normalize(q));
    key.fovy_degrees = static_cast<float>(2.0 * std::atan(std::exp(z / total)) * 180.0 / std::numbers::pi);
  }
  if (n > 0) {
    path.width = views[order[0]].width;
    path.height = views[order[0]].height;
  }
  const std::size_t segments = options.loop ? n : (n > 0 ? n - 1 : 0);
  path.seconds = std::max(1.0, options.seconds_per_view * static_cast<double>(segments));
  return path;
}

}  // namespace splatview
