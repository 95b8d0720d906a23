// CudaRenderer::self_check: the GPU renders a small synthetic scene and must agree with the CPU
// renderer within 1/255 per channel on every pixel. The kernels cannot be tested on the machines
// that build splatview (no GPU), so `--backend auto` trusts a GPU only after this check.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cuda/cuda_renderer.h"
#include "render/cpu_renderer.h"

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

// Gaussians in front of a camera at z = -3: SH degree 3, anisotropic and rotated, opacities up to
// 1 (so some pixels saturate and stop early), large enough that the middle tiles list more than
// one 256-splat batch; every 20th is behind the camera and every 20th far off to the side.
GaussianScene check_scene() {
  Random random(20250117);
  GaussianScene scene;
  scene.sh_degree = 3;
  const std::size_t n = 600;
  scene.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    float* p = &scene.positions[3 * i];
    p[0] = random.uniform(-1.3f, 1.3f);
    p[1] = random.uniform(-0.9f, 0.9f);
    p[2] = random.uniform(-1.0f, 1.0f);
    if (i % 20 == 0) p[2] = -4.5f;  // behind the camera
    if (i % 20 == 1) p[0] = 25.0f;  // far outside the view
    for (int k = 0; k < 3; ++k) scene.scales[3 * i + k] = std::exp(random.uniform(-3.5f, -1.3f));
    float q[4], length2 = 0.f;
    for (float& c : q) {
      c = random.uniform(-1.f, 1.f);
      length2 += c * c;
    }
    for (int k = 0; k < 4; ++k) scene.rotations[4 * i + k] = q[k] / std::sqrt(length2);
    scene.opacities[i] = i % 9 == 0 ? 1.0f : random.uniform(0.02f, 0.5f);
    for (int k = 0; k < 48; ++k) scene.sh[48 * i + k] = (k < 3 ? 1.5f : 0.4f) * random.uniform(-1.f, 1.f);
  }
  return scene;
}

}  // namespace

CudaSelfCheck CudaRenderer::self_check() {
  CudaSelfCheck result;
  const GaussianScene scene = check_scene();
  Camera camera;
  camera.eye = {0.f, 0.f, -3.f};
  camera.target = {0.f, 0.f, 0.f};
  camera.up = {0.f, -1.f, 0.f};
  camera.fovy_degrees = 50.f;
  camera.width = 67;
  camera.height = 45;
  RenderSettings settings;
  settings.background[0] = 0.2f;
  settings.background[1] = 0.4f;
  settings.background[2] = 0.6f;

  CudaRenderer gpu;
  gpu.log_failures_ = false;
  Image gpu_image;
  FrameStats gpu_stats;
  gpu.render(scene, camera, settings, gpu_image, gpu_stats);
  if (!gpu.last_error().empty()) {
    result.detail = "the check render failed: " + gpu.last_error();
    return result;
  }

  CpuRenderer cpu(1);
  Image cpu_image;
  FrameStats cpu_stats;
  cpu.render(scene, camera, settings, cpu_image, cpu_stats);

  // The worst channel difference, colour and coverage.
  constexpr float kTolerance = 1.0f / 255.0f;
  float worst = 0.f;
  std::size_t worst_pixel = 0;
  const std::size_t pixels = cpu_image.alpha.size();
  for (std::size_t p = 0; p < pixels; ++p) {
    float d = std::abs(gpu_image.alpha[p] - cpu_image.alpha[p]);
    for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(gpu_image.rgb[3 * p + c] - cpu_image.rgb[3 * p + c]));
    if (!(d <= worst)) {  // NaN counts as the worst
      worst = std::isnan(d) ? INFINITY : d;
      worst_pixel = p;
    }
  }
  char line[256];
  std::snprintf(line, sizeof line,
                "%zu Gaussians at %dx%d: largest difference %.5f at pixel (%zu, %zu); visible %zu/%zu, tile entries "
                "%zu/%zu (GPU/CPU)",
                scene.count(), camera.width, camera.height, static_cast<double>(worst), worst_pixel % static_cast<std::size_t>(camera.width),
                worst_pixel / static_cast<std::size_t>(camera.width), gpu_stats.visible, cpu_stats.visible, gpu_stats.tile_entries,
                cpu_stats.tile_entries);
  result.detail = line;
  result.passed = worst <= kTolerance;
  return result;
}

}  // namespace splatview
