#pragma once
// Rendered images and PNG writing.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/color_rules.h"
#include "core/result.h"

namespace splatview {

// A float image, row 0 at the top: final colour (background included) and coverage.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<float> rgb;    // 3 per pixel
  std::vector<float> alpha;  // 1 per pixel: 1 - final transmittance

  void resize(int w, int h) {
    width = w;
    height = h;
    rgb.resize(static_cast<std::size_t>(w) * h * 3);
    alpha.resize(static_cast<std::size_t>(w) * h);
  }
};

// An 8-bit image with 3 (RGB) or 4 (RGBA, straight alpha) channels.
struct Image8 {
  int width = 0;
  int height = 0;
  int channels = 3;
  std::vector<std::uint8_t> pixels;
};

// RGB: the colour as rendered. RGBA (`transparent`): the image must have been rendered on a
// black background, so its colour is premultiplied; it is stored straight (colour / alpha) with
// alpha = 1 - T, so compositing the PNG over any background B gives C + T * B.
Image8 to_8bit_image(const Image& image, bool transparent);

// Writes a PNG safely (core/safe_write.h): a failure leaves any file that was there untouched.
std::optional<Error> write_png(const std::filesystem::path& path, const Image8& image);

}  // namespace splatview
