// Camera conventions (DESIGN "Camera space"): the basis, the focal length and the orbit.
#include "core/camera.h"

#include <cmath>
#include <numbers>

#include <glm/geometric.hpp>
#include <gtest/gtest.h>

namespace splatview {
namespace {

constexpr double kPi = std::numbers::pi;

void expect_vec(glm::vec3 got, glm::vec3 want, float tol, const char* what) {
  EXPECT_NEAR(got.x, want.x, tol) << what;
  EXPECT_NEAR(got.y, want.y, tol) << what;
  EXPECT_NEAR(got.z, want.z, tol) << what;
}

Camera make_camera(glm::vec3 eye, glm::vec3 target, glm::vec3 up) {
  Camera c;
  c.eye = eye;
  c.target = target;
  c.up = up;
  return c;
}

TEST(CameraBasis, DefaultViewWithMinusYUp) {
  // forward = normalize((0,0,0) - (0,0,-3)) = (0,0,1)
  // right = forward x up = (0,0,1) x (0,-1,0) = (0*0 - 1*(-1), 1*0 - 0*0, 0*(-1) - 0*0) = (1,0,0)
  // down = forward x right = (0,0,1) x (1,0,0) = (0*0 - 1*0, 1*1 - 0*0, 0*0 - 0*1) = (0,1,0)
  // so with -y up, camera x is world +x and camera y (down) is world +y.
  const CameraBasis b = camera_basis(make_camera({0, 0, -3}, {0, 0, 0}, {0, -1, 0}));
  expect_vec(b.forward, {0, 0, 1}, 0, "forward");
  expect_vec(b.right, {1, 0, 0}, 0, "right");
  expect_vec(b.down, {0, 1, 0}, 0, "down");
}

TEST(CameraBasis, LookingAlongMinusXAndWithZUp) {
  // Eye (3,0,0): forward = (-1,0,0); right = (-1,0,0) x (0,-1,0) = (0, 0, 1);
  // down = (-1,0,0) x (0,0,1) = (0*1 - 0*0, 0*0 - (-1)*1, 0) = (0, 1, 0).
  const CameraBasis a = camera_basis(make_camera({3, 0, 0}, {0, 0, 0}, {0, -1, 0}));
  expect_vec(a.forward, {-1, 0, 0}, 1e-7f, "forward");
  expect_vec(a.right, {0, 0, 1}, 1e-7f, "right");
  expect_vec(a.down, {0, 1, 0}, 1e-7f, "down");
  // +z up, eye (0,-3,0): forward = (0,1,0); right = (0,1,0) x (0,0,1) = (1,0,0);
  // down = (0,1,0) x (1,0,0) = (0,0,-1): down is minus up, as it should be.
  const CameraBasis b = camera_basis(make_camera({0, -3, 0}, {0, 0, 0}, {0, 0, 1}));
  expect_vec(b.forward, {0, 1, 0}, 1e-7f, "forward");
  expect_vec(b.right, {1, 0, 0}, 1e-7f, "right");
  expect_vec(b.down, {0, 0, -1}, 1e-7f, "down");
}

TEST(CameraBasis, UpNeedNotBePerpendicularOrUnit) {
  // up = (0,-2,-2): right = normalize((0,0,1) x (0,-2,-2)) = normalize((2, 0, 0)) = (1,0,0).
  const CameraBasis b = camera_basis(make_camera({0, 0, -3}, {0, 0, 0}, {0, -2, -2}));
  expect_vec(b.right, {1, 0, 0}, 1e-7f, "right");
  expect_vec(b.down, {0, 1, 0}, 1e-7f, "down");
}

TEST(CameraBasis, GeneralViewIsOrthonormalAndRightHanded) {
  const CameraBasis b = camera_basis(make_camera({1.5f, -2, 0.3f}, {-0.2f, 0.4f, 2}, {0.1f, -1, 0.2f}));
  EXPECT_NEAR(glm::length(b.right), 1, 1e-6);
  EXPECT_NEAR(glm::length(b.down), 1, 1e-6);
  EXPECT_NEAR(glm::length(b.forward), 1, 1e-6);
  EXPECT_NEAR(glm::dot(b.right, b.down), 0, 1e-6);
  EXPECT_NEAR(glm::dot(b.right, b.forward), 0, 1e-6);
  EXPECT_NEAR(glm::dot(b.down, b.forward), 0, 1e-6);
  // x right, y down, z forward is right-handed: right x down = forward.
  expect_vec(glm::cross(b.right, b.down), b.forward, 1e-6f, "right x down");
  // The up vector points up in the image: its component along down is negative.
  EXPECT_LT(glm::dot(b.down, glm::vec3(0.1f, -1, 0.2f)), 0);
}

TEST(FocalLength, IsHeightOverTwiceTanHalfFovy) {
  Camera c;
  c.width = 1280;
  c.height = 720;
  c.fovy_degrees = 90;  // tan 45 = 1: fy = 720 / 2 = 360
  EXPECT_NEAR(focal_length_pixels(c), 360.0f, 1e-3f);
  EXPECT_NEAR(tan_half_fovy(c), 1.0f, 1e-6f);
  // Square pixels: tan(fovx/2) = (W/2) / fx = 640 / 360.
  EXPECT_NEAR(tan_half_fovx(c), 640.0f / 360.0f, 1e-6f);
  c.width = 64;
  c.height = 48;
  c.fovy_degrees = 50;  // 48 / (2 tan 25 deg) = 51.4677
  EXPECT_NEAR(focal_length_pixels(c), 48 / (2 * std::tan(25 * kPi / 180)), 1e-4);
}

TEST(CameraIsValid, RejectsDegenerateCameras) {
  EXPECT_TRUE(camera_is_valid(Camera{}));
  EXPECT_FALSE(camera_is_valid(make_camera({1, 2, 3}, {1, 2, 3}, {0, -1, 0}))) << "eye == target";
  EXPECT_FALSE(camera_is_valid(make_camera({0, -3, 0}, {0, 0, 0}, {0, -1, 0}))) << "up along the view";
  EXPECT_FALSE(camera_is_valid(make_camera({0, 0, -3}, {0, 0, 0}, {0, 0, 0}))) << "zero up";
  Camera zero_width;
  zero_width.width = 0;
  EXPECT_FALSE(camera_is_valid(zero_width));
  Camera flat;
  flat.fovy_degrees = 180;
  EXPECT_FALSE(camera_is_valid(flat));
}

TEST(OrbitCamera, AzimuthZeroElevationZeroIsOnTheMinusZSideForMinusYUp) {
  // camera.cpp: azimuth 0 puts the eye on the -z side of the target for y-up scenes, so the
  // default view of a COLMAP scene is the trained front view (eye (0,0,-d) like Camera{}).
  const Camera c = orbit_camera({{1, 2, 3}, {0, -1, 0}, 0, 0, 5, 50}, 320, 240);
  expect_vec(c.eye, {1, 2, -2}, 1e-5f, "eye");
  expect_vec(c.target, {1, 2, 3}, 0, "target");
  EXPECT_EQ(c.fovy_degrees, 50);
  EXPECT_EQ(c.width, 320);
  EXPECT_EQ(c.height, 240);
  EXPECT_TRUE(camera_is_valid(c));
}

TEST(OrbitCamera, DistanceAndElevationAreExact) {
  const glm::vec3 target(0.5f, -1, 2);
  for (glm::vec3 up : {glm::vec3(0, -1, 0), glm::vec3(0, 0, 1), glm::vec3(1, 0, 0), glm::vec3(0, -3, 0)}) {
    const glm::vec3 unit_up = glm::normalize(up);
    for (float az : {0.0f, 30.0f, 135.0f, -100.0f}) {
      for (float el : {-60.0f, 0.0f, 20.0f, 75.0f}) {
        const Camera c = orbit_camera({target, up, az, el, 4, 50}, 64, 48);
        const glm::vec3 offset = c.eye - target;
        EXPECT_NEAR(glm::length(offset), 4, 1e-5) << "az " << az << " el " << el;
        // Elevation lifts toward up: sin(el) = (offset / |offset|) . up.
        EXPECT_NEAR(glm::dot(glm::normalize(offset), unit_up), std::sin(el * kPi / 180), 1e-6)
            << "az " << az << " el " << el;
        EXPECT_TRUE(camera_is_valid(c));
      }
    }
  }
}

TEST(OrbitCamera, AzimuthTurnsAboutUp) {
  // The horizontal parts of the offsets at azimuths a and b are (b - a) apart about up.
  const glm::vec3 up(0, -1, 0);
  const Camera a = orbit_camera({{0, 0, 0}, up, 10, 30, 2, 50}, 64, 48);
  const Camera b = orbit_camera({{0, 0, 0}, up, 55, 30, 2, 50}, 64, 48);
  const auto horizontal = [&](glm::vec3 v) { return glm::normalize(v - glm::dot(v, up) * up); };
  EXPECT_NEAR(glm::dot(horizontal(a.eye), horizontal(b.eye)), std::cos(45 * kPi / 180), 1e-6);
  // Same elevation: the same height along up.
  EXPECT_NEAR(glm::dot(a.eye, up), glm::dot(b.eye, up), 1e-6);
  // A full turn comes back.
  const Camera full = orbit_camera({{0, 0, 0}, up, 370, 30, 2, 50}, 64, 48);
  expect_vec(full.eye, a.eye, 1e-5f, "370 deg == 10 deg");
}

}  // namespace
}  // namespace splatview
