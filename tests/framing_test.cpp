// Auto-framing (DESIGN "World up and auto-framing"): a robust centre and extent that one
// far-away floater cannot move, and an orbit distance at which the bulk fills the view.
#include "core/framing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include <glm/geometric.hpp>
#include <gtest/gtest.h>

#include "core/camera.h"

namespace splatview {
namespace {

constexpr double kPi = std::numbers::pi;

GaussianScene scene_with_positions(const std::vector<glm::vec3>& points) {
  GaussianScene scene;
  scene.resize(points.size());
  for (std::size_t i = 0; i < points.size(); ++i)
    for (int a = 0; a < 3; ++a) scene.positions[3 * i + a] = points[i][a];
  return scene;
}

// 101 points (i^2/100, 2i, -i), i = 0..100, in shuffled order. The 5th and 95th percentiles are
// the values at ranks 5 and 95 (any usual percentile definition agrees: 0.05 * 100 = 5 is a whole
// rank): x 0.25 and 90.25, y 10 and 190, z -95 and -5. x is skewed: its median (25) is far from
// the middle of its bulk range.
std::vector<glm::vec3> ramp_points() {
  std::vector<glm::vec3> points;
  for (int i = 0; i <= 100; ++i) points.push_back({float(i * i) / 100.0f, 2.0f * float(i), -float(i)});
  std::mt19937 rng(7);
  std::shuffle(points.begin(), points.end(), rng);
  return points;
}

void expect_vec(glm::vec3 got, glm::vec3 want, float tol, const char* what) {
  EXPECT_NEAR(got.x, want.x, tol) << what;
  EXPECT_NEAR(got.y, want.y, tol) << what;
  EXPECT_NEAR(got.z, want.z, tol) << what;
}

TEST(FrameScene, BulkBoxIsThe5thTo95thPercentileAndCentreIsItsMiddle) {
  const SceneFraming f = frame_scene(scene_with_positions(ramp_points()));
  expect_vec(f.bulk_min, {0.25f, 10, -95}, 0, "5th percentile");
  expect_vec(f.bulk_max, {90.25f, 190, -5}, 0, "95th percentile");
  // framing.h: the centre is the middle of the bulk box (not the median: x's median is 25).
  expect_vec(f.center, {45.25f, 100, -50}, 1e-5f, "middle of the bulk box");
  expect_vec(f.full_min, {0, 0, -100}, 0, "full min");
  expect_vec(f.full_max, {100, 200, 0}, 0, "full max");
  // Half the bulk box's diagonal: 0.5 |(90, 180, 90)| = 0.5 sqrt(48600).
  EXPECT_NEAR(f.radius, 0.5 * std::sqrt(48600.0), 1e-3);
}

TEST(FrameScene, OneFarFloaterMovesNeitherCentreNorRadius) {
  // 2001 points uniform in [-1, 1]^3, then one more 1e6 away.
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<glm::vec3> points(2001);
  for (auto& p : points) p = {u(rng), u(rng), u(rng)};
  const SceneFraming before = frame_scene(scene_with_positions(points));
  points.push_back({1e6f, -1e6f, 1e6f});
  const SceneFraming after = frame_scene(scene_with_positions(points));
  // One extra sample moves an order statistic by at most one rank: ~2/2000 of the range here.
  EXPECT_LT(glm::length(after.center - before.center), 0.01f);
  EXPECT_NEAR(after.radius, before.radius, 0.01f * before.radius);
  EXPECT_LT(after.radius, 2.0f);  // the bulk of a [-1,1]^3 cube, not 1e6
  EXPECT_EQ(after.full_max.x, 1e6f) << "the true bounds still see it";
}

TEST(FrameScene, DegenerateScenesGiveAPositiveRadius) {
  const SceneFraming empty = frame_scene(GaussianScene{});
  EXPECT_GT(empty.radius, 0);
  EXPECT_TRUE(std::isfinite(empty.radius));
  const SceneFraming single = frame_scene(scene_with_positions({{3, -4, 5}}));
  expect_vec(single.center, {3, -4, 5}, 0, "single point");
  EXPECT_GT(single.radius, 0);
}

TEST(FramingDistance, SphereOfTheRadiusFitsAndFillsTheNarrowerFieldOfView) {
  // framing.h: at distance d a sphere of radius r spans asin(r / d) from the centre of view; it
  // must fit in the narrower half field of view and fill most of it, at any field of view.
  struct Case {
    float fovy;
    int width, height;
  };
  for (const Case c : {Case{50, 1920, 1080}, Case{50, 1080, 1920}, Case{90, 100, 100}, Case{30, 640, 480},
                       Case{120, 800, 600}}) {
    const double radius = 2.5;
    const double d = framing_distance(static_cast<float>(radius), c.fovy, c.width, c.height);
    const double half_fovy = c.fovy * kPi / 360;
    // Square pixels: tan(half fovx) = tan(half fovy) * W / H.
    const double half_fov = std::min(std::atan(std::tan(half_fovy) * c.width / c.height), half_fovy);
    const double sphere_half_angle = std::asin(radius / d);
    EXPECT_LE(sphere_half_angle, half_fov * 1.0001) << "fits: fovy " << c.fovy << " " << c.width << "x" << c.height;
    EXPECT_GE(sphere_half_angle, 0.8 * half_fov) << "fills: fovy " << c.fovy << " " << c.width << "x" << c.height;
  }
}

TEST(FramingDistance, FramedOrbitSeesTheWholeBulkBox) {
  // DESIGN: the bulk box fills the view. At the default 50 degree field of view every corner of
  // the bulk box, seen from an orbit at the framing distance, projects inside the image (pinhole
  // of DESIGN "Camera space").
  const SceneFraming f = frame_scene(scene_with_positions(ramp_points()));
  for (float az : {0.0f, 70.0f, 200.0f}) {
    const Camera cam = orbit_camera({f.center, {0, -1, 0}, az, 20, framing_distance(f.radius, 50, 160, 90), 50}, 160, 90);
    const CameraBasis b = camera_basis(cam);
    const float focal = focal_length_pixels(cam);
    for (int corner = 0; corner < 8; ++corner) {
      const glm::vec3 p((corner & 1) ? f.bulk_max.x : f.bulk_min.x, (corner & 2) ? f.bulk_max.y : f.bulk_min.y,
                        (corner & 4) ? f.bulk_max.z : f.bulk_min.z);
      const glm::vec3 v = p - cam.eye;
      const float z = glm::dot(v, b.forward);
      ASSERT_GT(z, 0.2f);
      const float px = focal * glm::dot(v, b.right) / z + 0.5f * (cam.width - 1);
      const float py = focal * glm::dot(v, b.down) / z + 0.5f * (cam.height - 1);
      EXPECT_GE(px, 0) << "az " << az << " corner " << corner;
      EXPECT_LE(px, cam.width - 1) << "az " << az << " corner " << corner;
      EXPECT_GE(py, 0) << "az " << az << " corner " << corner;
      EXPECT_LE(py, cam.height - 1) << "az " << az << " corner " << corner;
    }
  }
}

// Issue 16: two Gaussians at x = +-3e38 once overflowed the framing (an infinite radius, then a
// camera with no direction). Any finite positions give a finite centre and a usable orbit camera;
// non-finite ones are ignored.
TEST(Framing, PositionsAtFloatsLimitsGiveAFiniteUsableCamera) {
  const float inf = std::numeric_limits<float>::infinity();
  for (const auto& points : {std::vector<glm::vec3>{{-3e38f, 0, 0}, {3e38f, 0, 0}},
                             std::vector<glm::vec3>{{3e38f, 3e38f, 3e38f}, {-3e38f, -3e38f, -3e38f}},
                             std::vector<glm::vec3>{{inf, 0, 0}, {1, 2, 3}, {-inf, 0, 0}}}) {
    const SceneFraming framing = frame_scene(scene_with_positions(points));
    for (int a = 0; a < 3; ++a) EXPECT_TRUE(std::isfinite(framing.center[a]));
    EXPECT_TRUE(std::isfinite(framing.radius));
    const float distance = framing_distance(framing.radius, 50.0f, 64, 36);
    const Camera camera = orbit_camera({framing.center, {0, -1, 0}, 0, 10, distance, 50.0f}, 64, 36);
    EXPECT_TRUE(camera_is_valid(camera)) << points[0].x;
  }
}

}  // namespace
}  // namespace splatview
