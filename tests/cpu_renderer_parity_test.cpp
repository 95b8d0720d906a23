// CpuRenderer against the independent brute-force reference (tests/support/reference_renderer)
// on real scenes (DESIGN "Parity": within 1/255 per channel), and the CPU renderer's own
// guarantees: the image does not depend on the thread count or on earlier frames.
#include "render/cpu_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <string>

#include <glm/geometric.hpp>
#include <gtest/gtest.h>

#include "core/camera.h"
#include "core/ply_reader.h"
#include "tests/support/reference_renderer.h"
#include "tests/support/test_paths.h"
#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

using test::look_at;
using test::playbot_front;
using test::train_view;

constexpr const char* kTrain = "voxel51-train-first1000-sh3.ply";
constexpr const char* kPlaybot3k = "playbot-3k-sh2-nonormals-altorder.ply";
constexpr const char* kPlaybot31k = "playbot-31k-sh1.ply";
constexpr const char* kSynthetic = "synthetic";  // built in code, no loader needed

// A scene of random Gaussians around the origin that exercises the awkward cases: SH degree 3,
// strongly anisotropic and rotated, some at or behind the near plane, some far outside the
// frustum (the Jacobian clamp), some tiny, some huge, opacities up to 1.
GaussianScene synthetic_scene() {
  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> unit(-1, 1);
  std::uniform_real_distribution<float> zero_one(0, 1);
  GaussianScene scene;
  scene.sh_degree = 3;
  const std::size_t n = 3000;
  scene.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float spread = (i % 10 == 0) ? 6.0f : 1.2f;  // every tenth one far off to the side or behind
    scene.positions[3 * i] = spread * unit(rng);
    scene.positions[3 * i + 1] = spread * unit(rng);
    scene.positions[3 * i + 2] = (i % 10 == 0) ? 4.0f * unit(rng) - 3.0f : 1.2f * unit(rng);
    for (int k = 0; k < 3; ++k) scene.scales[3 * i + k] = std::exp(-5.0f + 4.0f * zero_one(rng));
    if (i % 97 == 0) scene.scales[3 * i] = 1.5f;  // a few huge ones
    float q[4], len2 = 0;
    for (float& c : q) {
      c = unit(rng);
      len2 += c * c;
    }
    for (int k = 0; k < 4; ++k) scene.rotations[4 * i + k] = q[k] / std::sqrt(len2);
    scene.opacities[i] = (i % 7 == 0) ? 1.0f : zero_one(rng);
    for (int k = 0; k < 16 * 3; ++k) scene.sh[48 * i + k] = (k < 3 ? 1.5f : 0.4f) * unit(rng);
  }
  return scene;
}

// Gaussians too transparent to show (opacity < kMinAlpha): the renderer culls them, the reference
// counts them as visible where they touch a tile.
std::size_t transparent_count(const GaussianScene& scene) {
  return static_cast<std::size_t>(
      std::count_if(scene.opacities.begin(), scene.opacities.end(), [](float o) { return o < kMinAlpha; }));
}

// The synthetic scene, or a shared one; each made or loaded once per test binary.
const GaussianScene& scene_named(const std::string& name) {
  if (name != kSynthetic) return test::cached_shared_scene(name);
  static const GaussianScene synthetic = synthetic_scene();
  return synthetic;
}

// PLAYBOT (-y up, about 1.9 units across, standing on y = 0) on orbits.
Camera playbot_orbit(float azimuth, float elevation, int width, int height) {
  return orbit_camera({{0, -0.4f, 0}, {0, -1, 0}, azimuth, elevation, 3.3f, 50}, width, height);
}

struct ParityCase {
  const char* name;
  const char* scene;
  Camera camera;
  int sh_degree;
  float background[3];
  float scale_modifier;
};

std::ostream& operator<<(std::ostream& os, const ParityCase& c) { return os << c.name; }

