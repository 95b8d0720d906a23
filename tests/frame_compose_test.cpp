// Comparison frames (issue 14): split and side-by-side frames are made of exactly the pixels of
// each scene rendered alone, and a comparison of a scene with itself, with no line and no labels,
// is that scene's frame bit for bit.
#include "app/frame_compose.h"

#include <gtest/gtest.h>

#include "app/frame_labels.h"
#include "render/cpu_renderer.h"
#include "tests/support/test_scenes.h"

namespace splatview::test {
namespace {

const GaussianScene& scene_a() { return cached_shared_scene("playbot-31k-sh1.ply"); }
const GaussianScene& scene_b() { return cached_shared_scene("playbot-3k-sh2-nonormals-altorder.ply"); }

std::shared_ptr<const GaussianScene> shared(const GaussianScene& scene) {
  return std::shared_ptr<const GaussianScene>(&scene, [](const GaussianScene*) {});
}

Image8 alone(const GaussianScene& scene, const Camera& camera) {
  CpuRenderer renderer(2);
  auto frame = compose_frame(renderer, scene, FrameLook{}, camera);
  EXPECT_TRUE(frame.ok());
  return frame.value();
}

FrameLook comparing(const GaussianScene& b, CompareLayout layout) {
  FrameLook look;
  Comparison comparison;
  comparison.scene = shared(b);
  comparison.layout = layout;
  comparison.draw_line = false;
  look.comparison = comparison;
  return look;
}

// The pixel (x, y) of an 8-bit image, as its channels packed in one integer.
std::uint32_t pixel(const Image8& image, int x, int y) {
  std::uint32_t value = 0;
  for (int c = 0; c < image.channels; ++c)
    value = value << 8 | image.pixels[(static_cast<std::size_t>(y) * image.width + x) * image.channels + c];
  return value;
}

TEST(CompareFrames, ASceneSplitAgainstItselfWithNoLineIsTheSceneBitForBit) {
  const Camera camera = playbot_front(96, 54);
  CpuRenderer renderer(2);
  auto frame = compose_frame(renderer, scene_a(), comparing(scene_a(), CompareLayout::kSplit), camera);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(frame.value().pixels, alone(scene_a(), camera).pixels);
}

TEST(CompareFrames, SplitIsALeftOfTheLineAndBRightOfIt) {
  const Camera camera = playbot_front(96, 54);
  const Image8 a = alone(scene_a(), camera), b = alone(scene_b(), camera);
  for (float line : {0.0f, 0.3f, 0.5f, 1.0f}) {
    FrameLook look = comparing(scene_b(), CompareLayout::kSplit);
    look.comparison->line = line;
    CpuRenderer renderer(2);
    auto frame = compose_frame(renderer, scene_a(), look, camera);
    ASSERT_TRUE(frame.ok());
    const int column = split_column(*look.comparison, camera.width, 0.0);
    EXPECT_EQ(column, static_cast<int>(std::lround(line * camera.width)));
    int differing = 0;
    for (int y = 0; y < camera.height; ++y)
      for (int x = 0; x < camera.width; ++x)
        differing += pixel(frame.value(), x, y) != pixel(x < column ? a : b, x, y);
    EXPECT_EQ(differing, 0) << "line " << line;
  }
  EXPECT_NE(a.pixels, b.pixels);  // the two scenes really differ, so the test can fail
}

TEST(CompareFrames, SideBySideHalvesAreEachSceneAtHalfTheWidth) {
  const Camera camera = playbot_front(97, 54);  // odd: A gets 48 columns, B 49
  CpuRenderer renderer(2);
  auto frame = compose_frame(renderer, scene_a(), comparing(scene_b(), CompareLayout::kSide), camera);
  ASSERT_TRUE(frame.ok());
  Camera left = camera, right = camera;
  left.width = 48;
  right.width = 49;
  const Image8 a = alone(scene_a(), left), b = alone(scene_b(), right);
  int differing = 0;
  for (int y = 0; y < camera.height; ++y)
    for (int x = 0; x < camera.width; ++x)
      differing += pixel(frame.value(), x, y) != (x < 48 ? pixel(a, x, y) : pixel(b, x - 48, y));
  EXPECT_EQ(differing, 0);
}

TEST(CompareFrames, TheSweepGoesAcrossAndBackAndTheLineIsDrawn) {
  Comparison comparison;
  comparison.sweep = true;
  EXPECT_EQ(split_column(comparison, 1000, 0.0), 100);
  EXPECT_EQ(split_column(comparison, 1000, 0.5), 900);
  EXPECT_EQ(split_column(comparison, 1000, 1.0), 100);  // a looping video ends where it began
  const Camera camera = playbot_front(96, 54);
  FrameLook look = comparing(scene_a(), CompareLayout::kSplit);
  look.comparison->draw_line = true;
  CpuRenderer renderer(2);
  auto frame = compose_frame(renderer, scene_a(), look, camera);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(pixel(frame.value(), 48, 0), 0xFFFFFFu);  // a white line at the split
}

TEST(CompareFrames, LabelsAreDrawnInTheirCornersOnly) {
  Image8 image{200, 100, 3, std::vector<std::uint8_t>(200 * 100 * 3, 0)};
  if (!draw_label(image, "Ours", LabelAnchor::kTopRight)) GTEST_SKIP() << "no font at " << label_font_path();
  int left_lit = 0, right_lit = 0, bottom_lit = 0;
  for (int y = 0; y < 100; ++y)
    for (int x = 0; x < 200; ++x) {
      const bool lit = image.pixels[(static_cast<std::size_t>(y) * 200 + x) * 3] > 128;
      (y >= 50 ? bottom_lit : x < 100 ? left_lit : right_lit) += lit;
    }
  EXPECT_GT(right_lit, 20);
  EXPECT_EQ(left_lit, 0);
  EXPECT_EQ(bottom_lit, 0);
}

}  // namespace
}  // namespace splatview::test
