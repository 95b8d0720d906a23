#include "tests/support/test_scenes.h"

#include <cmath>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "core/ply_reader.h"
#include "render/cpu_renderer.h"
#include "tests/support/test_paths.h"

namespace splatview::test {

const GaussianScene& cached_shared_scene(const std::string& name) {
  static std::map<std::string, GaussianScene> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  auto loaded = load_ply(shared_scene(name));
  if (!loaded) {
    ADD_FAILURE() << "cannot load " << name << ": " << loaded.error().message();
    return cache.emplace(name, GaussianScene{}).first->second;
  }
  return cache.emplace(name, std::move(loaded.value().scene)).first->second;
}

GaussianScene random_scene(const RandomScene& spec) {
  std::mt19937 rng(spec.seed);
  std::uniform_real_distribution<float> unit(-1, 1), zero_one(0, 1);
  GaussianScene scene;
  scene.sh_degree = spec.sh_degree;
  scene.resize(spec.count);
  const int coeffs = scene.sh_coeffs() * 3;
  for (std::size_t i = 0; i < spec.count; ++i) {
    for (int k = 0; k < 3; ++k) scene.positions[3 * i + k] = spec.half_extent[k] * unit(rng);
    for (int k = 0; k < 3; ++k)
      scene.scales[3 * i + k] =
          std::exp(spec.log_scale_min + (spec.log_scale_max - spec.log_scale_min) * zero_one(rng));
    float q[4], len2 = 0;
    for (float& c : q) {
      c = unit(rng);
      len2 += c * c;
    }
    for (int k = 0; k < 4; ++k) scene.rotations[4 * i + k] = q[k] / std::sqrt(len2);
    const float opacity = spec.opacity_min + (spec.opacity_max - spec.opacity_min) * zero_one(rng);
    scene.opacities[i] = i % 9 == 0 ? 1.f : opacity;
    for (int k = 0; k < coeffs; ++k) scene.sh[coeffs * i + k] = (k < 3 ? 1.5f : 0.4f) * unit(rng);
  }
  return scene;
}

Camera look_at(glm::vec3 eye, glm::vec3 target, int width, int height) {
  Camera c;
  c.eye = eye;
  c.target = target;
  c.up = {0, -1, 0};
  c.fovy_degrees = 50;
  c.width = width;
  c.height = height;
  return c;
}

Camera train_view(int width, int height) { return look_at({-2.35f, 0.f, -1.95f}, {-0.23f, 0.f, 0.17f}, width, height); }

Camera playbot_front(int width, int height) { return look_at({0, -1, -3.2f}, {0, -0.4f, 0}, width, height); }

Image render_on_cpu(const GaussianScene& scene, const Camera& camera) {
  CpuRenderer renderer;
  Image image;
  FrameStats stats;
  renderer.render(scene, camera, RenderSettings{}, image, stats);
  return image;
}

}  // namespace splatview::test