const ParityCase kCases[] = {
    {"train_sh3_64x48", kTrain, train_view(64, 48), 3, {0, 0, 0}, 1.0f},
    {"train_sh2_bg_mod05_97x61", kTrain, train_view(97, 61), 2, {0.25f, 0.5f, 0.75f}, 0.5f},
    {"train_sh1_mod15_97x61", kTrain, train_view(97, 61), 1, {0, 0, 0}, 1.5f},
    {"train_sh0_white_64x48", kTrain, train_view(64, 48), 0, {1, 1, 1}, 1.0f},
    {"playbot3k_front_sh2_97x61", kPlaybot3k, playbot_front(97, 61), 2, {0, 0, 0}, 1.0f},
    {"playbot3k_orbit_sh1_grey_mod15_64x48", kPlaybot3k, playbot_orbit(60, 20, 64, 48), 1, {0.2f, 0.2f, 0.2f},
     1.5f},
    {"playbot31k_front_sh1_64x48", kPlaybot31k, playbot_front(64, 48), 1, {0, 0, 0}, 1.0f},
    {"playbot31k_front_sh0_bg_mod05_97x61", kPlaybot31k, playbot_front(97, 61), 0, {0.1f, 0.3f, 0.6f}, 0.5f},
    {"playbot31k_orbit60_sh1_mod15_97x61", kPlaybot31k, playbot_orbit(60, 20, 97, 61), 1, {0, 0, 0}, 1.5f},
    {"playbot31k_orbit210_sh1_white_64x48", kPlaybot31k, playbot_orbit(210, -15, 64, 48), 1, {1, 1, 1}, 1.0f},
    {"synthetic_sh3_bg_97x61", kSynthetic, look_at({0, 0, -3}, {0, 0, 0}, 97, 61), 3, {0.3f, 0.1f, 0.2f}, 1.0f},
    {"synthetic_sh3_mod15_64x48", kSynthetic, look_at({0.5f, -0.3f, -2.5f}, {0, 0, 0}, 64, 48), 3, {0, 0, 0},
     1.5f},
};

struct Comparison {
  double max_abs = 0;        // over colour channels
  double max_abs_alpha = 0;  // over the coverage channel
  double within = 0;         // fraction of colour channel values within 1/255
  double psnr = 0;           // dB, peak 1
};

Comparison compare(const Image& got, const Image& want) {
  Comparison c;
  std::size_t close = 0;
  double squared = 0;
  for (std::size_t i = 0; i < want.rgb.size(); ++i) {
    const double d = std::abs(static_cast<double>(got.rgb[i]) - want.rgb[i]);
    c.max_abs = std::max(c.max_abs, d);
    close += d <= 1.0 / 255.0;
    squared += d * d;
  }
  for (std::size_t i = 0; i < want.alpha.size(); ++i)
    c.max_abs_alpha = std::max(c.max_abs_alpha, std::abs(static_cast<double>(got.alpha[i]) - want.alpha[i]));
  c.within = static_cast<double>(close) / static_cast<double>(want.rgb.size());
  const double mse = squared / static_cast<double>(want.rgb.size());
  c.psnr = mse > 0 ? 10 * std::log10(1.0 / mse) : std::numeric_limits<double>::infinity();
  return c;
}

RenderSettings settings_for(const ParityCase& c) {
  RenderSettings s;
  std::copy(c.background, c.background + 3, s.background);
  s.max_sh_degree = c.sh_degree;
  s.scale_modifier = c.scale_modifier;
  return s;
}

class CpuRendererParity : public testing::TestWithParam<ParityCase> {};

