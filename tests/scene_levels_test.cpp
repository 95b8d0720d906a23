// Levels of detail (core/scene_levels.h): the merge of a pair against closed form, and the levels
// of a real scene: each at most 1/8 of the one before, keeping the scene's total opacity-weighted
// colour, built again identically, and cancellable.
#include "core/scene_levels.h"

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

using Mat3 = std::array<std::array<double, 3>, 3>;

Mat3 covariance(const GaussianScene& s, std::size_t i) {
  const double w = s.rotations[4 * i], x = s.rotations[4 * i + 1], y = s.rotations[4 * i + 2], z = s.rotations[4 * i + 3];
  const Mat3 r = {{{1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
                   {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
                   {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}}};
  Mat3 c{};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int k = 0; k < 3; ++k) c[a][b] += r[a][k] * double(s.scales[3 * i + k]) * s.scales[3 * i + k] * r[b][k];
  return c;
}

double area(const GaussianScene& s, std::size_t i) {
  const float* v = &s.scales[3 * i];
  return double(v[0]) * v[1] + double(v[0]) * v[2] + double(v[1]) * v[2];
}

// Sums over the Gaussians of weight w = opacity * area, of w times the degree-0 SH (per channel),
// and of w times the degree-0 colour 0.5 + kShC0 * SH.
struct Weighted {
  double weight = 0;
  std::array<double, 3> sh{}, colour{};
};
Weighted weighted(const GaussianScene& s) {
  Weighted total;
  for (std::size_t i = 0; i < s.count(); ++i) {
    const double w = s.opacities[i] * area(s, i);
    total.weight += w;
    for (int c = 0; c < 3; ++c) {
      total.sh[c] += w * s.sh[3 * s.sh_coeffs() * i + c];
      total.colour[c] += w * (0.5 + 0.28209479177387814 * s.sh[3 * s.sh_coeffs() * i + c]);
    }
  }
  return total;
}

GaussianScene pair(float d, float scale, float opacity_a, float opacity_b) {
  GaussianScene s;
  s.sh_degree = 1;
  s.resize(2);
  s.positions = {-d, 0.5f, 0.f, d, 0.5f, 0.f};
  s.scales = {scale, scale, scale, scale, scale, scale};
  s.rotations = {1, 0, 0, 0, 0.7071068f, 0.7071068f, 0, 0};  // the second turned: isotropic, so no matter
  s.opacities = {opacity_a, opacity_b};
  for (int c = 0; c < 3; ++c) {
    s.sh[c] = 0.2f * static_cast<float>(c);  // coefficient 0 of Gaussian 0
    s.sh[12 + c] = -0.4f;                    // of Gaussian 1 (4 coefficients * 3 per Gaussian)
  }
  return s;
}

TEST(SceneLevels, AMergedPairMatchesTheMixtureInClosedForm) {
  const float d = 0.3f, s = 0.1f, o = 0.4f;
  const GaussianScene scene = pair(d, s, o, o);
  GaussianScene out;
  out.resize(1);
  const std::uint32_t members[] = {0, 1};
  merge_gaussians(scene, members, 2, out, 0);
  // Equal weights: mean halfway, covariance s^2 I plus the spread d^2 along x, colour the mean.
  EXPECT_NEAR(out.positions[0], 0.f, 1e-7);
  EXPECT_NEAR(out.positions[1], 0.5f, 1e-7);
  const Mat3 c = covariance(out, 0);
  const double want[3][3] = {{s * s + d * d, 0, 0}, {0, s * s, 0}, {0, 0, s * s}};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) EXPECT_NEAR(c[a][b], want[a][b], 1e-6) << a << "," << b;
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(out.sh[k], (0.2f * k - 0.4f) / 2, 1e-6);
  // Opacity: the members' opacity-weighted area over the merged one's.
  const double sx = std::sqrt(s * s + d * d);
  const double merged_area = 2 * sx * s + s * s;
  EXPECT_NEAR(out.opacities[0], 2 * o * 3 * s * s / merged_area, 1e-6);
  const Weighted before = weighted(scene), after = weighted(out);
  EXPECT_NEAR(after.weight, before.weight, 1e-6 * before.weight);
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(after.sh[k], before.sh[k], 1e-6 * std::abs(before.sh[k]) + 1e-9) << k;
}

