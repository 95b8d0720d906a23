#pragma once
// Scenes and cameras several test files use.
#include <string>

#include <glm/vec3.hpp>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/image.h"

namespace splatview::test {

// ../shared/data/scenes/<name>, loaded once per test binary (an empty scene, and a test failure,
// when it cannot be loaded).
const GaussianScene& cached_shared_scene(const std::string& name);

// A camera at `eye` looking at `target`, -y up (the scenes' convention), 50 degrees.
Camera look_at(glm::vec3 eye, glm::vec3 target, int width, int height);

// Inside the Train scene looking across it (sees about 760 of voxel51's first 1000 Gaussians).
Camera train_view(int width, int height);
// PLAYBOT from the front: issue 9's benchmark view.
Camera playbot_front(int width, int height);

// Random Gaussians: positions uniform in [-half_extent, half_extent] per axis, log scales uniform
// in [log_scale_min, log_scale_max], uniformly random rotations, opacities uniform in
// [opacity_min, opacity_max] except every ninth, which is fully opaque, and SH of `sh_degree`
// (DC in [-1.5, 1.5], the rest in [-0.4, 0.4]). The same spec gives the same scene.
struct RandomScene {
  std::size_t count = 1000;
  int sh_degree = 0;
  unsigned seed = 1;
  glm::vec3 half_extent{1.f, 1.f, 1.f};
  float log_scale_min = -3.5f, log_scale_max = -1.f;
  float opacity_min = 0.f, opacity_max = 1.f;
};
GaussianScene random_scene(const RandomScene& spec);

// The scene rendered by the CPU renderer from `camera` on black, default settings.
Image render_on_cpu(const GaussianScene& scene, const Camera& camera);

}  // namespace splatview::test
