#include "render/check_scene.h"

#include <cmath>
#include <cstdint>

namespace splatview {

namespace {

// splitmix64: a fixed generator, so the check scene is the same on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  // Uniform in [lo, hi).
  float uniform(float lo, float hi) {
    state_ += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return lo + (hi - lo) * static_cast<float>(z >> 40) / static_cast<float>(1ull << 24);
  }

 private:
  std::uint64_t state_;
};

void random_rotation(Random& random, float* q) {
  float length2 = 0.f;
  for (int k = 0; k < 4; ++k) {
    q[k] = random.uniform(-1.f, 1.f);
    length2 += q[k] * q[k];
  }
  for (int k = 0; k < 4; ++k) q[k] /= std::sqrt(length2);
}

}  // namespace

CheckView self_check_view() {
  CheckView view;
  view.camera.eye = {0.f, 0.f, -3.f};
  view.camera.target = {0.f, 0.f, 0.f};
  view.camera.up = {0.f, -1.f, 0.f};
  view.camera.fovy_degrees = 50.f;
  view.camera.width = 67;  // 5 x 3 tiles, the last column and row partial
  view.camera.height = 45;
  view.settings.background[0] = 0.2f;
  view.settings.background[1] = 0.4f;
  view.settings.background[2] = 0.6f;

  // 600 Gaussians about the origin, in front of the camera: the middle tiles list more than 256;
  // every 20th is behind the camera and every 20th far off to the side. Then 60 nearly opaque
  // ones at depth 1, nearer than all of those, around pixel (40, 24): they saturate tile (2, 1)
  // (x 32-47, y 16-31) within its first batch, so that block stops with splats left.
  constexpr std::size_t kSpread = 600, kCluster = 60;
  Random random(20250117);
  GaussianScene& scene = view.scene;
  scene.sh_degree = 3;
  scene.resize(kSpread + kCluster);
  for (std::size_t i = 0; i < kSpread + kCluster; ++i) {
    float* p = &scene.positions[3 * i];
    const bool cluster = i >= kSpread;
    if (cluster) {
      p[0] = 0.145f + random.uniform(-0.03f, 0.03f);
      p[1] = 0.041f + random.uniform(-0.03f, 0.03f);
      p[2] = -2.f;
    } else {
      p[0] = random.uniform(-1.3f, 1.3f);
      p[1] = random.uniform(-0.9f, 0.9f);
      p[2] = random.uniform(-1.0f, 1.0f);
      if (i % 20 == 0) p[2] = -4.5f;  // behind the camera
      if (i % 20 == 1) p[0] = 25.0f;  // far outside the view
    }
    for (int k = 0; k < 3; ++k)
      scene.scales[3 * i + k] = cluster ? random.uniform(0.12f, 0.18f) : std::exp(random.uniform(-3.5f, -1.3f));
    random_rotation(random, &scene.rotations[4 * i]);
    scene.opacities[i] = cluster ? 0.99f : i % 9 == 0 ? 1.0f : random.uniform(0.02f, 0.5f);
    for (int k = 0; k < 48; ++k) scene.sh[48 * i + k] = (k < 3 ? 1.5f : 0.4f) * random.uniform(-1.f, 1.f);
  }
  return view;
}

}  // namespace splatview
