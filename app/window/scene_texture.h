#pragma once
// The rendered image on the GPU: a texture the renderer's output is uploaded to, and the small
// shader (shaders/present.*) that draws it into the scene's part of the window.
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
  // Uploads an 8-bit RGB image (glTexSubImage2D; the texture grows as needed).
  void upload(const Image8& image);
  // Draws the texture into the viewport rectangle (GL pixels, origin bottom-left).
  void draw(int x, int y, int width, int height) const;
  bool has_image() const { return width_ > 0; }

 private:
  unsigned program_ = 0, texture_ = 0, vertex_array_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace splatview
