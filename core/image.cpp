#include "core/image.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include <stb_image_write.h>

namespace splatview {

std::uint8_t to_8bit(float v) {
  const float clamped = std::clamp(v, 0.0f, 1.0f);  // NaN: clamp keeps it, so test below
  if (!(clamped == clamped)) return 0;
  return static_cast<std::uint8_t>(std::lround(clamped * 255.0f));
}

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

void write_to_file(void* context, void* data, int size) {
  std::FILE* file = static_cast<std::FILE*>(context);
  std::fwrite(data, 1, static_cast<std::size_t>(size), file);
}

}  // namespace

std::optional<Error> write_png(const std::filesystem::path& path, const Image8& image) {
  const std::string name = path.string();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(name.c_str(), "wb"), &std::fclose);
  if (!file) return Error{name, std::string("cannot write the PNG (") + std::strerror(errno) + ")",
                          "check that the folder exists and is writable"};
  const int ok = stbi_write_png_to_func(write_to_file, file.get(), image.width, image.height, image.channels,
                                        image.pixels.data(), image.width * image.channels);
  const bool flushed = std::fflush(file.get()) == 0 && !std::ferror(file.get());
  if (!ok || !flushed) {
    file.reset();
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return Error{name, "failed while writing the PNG", "check the free disk space"};
  }
  return std::nullopt;
}

}  // namespace splatview
