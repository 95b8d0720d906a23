#include "cuda/backend_select.h"

#include <filesystem>

#include "cuda/cuda_device.h"
#include "render/cpu_renderer.h"

#ifdef SPLATVIEW_HAVE_CUDA
#include "cuda/cuda_renderer.h"
#endif

namespace splatview {

#ifndef SPLATVIEW_HAVE_CUDA
// The CUDA build defines this in cuda_device.cu.
CudaDeviceStatus query_cuda_device() {
  return {false, "this build of splatview has no CUDA backend (built without nvcc)"};
}
#endif

namespace {

// An NVIDIA kernel driver is loaded (or its device nodes exist). Without one there is nothing to
// explain: the CPU renderer is simply what this machine has.
bool nvidia_driver_present() {
  std::error_code ignored;
  return std::filesystem::exists("/proc/driver/nvidia/version", ignored) ||
         std::filesystem::exists("/dev/nvidiactl", ignored);
}

}  // namespace

bool parse_backend(const std::string& text, Backend& backend) {
  if (text == "auto") backend = Backend::kAuto;
  else if (text == "cuda") backend = Backend::kCuda;
  else if (text == "cpu") backend = Backend::kCpu;
  else return false;
  return true;
}

Result<SelectedRenderer> make_renderer(Backend backend, int cpu_threads) {
  SelectedRenderer selected;
  selected.renderer = std::make_unique<CpuRenderer>(cpu_threads);
  if (backend == Backend::kCpu) return selected;

  const CudaDeviceStatus device = query_cuda_device();  // never usable in a build without CUDA
  if (!device.usable) {
    if (backend == Backend::kCuda)
      return Error{"--backend cuda", device.description, "use --backend cpu or --backend auto"};
    if (nvidia_driver_present()) selected.note = "using the CPU renderer: " + device.description;
    return selected;
  }
#ifdef SPLATVIEW_HAVE_CUDA
  if (backend == Backend::kCuda) {
    selected.renderer = std::make_unique<CudaRenderer>();
    return selected;
  }
  // auto: the GPU is trusted only once it has rendered a known scene as the CPU does.
  const CudaSelfCheck check = CudaRenderer::self_check();
  if (check.passed) {
    selected.renderer = std::make_unique<CudaRenderer>();
    return selected;
  }
  selected.note = "using the CPU renderer: the CUDA renderer on " + device.description +
                  " failed its start-up check (" + check.detail + ")";
#endif
  return selected;
}

}  // namespace splatview
