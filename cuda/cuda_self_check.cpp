// CudaRenderer::self_check: the GPU renders a small synthetic scene (render/check_scene.h) and
// must agree with the CPU renderer within 1/255 per channel on every pixel, both as a float image
// copied to the host and as the RGBA8 frame the window copies into its texture. The kernels cannot
// be tested on the machines that build splatview (no GPU), so `--backend auto` trusts a GPU only
// after this check.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <cuda_runtime.h>

#include "cuda/cuda_renderer.h"
#include "render/check_scene.h"
#include "render/cpu_renderer.h"

namespace splatview {

CudaSelfCheck CudaRenderer::self_check() {
  CudaSelfCheck result;
  const CheckView check = self_check_view();
  const GaussianScene& scene = check.scene;
  const Camera& camera = check.camera;
  const RenderSettings& settings = check.settings;

  CudaRenderer gpu;
  gpu.log_failures_ = false;
  Image gpu_image;
  FrameStats gpu_stats;
  gpu.render(scene, camera, settings, gpu_image, gpu_stats);
  if (!gpu.last_failure().empty()) {
    result.detail = "the check render failed: " + gpu.last_failure();
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
  if (!result.passed) return result;

  // The window's path: the frame left on the device as RGBA8 must hold the same 8-bit values.
  FrameStats device_stats;
  if (!gpu.render_on_device(scene, camera, settings, device_stats)) {
    result.detail += "; the device-frame render failed: " + gpu.last_failure();
    result.passed = false;
    return result;
  }
  const DeviceFrame frame = gpu.device_frame();
  std::vector<std::uint8_t> rgba(4 * pixels);
  const cudaError_t copied =
      frame.width == camera.width && frame.height == camera.height
          ? cudaMemcpy(rgba.data(), frame.rgba8, rgba.size(), cudaMemcpyDeviceToHost)
          : cudaErrorInvalidValue;
  int worst_step = 0;
  for (std::size_t p = 0; p < pixels && copied == cudaSuccess; ++p) {
    for (int c = 0; c < 3; ++c)
      worst_step = std::max(worst_step, std::abs(rgba[4 * p + c] - to_8bit(cpu_image.rgb[3 * p + c])));
    worst_step = std::max(worst_step, std::abs(rgba[4 * p + 3] - to_8bit(cpu_image.alpha[p])));
  }
  if (copied != cudaSuccess || worst_step > 1) {
    result.detail += copied != cudaSuccess ? std::string("; reading the device frame failed: ") + cudaGetErrorString(copied)
                                           : "; the RGBA8 device frame differs by " + std::to_string(worst_step) +
                                                 " steps of 255";
    result.passed = false;
  }
  return result;
}

}  // namespace splatview
