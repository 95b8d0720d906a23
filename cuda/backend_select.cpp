#include "cuda/backend_select.h"

#include "render/cpu_renderer.h"

#ifdef SPLATVIEW_HAVE_CUDA
#include "cuda/cuda_device.h"
#endif

namespace splatview {

bool parse_backend(const std::string& text, Backend& backend) {
  if (text == "auto") backend = Backend::kAuto;
  else if (text == "cuda") backend = Backend::kCuda;
  else if (text == "cpu") backend = Backend::kCpu;
  else return false;
  return true;
}

namespace {

// Why the CUDA backend cannot render here.
std::string cuda_unavailable_reason() {
#ifdef SPLATVIEW_HAVE_CUDA
  const CudaDeviceStatus device = query_cuda_device();
  if (!device.usable) return device.description;
  // The device works, but the CUDA tile rasterizer (issue 7) is not in this version yet.
  return "the CUDA tile renderer is not part of this version yet (found " + device.description + ")";
#else
  return "this build of splatview has no CUDA backend (built without nvcc)";
#endif
}

}  // namespace

Result<SelectedRenderer> make_renderer(Backend backend, int cpu_threads) {
  SelectedRenderer selected;
  if (backend == Backend::kCuda)
    return Error{"--backend cuda", cuda_unavailable_reason(), "use --backend cpu or --backend auto"};
  if (backend == Backend::kAuto) selected.note = "using the CPU renderer: " + cuda_unavailable_reason();
  selected.renderer = std::make_unique<CpuRenderer>(cpu_threads);
  return selected;
}

}  // namespace splatview
