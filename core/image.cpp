#include "core/image.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <stb_image_write.h>

#include "core/safe_write.h"

namespace splatview {

Image8 to_8bit_image(const Image& image, bool transparent) {
  Image8 out;
  out.width = image.width;
  out.height = image.height;
  out.channels = transparent ? 4 : 3;
  const std::size_t n = static_cast<std::size_t>(image.width) * image.height;
  out.pixels.resize(n * out.channels);
  for (std::size_t i = 0; i < n; ++i) {
    const float alpha = image.alpha[i];
    const float unpremultiply = (transparent && alpha > 0.0f) ? 1.0f / alpha : 1.0f;
    for (int c = 0; c < 3; ++c) out.pixels[i * out.channels + c] = to_8bit(image.rgb[3 * i + c] * unpremultiply);
    if (transparent) out.pixels[i * 4 + 3] = to_8bit(alpha);
  }
  return out;
}

namespace {

void append_to_string(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

}  // namespace

std::optional<Error> write_png(const std::filesystem::path& path, const Image8& image) {
  std::string bytes;
  if (!stbi_write_png_to_func(append_to_string, &bytes, image.width, image.height, image.channels,
                              image.pixels.data(), image.width * image.channels))
    return Error{path.string(), "cannot encode the PNG", "this is a bug in splatview"};
  return write_file_safely(path, bytes);
}

}  // namespace splatview
