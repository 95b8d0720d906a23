#include "app/window/direct_upload.h"

#if defined(SPLATVIEW_HAVE_CUDA)
#include <atomic>

#include "cuda/cuda_renderer.h"
#include "cuda/gl_interop.h"
#endif

namespace splatview {

#if defined(SPLATVIEW_HAVE_CUDA)

namespace {

class CudaGlUpload final : public DirectUpload {
 public:
  bool render_on_device(Renderer& renderer, const GaussianScene& scene, const Camera& camera,
                        const RenderSettings& settings, FrameStats& stats) override {
    auto* cuda = dynamic_cast<CudaRenderer*>(&renderer);
    return cuda != nullptr && available() && cuda->render_on_device(scene, camera, settings, stats);
  }

  bool copy_to_texture(const Renderer& renderer, unsigned texture, std::string& error) override {
    const auto* cuda = dynamic_cast<const CudaRenderer*>(&renderer);
    if (cuda == nullptr) {
      error = "the frame's renderer is not the CUDA renderer";
      return false;
    }
    const bool copied = texture_.copy_frame(*cuda, texture, error);
    if (!texture_.available()) available_ = false;
    return copied;
  }

  bool available() const override { return available_; }
  void release() override { texture_.release(); }

 private:
  CudaGlTexture texture_;              // UI thread only
  std::atomic<bool> available_{true};  // read by the render thread
};

}  // namespace

std::unique_ptr<DirectUpload> make_direct_upload() { return std::make_unique<CudaGlUpload>(); }

#else

std::unique_ptr<DirectUpload> make_direct_upload() { return nullptr; }

#endif

}  // namespace splatview
