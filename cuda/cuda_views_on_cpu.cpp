// The inspection views (render/show_mode.h) render on the CPU even with the CUDA backend: they
// draw from the CPU renderer's per-splat records (render/inspect_views.h), which the GPU pipeline
// does not produce. In its own file so that cuda_renderer.cu need not include the CPU renderer.
#include "cuda/cuda_renderer.h"
#include "render/cpu_renderer.h"

namespace splatview {

void CudaRenderer::render_view_on_cpu(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                                      Image& out, FrameStats& stats) {
  if (!views_on_cpu_) views_on_cpu_ = std::make_unique<CpuRenderer>();
  views_on_cpu_->render(scene, camera, settings, out, stats);
  last_failure_.clear();
}

}  // namespace splatview
