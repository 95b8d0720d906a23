// pick_surface (render/picking.h): the world position where front-to-back blending at a pixel
// passes half opacity: the front splat when it alone covers more than half, the one behind when
// the front is faint, nothing where no splat reaches the pixel or all together stay under half.
#include "render/picking.h"

#include <gtest/gtest.h>

#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

// Isotropic splats of scale 0.05 on the camera's axis at the given depths (z), opacities given.
GaussianScene splats_on_axis(std::initializer_list<std::pair<float, float>> depth_and_opacity) {
  GaussianScene scene;
  scene.resize(depth_and_opacity.size());
  std::size_t i = 0;
  for (const auto& [z, opacity] : depth_and_opacity) {
    scene.positions[3 * i] = 0.f;
    scene.positions[3 * i + 1] = 0.f;
    scene.positions[3 * i + 2] = z;
    for (int k = 0; k < 3; ++k) scene.scales[3 * i + k] = 0.05f;
    scene.rotations[4 * i] = 1.f;
    scene.opacities[i] = opacity;
    ++i;
  }
  return scene;
}

const Camera kCamera = test::look_at({0, 0, -3}, {0, 0, 0}, 64, 48);
constexpr float kCentreX = 31.5f, kCentreY = 23.5f;  // the principal point: (W - 1) / 2, (H - 1) / 2

TEST(PickSurface, TheFrontSplatWhenItCoversMoreThanHalf) {
  const auto hit = pick_surface(splats_on_axis({{1.f, 0.9f}, {0.f, 0.9f}}), kCamera, {}, kCentreX, kCentreY);
  ASSERT_TRUE(hit.has_value());
  EXPECT_FLOAT_EQ(hit->z, 0.f);  // z = 0 is nearer the eye at z = -3 than z = 1
}

TEST(PickSurface, TheSplatBehindWhenTheFrontOneIsFaint) {
  // 0.3 alone leaves T = 0.7; with 0.6 behind, T = 0.28 < 0.5: the surface is the second splat.
  const auto hit = pick_surface(splats_on_axis({{0.f, 0.3f}, {1.f, 0.6f}}), kCamera, {}, kCentreX, kCentreY);
  ASSERT_TRUE(hit.has_value());
  EXPECT_FLOAT_EQ(hit->z, 1.f);
}

TEST(PickSurface, NothingWhereNoSplatReachesOrAllStayUnderHalf) {
  EXPECT_FALSE(pick_surface(splats_on_axis({{0.f, 0.9f}}), kCamera, {}, 2.f, 2.f).has_value());  // far off the splat
  EXPECT_FALSE(pick_surface(splats_on_axis({{0.f, 0.2f}, {1.f, 0.2f}}), kCamera, {}, kCentreX, kCentreY).has_value());
  EXPECT_FALSE(pick_surface(GaussianScene{}, kCamera, {}, kCentreX, kCentreY).has_value());
  EXPECT_FALSE(pick_surface(splats_on_axis({{-4.f, 0.9f}}), kCamera, {}, kCentreX, kCentreY).has_value());  // behind the eye
}

}  // namespace
}  // namespace splatview
