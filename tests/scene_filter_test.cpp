// The one rule of which Gaussians are shown (splat::gaussian_shown: crop box, opacity threshold):
// filter_scene keeps exactly those, and the renderer drawing a scene with the rule gives the
// same bits as drawing the scene with the others removed by hand.
#include <gtest/gtest.h>

#include <vector>

#include "core/gaussian_scene.h"
#include "core/image.h"
#include "render/cpu_renderer.h"
#include "render/scene_filter.h"
#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

// The Gaussians for which keep(i) holds, copied value by value (independently of filter_scene).
template <class Keep>
GaussianScene removed_by_hand(const GaussianScene& scene, const Keep& keep) {
  GaussianScene out;
  out.sh_degree = scene.sh_degree;
  out.render_mode = scene.render_mode;
  const std::size_t sh = static_cast<std::size_t>(scene.sh_coeffs()) * 3;
  for (std::size_t i = 0; i < scene.count(); ++i) {
    if (!keep(i)) continue;
    for (int a = 0; a < 3; ++a) out.positions.push_back(scene.positions[3 * i + a]);
    for (int a = 0; a < 3; ++a) out.scales.push_back(scene.scales[3 * i + a]);
    for (int a = 0; a < 4; ++a) out.rotations.push_back(scene.rotations[4 * i + a]);
    out.opacities.push_back(scene.opacities[i]);
    for (std::size_t k = 0; k < sh; ++k) out.sh.push_back(scene.sh[sh * i + k]);
  }
  return out;
}

bool inside(const GaussianScene& scene, std::size_t i, const splat::ShowRule& box) {
  const float* p = scene.positions.data() + 3 * i;
  return p[0] >= box.box_min.x && p[0] <= box.box_max.x && p[1] >= box.box_min.y && p[1] <= box.box_max.y &&
         p[2] >= box.box_min.z && p[2] <= box.box_max.z;
}

// The middle of the scene's bounds: about half of each axis.
splat::ShowRule middle_box(const GaussianScene& scene) {
  const SceneBounds b = scene_bounds(scene);
  const auto lerp = [](float lo, float hi, float t) { return lo + t * (hi - lo); };
  return {1,
          {lerp(b.min.x, b.max.x, 0.25f), lerp(b.min.y, b.max.y, 0.3f), lerp(b.min.z, b.max.z, 0.25f)},
          {lerp(b.min.x, b.max.x, 0.75f), lerp(b.min.y, b.max.y, 0.8f), lerp(b.min.z, b.max.z, 0.75f)},
          0.f};
}

void expect_same_values(const GaussianScene& a, const GaussianScene& b) {
  ASSERT_EQ(a.count(), b.count());
  EXPECT_EQ(a.positions, b.positions);
  EXPECT_EQ(a.scales, b.scales);
  EXPECT_EQ(a.rotations, b.rotations);
  EXPECT_EQ(a.opacities, b.opacities);
  EXPECT_EQ(a.sh, b.sh);
  EXPECT_EQ(a.sh_degree, b.sh_degree);
}

TEST(ShowRule, DefaultShowsEveryGaussianAndTheBoxIsInclusive) {
  const splat::ShowRule all{};
  EXPECT_TRUE(shows_everything(all));
  EXPECT_TRUE(splat::gaussian_shown(all, {1e30f, -1e30f, 0}, 0.f));
  const splat::ShowRule box{1, {0, 0, 0}, {1, 2, 3}, 0.5f};
  EXPECT_TRUE(splat::gaussian_shown(box, {0, 0, 0}, 0.5f));
  EXPECT_TRUE(splat::gaussian_shown(box, {1, 2, 3}, 1.f));
  EXPECT_FALSE(splat::gaussian_shown(box, {1, 2, 3.001f}, 1.f));
  EXPECT_FALSE(splat::gaussian_shown(box, {-0.001f, 1, 1}, 1.f));
  EXPECT_FALSE(splat::gaussian_shown(box, {0.5f, 1, 1}, 0.499f));
}

TEST(FilterScene, KeepsExactlyTheGaussiansInsideTheBoxWithTheirValues) {
  const GaussianScene& scene = test::cached_shared_scene("playbot-31k-sh2.ply");
  const splat::ShowRule box = middle_box(scene);
  const GaussianScene filtered = filter_scene(scene, box);
  const GaussianScene expected = removed_by_hand(scene, [&](std::size_t i) { return inside(scene, i, box); });
  EXPECT_GT(filtered.count(), 100u);
  EXPECT_LT(filtered.count(), scene.count());
  expect_same_values(filtered, expected);
}

TEST(FilterScene, KeepsExactlyTheGaussiansAtOrAboveTheThreshold) {
  const GaussianScene& scene = test::cached_shared_scene("playbot-31k-sh2.ply");
  splat::ShowRule rule{};
  rule.min_opacity = 0.4f;
  const GaussianScene filtered = filter_scene(scene, rule);
  expect_same_values(filtered, removed_by_hand(scene, [&](std::size_t i) { return scene.opacities[i] >= 0.4f; }));
  EXPECT_LT(filtered.count(), scene.count());
}

// The renderer applies the rule in its preprocess: the image equals that of the scene with the
// hidden Gaussians removed, bit for bit (threshold, box, both).
TEST(ShowRuleRender, EqualsTheSceneWithTheHiddenGaussiansRemovedByHand) {
  const GaussianScene& scene = test::cached_shared_scene("playbot-31k-sh2.ply");
  const Camera camera = test::playbot_front(480, 270);
  splat::ShowRule threshold{};
  threshold.min_opacity = 0.3f;
  splat::ShowRule both = middle_box(scene);
  both.min_opacity = 0.2f;
  for (const splat::ShowRule& rule : {threshold, middle_box(scene), both}) {
    CpuRenderer renderer(2);
    RenderSettings settings;
    settings.shown = rule;
    Image with_rule, by_hand;
    FrameStats stats, hand_stats;
    renderer.render(scene, camera, settings, with_rule, stats);
    const GaussianScene kept = removed_by_hand(
        scene, [&](std::size_t i) { return scene.opacities[i] >= rule.min_opacity && (!rule.use_box || inside(scene, i, rule)); });
    ASSERT_LT(kept.count(), scene.count());
    renderer.render(kept, camera, RenderSettings{}, by_hand, hand_stats);
    EXPECT_EQ(with_rule.rgb, by_hand.rgb);
    EXPECT_EQ(with_rule.alpha, by_hand.alpha);
    EXPECT_EQ(stats.visible, hand_stats.visible);
  }
}

TEST(SceneBounds, HoldsEveryCentre) {
  const GaussianScene& scene = test::cached_shared_scene("playbot-31k-sh2.ply");
  const SceneBounds b = scene_bounds(scene);
  const splat::ShowRule box{1, b.min, b.max, 0.f};
  EXPECT_EQ(filter_scene(scene, box).count(), scene.count());
}

}  // namespace
}  // namespace splatview
