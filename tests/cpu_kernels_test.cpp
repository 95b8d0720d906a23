// The CPU renderer's kernels (render/cpu_kernels.h), every instruction-set version this CPU runs:
// preprocessing 8 Gaussians at a time is bit-identical to the scalar splat::preprocess_gaussian,
// the tile kernel's half-row culling never drops a pixel a splat changes, and a blended tile is
// bit-identical to the plain scalar loop over the shared splat math.
#include "render/cpu_kernels.h"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "render/frame_setup.h"

namespace splatview {
namespace {

using cpu_kernels::Kernel;
using cpu_kernels::TileSplat;

constexpr int kX0 = 32, kY0 = 48;  // the tile under test
// A TileSplat's fields, without the padding to a cache line.
constexpr std::size_t kTileSplatBytes = offsetof(TileSplat, tiles) + sizeof(cpu_kernels::TileRows);

TileSplat make_splat(splat::Vec2 mean, splat::Conic conic, float opacity, splat::Vec3 color) {
  const float level = splat::visibility_level(opacity);
  return {mean, conic, opacity, color, level, splat::visible_half_height(conic, level), {0, 0, 1, 1, {0}, {1}}};
}

// A random splat near the tile: an ellipse of random size (sub-pixel to 40 px), elongation and
// angle, with the renderer's low-pass filter, random opacity (some too faint to ever show) and
// colour.
TileSplat random_splat(std::mt19937& rng) {
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  const float angle = 3.14159265f * unit(rng);
  const float major = std::exp(std::log(0.2f) + unit(rng) * std::log(200.f));
  const float minor = major * (0.02f + 0.98f * unit(rng));
  const float c = std::cos(angle), s = std::sin(angle);
  const splat::Sym2 cov = {major * major * c * c + minor * minor * s * s + kLowPassFilter,
                           (major * major - minor * minor) * c * s,
                           major * major * s * s + minor * minor * c * c + kLowPassFilter};
  splat::Conic conic{};
  EXPECT_TRUE(splat::invert_covariance_2d(cov, conic));
  const splat::Vec2 mean = {kX0 - 40.f + 96.f * unit(rng), kY0 - 40.f + 96.f * unit(rng)};
  return make_splat(mean, conic, unit(rng) < 0.1f ? 0.003f : unit(rng), {unit(rng), unit(rng), unit(rng)});
}

// The half row (render/cpu_kernels.h numbering) of tile pixel p (row-major).
int half_row_of(int p) { return (p % kTileSize) / 8 * kTileSize + p / kTileSize; }

// The scalar reference: every splat of the list over every pixel of the tile, shared math only.
std::vector<splat::PixelState> scalar_tile(const std::vector<TileSplat>& splats) {
  std::vector<splat::PixelState> pixels(kTileSize * kTileSize, splat::PixelState{{0.f, 0.f, 0.f}, 1.f, 0.f});
  for (const TileSplat& s : splats)
    for (int p = 0; p < kTileSize * kTileSize; ++p)
      splat::blend_splat(pixels[p], {static_cast<float>(kX0 + p % kTileSize), static_cast<float>(kY0 + p / kTileSize)},
                         s.mean, s.conic, s.opacity, s.color);
  return pixels;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

class CpuKernels : public testing::TestWithParam<Kernel> {};

TEST_P(CpuKernels, CullingMatchesTheEllipseOfACircularSplat) {
  // Unit conic, opacity 1: alpha >= 1/255 where dx^2 + dy^2 <= level = 2 ln 255 (radius 3.33 px).
  // Centre on tile pixel (4, 4). The left half rows cover x offsets -4..3 from the centre, -5..4
  // with the pixel of margin: reached in every row the circle crosses, |dy| <= 3: rows 1-7. The
  // right half rows cover 4..11, from 3 with the margin: reached where level - dy^2 >= 9, |dy| <= 1:
  // rows 3-5.
  const TileSplat s = make_splat({kX0 + 4.f, kY0 + 4.f}, {1.f, 0.f, 1.f}, 1.f, {1.f, 1.f, 1.f});
  std::uint32_t want = 0;
  for (int row = 1; row <= 7; ++row) want |= 1u << row;
  for (int row = 3; row <= 5; ++row) want |= 1u << (kTileSize + row);
  EXPECT_EQ(GetParam().half_rows_reached(s, kX0, kY0), want);
  // Too faint to reach 1/255 anywhere: nothing; far away: nothing.
  EXPECT_EQ(GetParam().half_rows_reached(make_splat({kX0 + 4.f, kY0 + 4.f}, {1, 0, 1}, 0.003f, {1, 1, 1}), kX0, kY0), 0u);
  EXPECT_EQ(GetParam().half_rows_reached(make_splat({kX0 - 20.f, kY0 + 4.f}, {1, 0, 1}, 1.f, {1, 1, 1}), kX0, kY0), 0u);
}

TEST_P(CpuKernels, CullingNeverDropsAPixelTheSplatChanges) {
  std::mt19937 rng(7);
  int checked = 0, skipped_half_rows = 0;
  for (int i = 0; i < 20000; ++i) {
    const TileSplat s = random_splat(rng);
    const std::uint32_t reached = GetParam().half_rows_reached(s, kX0, kY0);
    skipped_half_rows += cpu_kernels::kHalfRows - __builtin_popcount(reached);
    for (int p = 0; p < kTileSize * kTileSize; ++p) {
      splat::PixelState px{{0.f, 0.f, 0.f}, 1.f, 0.f};
      splat::blend_splat(px, {static_cast<float>(kX0 + p % kTileSize), static_cast<float>(kY0 + p / kTileSize)},
                         s.mean, s.conic, s.opacity, s.color);
      if (px.transmittance == 1.f) continue;  // alpha 0: the splat changes nothing here
      ++checked;
      ASSERT_TRUE(reached >> half_row_of(p) & 1u) << "splat " << i << " changes pixel " << p;
    }
  }
  EXPECT_GT(checked, 100000);
  EXPECT_GT(skipped_half_rows, 20000 * 16) << "the culling should skip most half rows of random splats";
}

TEST_P(CpuKernels, BlendedTileIsBitIdenticalToTheScalarLoop) {
  std::mt19937 rng(11);
  for (int list_size : {0, 1, 31, 32, 33, 200, 3000}) {
    std::vector<TileSplat> splats;
    for (int i = 0; i < list_size; ++i) splats.push_back(random_splat(rng));
    std::vector<std::uint32_t> list(splats.size());
    for (std::uint32_t i = 0; i < list.size(); ++i) list[i] = i;
    // An image with the tile in its interior, and a coloured background.
    constexpr int kWidth = kX0 + 2 * kTileSize, kHeight = kY0 + 2 * kTileSize;
    const float background[3] = {0.25f, 0.5f, 1.f};
    std::vector<float> rgb(3 * kWidth * kHeight, -1.f), alpha(kWidth * kHeight, -1.f);
    cpu_kernels::TileJob job{splats.data(), list.data(), static_cast<std::uint32_t>(list.size()), kX0, kY0,
                             kWidth, kHeight, background, rgb.data(), alpha.data()};
    GetParam().blend_tile(job);
    const std::vector<splat::PixelState> want = scalar_tile(splats);
    int mismatches = 0;
    for (int p = 0; p < kTileSize * kTileSize; ++p) {
      const std::size_t o = static_cast<std::size_t>(kY0 + p / kTileSize) * kWidth + kX0 + p % kTileSize;
      float want_rgb[3], want_alpha;
      splat::composite(want[p], background, want_rgb, &want_alpha);
      mismatches += !same_bits(rgb[3 * o + 0], want_rgb[0]) || !same_bits(rgb[3 * o + 1], want_rgb[1]) ||
                    !same_bits(rgb[3 * o + 2], want_rgb[2]) || !same_bits(alpha[o], want_alpha);
    }
    EXPECT_EQ(mismatches, 0) << list_size << " splats";
    // Pixels of other tiles are not touched.
    EXPECT_EQ(rgb[0], -1.f);
    EXPECT_EQ(alpha[kWidth * kHeight - 1], -1.f);
  }
}

TEST_P(CpuKernels, PixelsOutsideTheImageAreNeitherBlendedNorWritten) {
  // A 20x20 image: its second tile column holds 4 pixels per row; a splat over all of it.
  std::vector<TileSplat> splats = {make_splat({18.f, 5.f}, {1e-5f, 0.f, 1e-5f}, 0.5f, {1.f, 0.f, 0.f})};
  const std::uint32_t list[] = {0};
  constexpr int kSize = 20;
  const float background[3] = {0.f, 0.f, 0.f};
  std::vector<float> rgb(3 * kSize * kSize + 3, -1.f), alpha(kSize * kSize + 1, -1.f);  // one guard pixel
  cpu_kernels::TileJob job{splats.data(), list, 1, kTileSize, 0, kSize, kSize, background, rgb.data(), alpha.data()};
  GetParam().blend_tile(job);
  for (int y = 0; y < kTileSize; ++y)
    for (int x = kTileSize; x < kSize; ++x) EXPECT_NEAR(alpha[y * kSize + x], 0.5f, 0.01f) << x << "," << y;
  EXPECT_EQ(alpha[kSize * kSize], -1.f);
  EXPECT_EQ(rgb[3 * kSize * kSize], -1.f);
}

// Gaussians that exercise every branch of preprocessing: behind the camera and at the near plane,
// far outside the view (the Jacobian clamp), tiny, huge (some with radii beyond int range), flat,
// rotated, every opacity; SH degree 3.
GaussianScene awkward_scene(int count) {
  std::mt19937 rng(99);
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  GaussianScene scene;
  scene.sh_degree = 3;
  scene.resize(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    for (int c = 0; c < 3; ++c) {
      scene.positions[3 * i + c] = (unit(rng) - 0.5f) * (i % 7 == 0 ? 200.f : 8.f);
      scene.scales[3 * i + c] = std::exp(-9.f + 11.f * unit(rng));
    }
    if (i % 101 == 0)  // radii beyond int range: they saturate
      for (int c = 0; c < 3; ++c) scene.scales[3 * i + c] = 1e8f;
    float q[4], norm = 0.f;
    for (float& v : q) {
      v = unit(rng) - 0.5f;
      norm += v * v;
    }
    for (int c = 0; c < 4; ++c) scene.rotations[4 * i + c] = q[c] / std::sqrt(norm);
    scene.opacities[i] = unit(rng);
    for (int k = 0; k < 48; ++k) scene.sh[48 * i + k] = unit(rng) - 0.5f;
  }
  return scene;
}

TEST_P(CpuKernels, PreprocessIsBitIdenticalToTheScalarMath) {
  constexpr int kCount = 2003;  // not a multiple of the 8 lanes
  const GaussianScene scene = awkward_scene(kCount);
  Camera camera;
  camera.eye = {0.3f, -0.5f, -4.f};
  camera.width = 333;
  camera.height = 250;
  for (int degree = 0; degree <= 3; ++degree) {
    for (float modifier : {1.f, 0.3f}) {
      const splat::ViewParams view = make_view_params(camera);
      std::vector<TileSplat> got(kCount);
      std::vector<std::uint32_t> got_keys(kCount, 7);  // neither a key nor hidden: each must be written
      const cpu_kernels::PreprocessJob job{scene_arrays(scene), view, modifier, degree, got.data(), got_keys.data()};
      GetParam().preprocess_range(job, 0, 1000);  // two ranges, the first ending mid-way
      GetParam().preprocess_range(job, 1000, kCount);
      int shown = 0, mismatches = 0, saturated = 0;
      for (int i = 0; i < kCount; ++i) {
        splat::ProjectedSplat want{};
        const bool want_visible =
            splat::preprocess_gaussian(job.scene, i, view, modifier, degree, want);
        ASSERT_EQ(got_keys[i] != cpu_kernels::kHiddenDepthKey, want_visible) << "Gaussian " << i << ", degree " << degree;
        if (!want_visible) continue;
        ++shown;
        saturated += want.radius == static_cast<int>(kMaxRadius);
        const TileSplat want_splat = cpu_kernels::tile_splat_of(want);
        mismatches += std::memcmp(&got[i], &want_splat, kTileSplatBytes) != 0;
        mismatches += got_keys[i] != splat::depth_key(want.depth);
      }
      EXPECT_EQ(mismatches, 0) << "degree " << degree << ", scale modifier " << modifier;
      EXPECT_GT(shown, kCount / 4);
      EXPECT_GT(saturated, 0) << "no visible splat has a saturated radius";
      EXPECT_LT(shown, kCount) << "some must be culled";
    }
  }
}

// Mip mode through the 8-lane kernel: each lane's record (the compensated opacity and the
// visibility level and half height computed from it) is bit-identical to the scalar math's, and
// the compensation changes what it should: every visible opacity, never upwards.
TEST_P(CpuKernels, PreprocessInMipModeIsBitIdenticalToTheScalarMath) {
  constexpr int kCount = 2003;
  const GaussianScene scene = awkward_scene(kCount);
  Camera camera;
  camera.eye = {0.3f, -0.5f, -4.f};
  camera.width = 333;
  camera.height = 250;
  const splat::ViewParams view = make_view_params(camera);
  for (float modifier : {1.f, 0.05f}) {
    std::vector<TileSplat> got(kCount);
    std::vector<std::uint32_t> got_keys(kCount, 7);
    cpu_kernels::PreprocessJob job{scene_arrays(scene), view, modifier, 3, got.data(), got_keys.data()};
    job.mode = RenderMode::kMip;
    GetParam().preprocess_range(job, 0, 1000);
    GetParam().preprocess_range(job, 1000, kCount);
    int shown = 0, mismatches = 0, dimmed = 0, brighter = 0;
    for (int i = 0; i < kCount; ++i) {
      splat::ProjectedSplat want{}, classic{};  // (initialised only to quiet GCC)
      const bool want_visible = splat::preprocess_gaussian(job.scene, i, view, modifier, 3, want, RenderMode::kMip);
      ASSERT_EQ(got_keys[i] != cpu_kernels::kHiddenDepthKey, want_visible) << "Gaussian " << i;
      if (!want_visible) continue;
      ++shown;
      const TileSplat want_splat = cpu_kernels::tile_splat_of(want);
      mismatches += std::memcmp(&got[i], &want_splat, kTileSplatBytes) != 0;
      mismatches += got_keys[i] != splat::depth_key(want.depth);
      ASSERT_TRUE(splat::preprocess_gaussian(job.scene, i, view, modifier, 3, classic));
      dimmed += want.opacity < classic.opacity;
      brighter += want.opacity > classic.opacity;
      EXPECT_EQ(got[i].level, splat::visibility_level(want.opacity)) << "the level of the compensated opacity";
    }
    EXPECT_EQ(mismatches, 0) << "scale modifier " << modifier;
    EXPECT_GT(shown, kCount / 4);
    EXPECT_GT(dimmed, shown / 2) << "scale modifier " << modifier;
    EXPECT_EQ(brighter, 0);
  }
}

std::string kernel_name(const testing::TestParamInfo<Kernel>& info) { return info.param.instruction_set; }

INSTANTIATE_TEST_SUITE_P(EveryVersionThisCpuRuns, CpuKernels, testing::ValuesIn(cpu_kernels::kernels_this_cpu_runs()),
                         kernel_name);

TEST(CpuKernelChoice, TheFastestVersionThisCpuRunsIsChosen) {
  const std::vector<Kernel> kernels = cpu_kernels::kernels_this_cpu_runs();
  ASSERT_FALSE(kernels.empty());
  EXPECT_STREQ(cpu_kernels::kernel_for_this_cpu().instruction_set, kernels.front().instruction_set);
  EXPECT_STREQ(kernels.back().instruction_set, "baseline") << "the baseline runs everywhere";
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) {
    EXPECT_STREQ(kernels.front().instruction_set, "avx2");
  }
#endif
}

}  // namespace
}  // namespace splatview
