#pragma once
// The rendered image on the GPU: a texture the renderer's output is uploaded to, and the small
// shader (shaders/present.*) that draws it into the scene's part of the window.
#include <functional>
#include <string>

#include "core/image.h"

namespace splatview {

class SceneTexture {
 public:
  SceneTexture() = default;
  SceneTexture(const SceneTexture&) = delete;
  SceneTexture& operator=(const SceneTexture&) = delete;
  ~SceneTexture();

  // Compiles the shader; false with `error` set when the GL driver refuses it.
  bool create(std::string& error);
  // Uploads an 8-bit RGB image (glTexSubImage2D; the storage is reallocated when the size changes).
  void upload(const Image8& image);
  // Makes the storage RGBA8 of exactly this size (for a frame copied in from GPU memory).
  void allocate(int width, int height);
  unsigned name() const { return texture_; }
  // Called just before the storage is reallocated: a texture registered with CUDA must be
  // unregistered first.
  void on_storage_change(std::function<void()> callback) { before_reallocation_ = std::move(callback); }
  // Draws the texture into the viewport rectangle (GL pixels, origin bottom-left).
  void draw(int x, int y, int width, int height) const;
  bool has_image() const { return width_ > 0; }

 private:
  unsigned program_ = 0, texture_ = 0, vertex_array_ = 0;
  int width_ = 0, height_ = 0;
  std::function<void()> before_reallocation_;
};

}  // namespace splatview
