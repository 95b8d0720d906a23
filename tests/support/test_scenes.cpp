#include "tests/support/test_scenes.h"

#include <map>

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
