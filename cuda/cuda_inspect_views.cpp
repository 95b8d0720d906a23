// The inspection views (render/show_mode.h) on the CUDA backend. Depth and alpha are the GPU's
// blend (of splat::depth_as_color for depth, on black), finished on the host by the CPU
// renderer's own functions (render/inspect_views.h), so both backends give the same picture.
// Centres and ellipses are drawn from the CPU renderer's per-splat records, which the GPU
// pipeline does not produce: those frames render on the CPU. In its own file so that
// cuda_renderer.cu need not include the CPU renderer.
#include "cuda/cuda_renderer.h"
#include "render/cpu_renderer.h"
#include "render/inspect_views.h"

namespace splatview {

void CudaRenderer::render_view_on_cpu(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                                      Image& out, FrameStats& stats) {
  if (!views_on_cpu_) views_on_cpu_ = std::make_unique<CpuRenderer>();
  views_on_cpu_->render(scene, camera, settings, out, stats);
  last_failure_.clear();
}

void CudaRenderer::finish_view_on_host(const RenderSettings& settings, Image& out, FrameStats& stats) {
  if (settings.show == ShowMode::kAlpha) finish_alpha_view(out);
  if (settings.show != ShowMode::kDepth) return;
  const DepthRange range = finish_depth_view(out, settings.background, depths_, depth_scratch_);
  stats.depth_near = range.near_depth;
  stats.depth_far = range.far_depth;
}

}  // namespace splatview