TEST(SceneLevels, UnequalWeightsPullTheMergeTowardTheHeavierMember) {
  const GaussianScene scene = pair(0.3f, 0.1f, 0.9f, 0.1f);  // weights 9 : 1
  GaussianScene out;
  out.resize(1);
  const std::uint32_t members[] = {0, 1};
  merge_gaussians(scene, members, 2, out, 0);
  EXPECT_NEAR(out.positions[0], 0.9 * -0.3 + 0.1 * 0.3, 1e-6);
  EXPECT_NEAR(covariance(out, 0)[0][0], 0.01 + 0.9 * 0.1 * 0.6 * 0.6, 1e-6);  // s^2 + w_a w_b (2d)^2
  EXPECT_NEAR(out.sh[1], 0.9 * 0.2 + 0.1 * -0.4, 1e-6);
}

TEST(SceneLevels, ARealSceneGetsCoarserLevelsThatKeepItsWeightedColour) {
  const GaussianScene& scene = test::cached_shared_scene("playbot-500k-sh0.ply");
  std::vector<float> fractions;
  const auto levels = build_scene_levels(scene, {[&](float f) { fractions.push_back(f); }, nullptr});
  ASSERT_FALSE(levels.empty());
  std::size_t before = scene.count();
  const Weighted total = weighted(scene);
  for (const GaussianScene& level : levels) {
    EXPECT_LE(level.count(), before / kLevelReduction);
    EXPECT_GE(level.count(), kCoarsestLevelGaussians);
    EXPECT_EQ(level.sh_degree, 0);
    before = level.count();
    // The weight is kept except where a merged opacity is capped at 1 (Gaussians stacked on a
    // surface cover it once, not several times); the weighted mean colour is kept within 2/255.
    const Weighted merged = weighted(level);
    std::printf("[ levels   ] %zu Gaussians: weight %.1f %% of the scene's, mean colour %.4f %.4f %.4f (scene %.4f %.4f %.4f)\n",
                level.count(), 100 * merged.weight / total.weight, merged.colour[0] / merged.weight,
                merged.colour[1] / merged.weight, merged.colour[2] / merged.weight, total.colour[0] / total.weight,
                total.colour[1] / total.weight, total.colour[2] / total.weight);
    EXPECT_LE(merged.weight, total.weight * (1 + 1e-6));
    EXPECT_GE(merged.weight, 0.5 * total.weight);
    for (int k = 0; k < 3; ++k)
      EXPECT_NEAR(merged.colour[k] / merged.weight, total.colour[k] / total.weight, 2.0 / 255) << k;
    for (float o : level.opacities) ASSERT_TRUE(o > 0.f && o <= 1.f);
  }
  ASSERT_GE(fractions.size(), 2u);
  EXPECT_EQ(fractions.front(), 0.f);
  EXPECT_EQ(fractions.back(), 1.f);
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  // Deterministic: the same levels again.
  const auto again = build_scene_levels(scene);
  ASSERT_EQ(again.size(), levels.size());
  EXPECT_EQ(again[0].positions, levels[0].positions);
}

TEST(SceneLevels, SmallScenesGetNoneAndACancelledBuildGivesNone) {
  EXPECT_TRUE(build_scene_levels(test::cached_shared_scene("playbot-31k-sh1.ply")).empty());
  std::atomic<bool> cancel{true};
  EXPECT_TRUE(build_scene_levels(test::cached_shared_scene("playbot-500k-sh0.ply"), {nullptr, &cancel}).empty());
}

}  // namespace
}  // namespace splatview
