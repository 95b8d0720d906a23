#include "app/window/scene_texture.h"

#include <glad/gl.h>

#include "shaders_embedded.h"

namespace splatview {

namespace {

unsigned compile(GLenum type, const char* source, std::string& error) {
  const unsigned shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  int ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    error = std::string("shader compile failed: ") + log;
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

SceneTexture::~SceneTexture() {
  if (program_) glDeleteProgram(program_);
  if (texture_) glDeleteTextures(1, &texture_);
  if (vertex_array_) glDeleteVertexArrays(1, &vertex_array_);
}

bool SceneTexture::create(std::string& error) {
  const unsigned vertex = compile(GL_VERTEX_SHADER, kPresentVertexShader, error);
  const unsigned fragment = vertex ? compile(GL_FRAGMENT_SHADER, kPresentFragmentShader, error) : 0;
  if (!vertex || !fragment) return false;
  program_ = glCreateProgram();
  glAttachShader(program_, vertex);
  glAttachShader(program_, fragment);
  glLinkProgram(program_);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  int ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    error = "shader link failed";
    return false;
  }
  glGenVertexArrays(1, &vertex_array_);  // core profiles need one bound even without attributes
  glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  return true;
}

void SceneTexture::allocate(int width, int height) {
  if (width == width_ && height == height_) return;
  if (before_reallocation_) before_reallocation_();
  glBindTexture(GL_TEXTURE_2D, texture_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  width_ = width;
  height_ = height;
}

void SceneTexture::upload(const Image8& image) {
  allocate(image.width, image.height);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  const GLenum format = image.channels == 4 ? GL_RGBA : GL_RGB;
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, image.width, image.height, format, GL_UNSIGNED_BYTE, image.pixels.data());
}

void SceneTexture::draw(int x, int y, int width, int height) const {
  if (!has_image() || width <= 0 || height <= 0) return;
  glViewport(x, y, width, height);
  glUseProgram(program_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glUniform1i(glGetUniformLocation(program_, "image"), 0);
  glBindVertexArray(vertex_array_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace splatview
