#include "cuda/gl_interop.h"

// glad first: glad refuses a GL header included before it, and cuda_gl_interop.h includes one.
// This is the only file with this pair.
#include <glad/gl.h>
#include <cuda_gl_interop.h>

#include <cstdio>

namespace splatview {

namespace {

std::string cuda_failure(const char* call, cudaError_t result) {
  cudaGetLastError();  // interop errors are not sticky: clear it so later CUDA calls are unaffected
  return std::string(call) + " failed: " + cudaGetErrorString(result);
}

}  // namespace

CudaGlTexture::~CudaGlTexture() { release(); }

void CudaGlTexture::release() {
  if (resource_ != nullptr) cudaGraphicsUnregisterResource(static_cast<cudaGraphicsResource_t>(resource_));
  resource_ = nullptr;
  texture_ = 0;
  width_ = height_ = 0;
}

bool CudaGlTexture::give_up(const std::string& why, std::string& error) {
  release();
  reason_ = why;
  error = why;
  std::fprintf(stderr, "splatview: CUDA-GL interop unavailable (%s): frames go through host memory and glTexSubImage2D\n",
               why.c_str());
  return false;
}

bool CudaGlTexture::copy_frame(const CudaRenderer& renderer, unsigned int texture, std::string& error) {
  if (!reason_.empty()) {
    error = reason_;
    return false;
  }
  const CudaRenderer::DeviceFrame frame = renderer.device_frame();
  if (frame.rgba8 == nullptr || frame.width <= 0 || frame.height <= 0) {
    error = "no device frame to copy (render_on_device failed or was not called)";
    return false;
  }

  // The texture must be RGBA8 of the frame's size; a mismatch is the caller's to fix, not a reason
  // to give up on interop.
  GLint width = 0, height = 0, format = 0;
  glGetTextureLevelParameteriv(texture, 0, GL_TEXTURE_WIDTH, &width);
  glGetTextureLevelParameteriv(texture, 0, GL_TEXTURE_HEIGHT, &height);
  glGetTextureLevelParameteriv(texture, 0, GL_TEXTURE_INTERNAL_FORMAT, &format);
  if (width != frame.width || height != frame.height || format != GL_RGBA8) {
    error = "texture " + std::to_string(texture) + " is " + std::to_string(width) + "x" + std::to_string(height) +
            (format == GL_RGBA8 ? " RGBA8" : " not RGBA8") + ", the frame " + std::to_string(frame.width) + "x" +
            std::to_string(frame.height) + " RGBA8";
    return false;
  }

  if (resource_ == nullptr || texture != texture_ || width != width_ || height != height_) {
    release();
    cudaGraphicsResource_t resource = nullptr;
    const cudaError_t registered =
        cudaGraphicsGLRegisterImage(&resource, texture, GL_TEXTURE_2D, cudaGraphicsRegisterFlagsWriteDiscard);
    if (registered != cudaSuccess) return give_up(cuda_failure("cudaGraphicsGLRegisterImage", registered), error);
    resource_ = resource;
    texture_ = texture;
    width_ = width;
    height_ = height;
  }

  auto resource = static_cast<cudaGraphicsResource_t>(resource_);
  if (const cudaError_t mapped = cudaGraphicsMapResources(1, &resource, nullptr); mapped != cudaSuccess)
    return give_up(cuda_failure("cudaGraphicsMapResources", mapped), error);
  cudaArray_t array = nullptr;
  cudaError_t result = cudaGraphicsSubResourceGetMappedArray(&array, resource, 0, 0);
  const char* failed_call = "cudaGraphicsSubResourceGetMappedArray";
  if (result == cudaSuccess) {
    // Row 0 of the frame is the top of the image, as in the host path's glTexSubImage2D upload.
    const std::size_t row_bytes = static_cast<std::size_t>(frame.width) * 4;
    result = cudaMemcpy2DToArray(array, 0, 0, frame.rgba8, row_bytes, row_bytes, static_cast<std::size_t>(frame.height),
                                 cudaMemcpyDeviceToDevice);
    failed_call = "cudaMemcpy2DToArray";
  }
  if (result == cudaSuccess) {
    // A device-to-device copy may return before it ran, and the renderer's next frame runs on a
    // stream that does not wait for this one: finish the copy before the frame buffer is reused.
    result = cudaStreamSynchronize(nullptr);
    failed_call = "cudaStreamSynchronize";
  }
  // Unmapping orders the copy before any later GL use of the texture.
  const cudaError_t unmapped = cudaGraphicsUnmapResources(1, &resource, nullptr);
  if (result != cudaSuccess) return give_up(cuda_failure(failed_call, result), error);
  if (unmapped != cudaSuccess) return give_up(cuda_failure("cudaGraphicsUnmapResources", unmapped), error);
  return true;
}

}  // namespace splatview
