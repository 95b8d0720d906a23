#pragma once
// Frames that go from the renderer to the window's texture without a trip through host memory:
// CUDA-OpenGL interop for the CUDA renderer (cuda/gl_interop.h). Where there is no such path (a
// build without CUDA, the CPU renderer, a display not driven by the NVIDIA GL driver) the window
// renders to host memory and uploads with glTexSubImage2D instead.
#include <memory>
#include <string>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "render/renderer.h"

namespace splatview {

class DirectUpload {
 public:
  virtual ~DirectUpload() = default;

  // Render thread: renders the frame and leaves it in GPU memory, when `renderer` can. False when
  // this frame must take the host path instead.
  virtual bool render_on_device(Renderer& renderer, const GaussianScene& scene, const Camera& camera,
                                const RenderSettings& settings, FrameStats& stats) = 0;

  // UI thread, GL context current: copies `renderer`'s frame from GPU memory into `texture`
  // (RGBA8 of the frame's size). The renderer must not render meanwhile. False, with `error`, when
  // the frame did not arrive.
  virtual bool copy_to_texture(const Renderer& renderer, unsigned texture, std::string& error) = 0;

  // False once the path has failed for good (it logged one line saying why).
  virtual bool available() const = 0;

  // Lets go of the texture: call with the GL context current, before it is destroyed or its
  // storage is reallocated.
  virtual void release() = 0;
};

// The CUDA-GL path in builds with CUDA, else nullptr.
std::unique_ptr<DirectUpload> make_direct_upload();

}  // namespace splatview