TEST_P(CpuRendererParity, MatchesTheReferenceWithin1Over255) {
  const ParityCase& c = GetParam();
  const GaussianScene& scene = scene_named(c.scene);
  ASSERT_GT(scene.count(), 0u);

  CpuRenderer renderer(2);
  Image image;
  FrameStats stats;
  renderer.render(scene, c.camera, settings_for(c), image, stats);
  test::ReferenceStats ref_stats;
  const Image reference =
      test::render_reference(scene, c.camera, c.background, c.scale_modifier, c.sh_degree, &ref_stats);
  ASSERT_EQ(image.width, c.camera.width);
  ASSERT_EQ(image.height, c.camera.height);
  ASSERT_EQ(image.rgb.size(), reference.rgb.size());

  // The view must show something: a nearly empty image would make the comparison vacuous.
  const auto covered = std::count_if(reference.alpha.begin(), reference.alpha.end(), [](float a) { return a > 0.02f; });
  EXPECT_GT(static_cast<double>(covered), 0.1 * static_cast<double>(reference.alpha.size()))
      << "the view sees too little of the scene";
  EXPECT_GT(ref_stats.visible, scene.count() / 20);

  const Comparison cmp = compare(image, reference);
  std::printf("[ parity   ] %-40s visible %6zu/%-6zu max|d| %.3g (alpha %.3g)  within 1/255 %.4f%%  PSNR %.1f dB\n",
              c.name, stats.visible, scene.count(), cmp.max_abs, cmp.max_abs_alpha, 100 * cmp.within, cmp.psnr);
  RecordProperty("max_abs_diff", std::to_string(cmp.max_abs));
  RecordProperty("within_1_255_percent", std::to_string(100 * cmp.within));
  RecordProperty("psnr_db", std::to_string(cmp.psnr));
  EXPECT_GE(cmp.within, 0.999);
  EXPECT_GE(cmp.psnr, 50.0);
  EXPECT_LE(cmp.max_abs_alpha, 0.5) << "coverage differs wildly somewhere";

  // FrameStats: consistent in itself and with what the reference counted (a Gaussian on the edge
  // of a rounding decision may go either way, hence the slack of 2 + 0.2 %).
  EXPECT_LE(stats.visible, scene.count());
  EXPECT_GE(stats.tile_entries, stats.visible);
  const auto slack = [](std::size_t n) { return 2 + n / 500; };
  EXPECT_LE(stats.visible, ref_stats.visible + slack(ref_stats.visible));
  EXPECT_GE(stats.visible + transparent_count(scene) + slack(ref_stats.visible), ref_stats.visible);
  // Snug lists: never more entries than the reference's squares, and on these scenes fewer.
  EXPECT_LT(stats.tile_entries, ref_stats.tile_entries);
}

INSTANTIATE_TEST_SUITE_P(RealAndSyntheticScenes, CpuRendererParity, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<ParityCase>& param) { return std::string(param.param.name); });

bool bit_identical(const Image& a, const Image& b) {
  return a.width == b.width && a.height == b.height && a.rgb == b.rgb && a.alpha == b.alpha;
}

Image render_with(CpuRenderer& renderer, const GaussianScene& scene, const Camera& camera,
                  const RenderSettings& settings = {}) {
  Image image;
  FrameStats stats;
  renderer.render(scene, camera, settings, image, stats);
  return image;
}

TEST(CpuRendererDeterminism, ImageDoesNotDependOnThreadCount) {
  // 31,000 Gaussians span several binning chunks; 257 x 129 has 17 x 9 tiles, partial at the edges.
  const GaussianScene& scene = scene_named(kPlaybot31k);
  ASSERT_GT(scene.count(), 0u);
  RenderSettings settings;
  settings.background[1] = 0.4f;
  for (const Camera& camera : {playbot_front(257, 129), playbot_orbit(120, 35, 257, 129)}) {
    CpuRenderer one(1), two(2), seven(7);
    const Image a = render_with(one, scene, camera, settings);
    const Image b = render_with(two, scene, camera, settings);
    const Image c = render_with(seven, scene, camera, settings);
    EXPECT_TRUE(bit_identical(a, b)) << "1 vs 2 threads";
    EXPECT_TRUE(bit_identical(a, c)) << "1 vs 7 threads";
  }
}

