#pragma once
// The CUDA tile rasterizer: DESIGN's one-frame pipeline on the GPU (preprocess, CUB scan of tiles
// touched, (tile, depth) keys, CUB radix sort on only the bits needed, tile ranges, one 16x16
// block per tile blending shared-memory batches front to back), each stage timed with CUDA
// events. Plain C++ (no CUDA types): includable from any .cpp file of a build with CUDA.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "render/renderer.h"

namespace splatview {

struct CudaSelfCheck {
  bool passed = false;
  std::string detail;  // what was compared, or why it failed (the worst pixel, or the CUDA error)
};

// Whether the CUDA backend hands frames of this mode to the CPU renderer (the stats panel says so):
// the centres and ellipses, drawn from the CPU renderer's per-splat records. Depth and alpha are
// the GPU's blend with another input (depth) or output (coverage), finished on the host by the
// same functions as the CPU's (render/inspect_views.h).
constexpr bool show_renders_on_cpu(ShowMode mode) { return !show_mode_blends(mode); }

class CudaRenderer final : public Renderer {
 public:
  // Allocates nothing on the device yet: the first frame does (errors are reported there).
  CudaRenderer();
  ~CudaRenderer() override;
  CudaRenderer(const CudaRenderer&) = delete;
  CudaRenderer& operator=(const CudaRenderer&) = delete;

  std::string name() const override { return "cuda"; }
  std::string device_description() const override;

  // On any CUDA failure the image is filled with the background, last_failure() says why and one
  // line goes to stderr (once per distinct error); nothing is thrown. The inspection views
  // centres and ellipses render on the CPU (show_renders_on_cpu); depth and alpha on the GPU.
  void render(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings, Image& out,
              FrameStats& stats) override;

  // Renders like render() but leaves the frame on the device as RGBA8 (see device_frame()), for
  // CudaGlTexture (cuda/gl_interop.h); nothing is copied to the host. False on failure, with
  // last_failure() set. False, with no failure, for an inspection view: it takes the host path
  // (render()), which finishes or draws it on the host.
  bool render_on_device(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                        FrameStats& stats);

  // The last render_on_device() frame: device pointer to width x height RGBA8 pixels, rows top to
  // bottom, width * 4 bytes apart. Valid until the next call of either render function.
  struct DeviceFrame {
    const std::uint8_t* rgba8 = nullptr;
    int width = 0, height = 0;
  };
  DeviceFrame device_frame() const;

  // Why the last frame failed; empty after a frame that succeeded.
  std::string last_failure() const override { return last_failure_; }

  // The scene is uploaded again only when it changes: its data pointers, count and SH degree are
  // compared, with a sample of its values. Call this after editing a scene's values in place.
  void invalidate_scene();

  // Renders render/check_scene.h's scene here and with CpuRenderer, and compares every pixel
  // within 1/255 per channel, then the RGBA8 device frame within one 8-bit step. `--backend auto`
  // uses the GPU only when this passes.
  static CudaSelfCheck self_check();

 private:
  struct State;  // device buffers, stream and events (cuda_renderer.cu)
  bool run(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings, FrameStats& stats,
           Image* host_out);
  void report_failure(const std::string& error);
  void render_view_on_cpu(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings, Image& out,
                          FrameStats& stats);
  // The depth and alpha views from the GPU's blend (cuda/cuda_inspect_views.cpp).
  void finish_view_on_host(const RenderSettings& settings, Image& out, FrameStats& stats);

  std::unique_ptr<State> state_;
  std::unique_ptr<Renderer> views_on_cpu_;  // made on the first centres or ellipses view
  std::vector<float> depths_, depth_scratch_;  // the depth view's, as the CPU renderer's
  std::string description_;
  std::string last_failure_;
  std::string last_logged_error_;
  bool log_failures_ = true;  // self_check reports through its result instead
};

}  // namespace splatview
