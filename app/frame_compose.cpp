#include "app/frame_compose.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "app/frame_labels.h"

namespace splatview {

namespace {

Result<Image8> render_8bit(Renderer& renderer, const GaussianScene& scene, const FrameLook& look, const Camera& camera,
                           FrameStats* stats_out = nullptr) {
  RenderSettings settings = look.settings;
  // Transparent output is rendered on black: the colour is then premultiplied by coverage.
  if (look.transparent) settings.background[0] = settings.background[1] = settings.background[2] = 0.0f;
  Image image;
  FrameStats stats;
  renderer.render(scene, camera, settings, image, stats);
  if (!renderer.last_failure().empty()) return render_failure(renderer);
  if (stats_out) *stats_out = stats;
  return to_8bit_image(image, look.transparent);
}

// Copies columns [x0, x1) of `from` into `to` at column `at` (same height and channels).
void copy_columns(const Image8& from, int x0, int x1, Image8& to, int at) {
  const int c = from.channels;
  for (int y = 0; y < from.height; ++y) {
    const auto* src = from.pixels.data() + (static_cast<std::size_t>(y) * from.width + x0) * c;
    auto* dst = to.pixels.data() + (static_cast<std::size_t>(y) * to.width + at) * c;
    std::copy(src, src + static_cast<std::size_t>(x1 - x0) * c, dst);
  }
}

// A 2-pixel white line with a dark pixel either side, visible on any background.
void draw_split_line(Image8& image, int column) {
  const int c = image.channels;
  for (int dx = -2; dx <= 1; ++dx) {
    const int x = column + dx;
    if (x < 0 || x >= image.width) continue;
    const std::uint8_t value = (dx == -2 || dx == 1) ? 40 : 255;
    for (int y = 0; y < image.height; ++y) {
      auto* p = image.pixels.data() + (static_cast<std::size_t>(y) * image.width + x) * c;
      p[0] = p[1] = p[2] = value;
      if (c == 4) p[3] = 255;
    }
  }
}

}  // namespace

int split_column(const Comparison& comparison, int width, double progress) {
  double fraction = comparison.line;
  if (comparison.sweep) fraction = 0.5 - 0.4 * std::cos(2.0 * std::numbers::pi * progress);
  return std::clamp(static_cast<int>(std::lround(fraction * width)), 0, width);
}

Result<Image8> compose_frame(Renderer& renderer, const GaussianScene& a, const FrameLook& look, const Camera& camera,
                             double progress, FrameStats* stats) {
  if (!look.comparison) return render_8bit(renderer, a, look, camera, stats);
  const Comparison& compare = *look.comparison;
  Image8 frame;
  if (compare.layout == CompareLayout::kSplit) {
    auto left = render_8bit(renderer, a, look, camera, stats);
    if (!left) return left.error();
    auto right = render_8bit(renderer, *compare.scene, look, camera);
    if (!right) return right.error();
    frame = std::move(left.value());
    const int column = split_column(compare, camera.width, progress);
    copy_columns(right.value(), column, camera.width, frame, column);
    if (compare.draw_line) draw_split_line(frame, column);
  } else {
    // Each half has the full height and half the width, with the same vertical field of view.
    Camera half = camera;
    half.width = camera.width / 2;
    auto left = render_8bit(renderer, a, look, half, stats);
    if (!left) return left.error();
    Camera right_half = half;
    right_half.width = camera.width - half.width;
    auto right = render_8bit(renderer, *compare.scene, look, right_half);
    if (!right) return right.error();
    frame.width = camera.width;
    frame.height = camera.height;
    frame.channels = left.value().channels;
    frame.pixels.resize(static_cast<std::size_t>(frame.width) * frame.height * frame.channels);
    copy_columns(left.value(), 0, half.width, frame, 0);
    copy_columns(right.value(), 0, right_half.width, frame, half.width);
  }
  if (compare.labels.size() == 2) {
    // A's at the top left, B's right-aligned at the top right: over the side each scene shows.
    draw_label(frame, compare.labels[0], LabelAnchor::kTopLeft);
    draw_label(frame, compare.labels[1], LabelAnchor::kTopRight);
  }
  return frame;
}

}  // namespace splatview