TEST(CpuRendererDeterminism, RenderingAgainGivesTheSameImage) {
  const GaussianScene& scene = scene_named(kPlaybot31k);
  ASSERT_GT(scene.count(), 0u);
  CpuRenderer renderer(2);
  const Camera camera = playbot_front(97, 61);
  const Image first = render_with(renderer, scene, camera);
  const Image second = render_with(renderer, scene, camera);
  EXPECT_TRUE(bit_identical(first, second)) << "same renderer, same frame twice";
  // Buffers kept from a larger frame of another scene must not leak into this one.
  render_with(renderer, scene_named(kSynthetic), look_at({0, 0, -3}, {0, 0, 0}, 300, 200));
  const Image after_other = render_with(renderer, scene, camera);
  EXPECT_TRUE(bit_identical(first, after_other)) << "after a larger frame of another scene";
  // Rendering into an image that held another size resizes it.
  Image reused = render_with(renderer, scene, playbot_front(300, 200));
  FrameStats stats;
  renderer.render(scene, camera, {}, reused, stats);
  EXPECT_TRUE(bit_identical(first, reused)) << "into an image of another size";
}

TEST(CpuRendererStats, CountsAreConsistent) {
  for (const char* name : {kTrain, kPlaybot3k, kPlaybot31k, kSynthetic}) {
    const GaussianScene& scene = scene_named(name);
    CpuRenderer renderer(2);
    Image image;
    FrameStats stats;
    const Camera camera = std::string(name) == kTrain ? train_view(97, 61) : playbot_front(97, 61);
    renderer.render(scene, camera, {}, image, stats);
    EXPECT_GT(stats.visible, 0u) << name;
    EXPECT_LE(stats.visible, scene.count()) << name;
    EXPECT_GE(stats.tile_entries, stats.visible) << name;
    // 97 x 61 has 7 x 4 tiles: a Gaussian touches at most all 28.
    EXPECT_LE(stats.tile_entries, 28 * stats.visible) << name;
    EXPECT_GE(stats.total_ms, 0.0) << name;
    EXPECT_GT(stats.memory_bytes, 0u) << name;
  }
}

TEST(CpuRendererParity, SplatsWithRadiiBeyondIntRangeCoverTheViewLikeTheReference) {
  // A few hundred ordinary Gaussians, plus two whose projected radius is ~1e10 pixels: their
  // radius saturates (on the GPU the reference's int conversion does the same), so each covers
  // every tile as a nearly uniform haze of its opacity, in depth order with the rest.
  GaussianScene scene = test::random_scene({.count = 300, .sh_degree = 1, .seed = 21});
  for (std::size_t i : {std::size_t{5}, std::size_t{200}}) {
    scene.scales[3 * i] = scene.scales[3 * i + 1] = scene.scales[3 * i + 2] = 1e8f;
    scene.opacities[i] = 0.3f;
  }
  const Camera camera = look_at({0, 0, -3}, {0, 0, 0}, 97, 61);
  const float background[3] = {0, 0, 0};
  CpuRenderer renderer(2);
  Image image;
  FrameStats stats;
  renderer.render(scene, camera, {}, image, stats);
  test::ReferenceStats ref_stats;
  const Image reference = test::render_reference(scene, camera, background, 1.f, 1, &ref_stats);

  EXPECT_LE(stats.visible, ref_stats.visible);
  EXPECT_GE(stats.visible + transparent_count(scene), ref_stats.visible);
  // Both hazes reach every pixel: at least 1 - 0.7^2 of coverage everywhere.
  EXPECT_GE(*std::min_element(image.alpha.begin(), image.alpha.end()), 0.5f);
  const Comparison cmp = compare(image, reference);
  EXPECT_GE(cmp.within, 0.999);
  EXPECT_GE(cmp.psnr, 50.0);
}

}  // namespace
}  // namespace splatview
