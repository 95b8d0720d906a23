#pragma once
// CUDA-OpenGL interop for the window: copies CudaRenderer's device frame straight into a GL
// texture (registered with CUDA once, then map, copy, unmap each frame), with no trip through host
// memory. Where interop is not available (no NVIDIA GL driver: Mesa, or a laptop whose display
// runs on another GPU) the first attempt logs one line saying why and every later call returns
// false at once: the caller then renders to the host and uploads with glTexSubImage2D.
// Plain C++ (no GL or CUDA types here); every call needs the GL context current on its thread.
// Built as the splatview_cuda_gl target, in builds with CUDA only.
#include <string>

#include "cuda/cuda_renderer.h"

namespace splatview {

class CudaGlTexture {
 public:
  CudaGlTexture() = default;
  CudaGlTexture(const CudaGlTexture&) = delete;
  CudaGlTexture& operator=(const CudaGlTexture&) = delete;
  ~CudaGlTexture();  // unregisters: the GL context must still be current

  // Copies renderer.device_frame() (after a successful render_on_device) into `texture`, a
  // GL_TEXTURE_2D whose level 0 is GL_RGBA8 of exactly the frame's size: the caller allocates it
  // (glTexImage2D) and reallocates it when the size changes. The texture is registered on first
  // use and again when its name or size changes. The renderer must not be rendering meanwhile.
  // False, with `error` saying why, when this frame must take the host path.
  bool copy_frame(const CudaRenderer& renderer, unsigned int texture, std::string& error);

  // False once interop has failed in this process; unavailable_reason() says why.
  bool available() const { return reason_.empty(); }
  const std::string& unavailable_reason() const { return reason_; }

  // Unregisters the texture: call before deleting it or reallocating its storage yourself.
  void release();

 private:
  bool give_up(const std::string& why, std::string& error);

  void* resource_ = nullptr;  // cudaGraphicsResource_t of the registered texture
  unsigned int texture_ = 0;
  int width_ = 0, height_ = 0;
  std::string reason_;  // why interop is unavailable; empty while it works
};

}  // namespace splatview
