// Fly mode's controller and the hand-over between fly mode and the orbit, driven by scripted input.
#include <gtest/gtest.h>

#include <glm/geometric.hpp>

#include "app/window/fly_controller.h"
#include "app/window/orbit_controller.h"
#include "app/window/view_conversion.h"

namespace splatview {
namespace {

constexpr glm::vec3 kUp{0, -1, 0};

Camera looking(glm::vec3 eye, glm::vec3 target) {
  Camera c;
  c.eye = eye;
  c.target = target;
  c.up = kUp;
  c.fovy_degrees = 60;
  return c;
}

void expect_near(glm::vec3 a, glm::vec3 b, float tolerance = 1e-4f) {
  EXPECT_NEAR(a.x, b.x, tolerance);
  EXPECT_NEAR(a.y, b.y, tolerance);
  EXPECT_NEAR(a.z, b.z, tolerance);
}

TEST(FlyController, StartsWhereTheCameraWasLookingTheSameWay) {
  FlyController fly;
  fly.start(looking({1, -2, -5}, {3, -1, 4}), kUp, 2.0f);
  expect_near(fly.eye(), {1, -2, -5});
  expect_near(fly.forward(), glm::normalize(glm::vec3(2, 1, 9)));
  EXPECT_FLOAT_EQ(fly.camera(640, 480).fovy_degrees, 60);
}

TEST(FlyController, AKeyHeldForTSecondsMovesBySpeedTimesTAlongTheView) {
  FlyController fly;
  fly.start(looking({0, 0, -5}, {1, 0, 0}), kUp, 3.0f);
  const glm::vec3 forward = fly.forward();
  FlyInput input;
  input.keys.forward = true;
  for (int i = 0; i < 50; ++i) fly.handle(input, 0.01, i * 0.01);  // 0.5 s in 50 frames
  expect_near(fly.eye(), glm::vec3(0, 0, -5) + forward * fly.speed(false) * 0.5f);
  EXPECT_FLOAT_EQ(fly.speed(false), 3.0f / FlyController::kSecondsPerRadius);  // scaled to the scene

  const glm::vec3 before = fly.eye();
  input.keys.forward = false;
  input.keys.back = true;
  input.keys.fast = true;  // Shift
  fly.handle(input, 0.25, 1.0);
  expect_near(fly.eye(), before - forward * fly.speed(false) * FlyController::kFastFactor * 0.25f);
}

TEST(FlyController, StrafesAcrossTheViewAndClimbsAlongTheUpAxis) {
  FlyController fly;
  fly.start(looking({0, 0, -5}, {0, 0, 0}), kUp, 2.0f);  // looking along +z, -y up: right is +x (x right, y down)
  FlyInput input;
  input.keys.right = true;
  fly.handle(input, 1.0, 0.0);
  expect_near(fly.eye(), {fly.speed(false), 0, -5});
  input.keys.right = false;
  input.keys.up = true;  // E
  fly.handle(input, 1.0, 1.0);
  expect_near(fly.eye(), {fly.speed(false), -fly.speed(false), -5});
  input.keys.up = false;
  input.keys.down = true;  // Q
  input.keys.left = true;  // two keys: no faster than one
  fly.handle(input, 1.0, 2.0);
  EXPECT_NEAR(glm::length(fly.eye() - glm::vec3(fly.speed(false), -fly.speed(false), -5)), fly.speed(false), 1e-4f);
}

TEST(FlyController, DraggingRightLooksRightAndUpLooksUp) {
  FlyController fly;
  fly.start(looking({0, 0, -5}, {0, 0, 0}), kUp, 1.0f);
  const CameraBasis before = camera_basis(fly.camera(100, 100));
  const float yaw = fly.yaw();
  FlyInput input;
  input.look = {50, 0};
  fly.handle(input, 0.0, 0.0);
  EXPECT_GT(glm::dot(fly.forward(), before.right), 0.1f);
  EXPECT_NEAR(fly.yaw(), yaw + 50 * FlyController::kDegreesPerPixel, 1e-4f);
  const float pitch = fly.pitch();
  input.look = {0, -50};  // the mouse moved up the window
  fly.handle(input, 0.0, 0.0);
  EXPECT_FLOAT_EQ(fly.pitch(), pitch + 50 * FlyController::kDegreesPerPixel);
  EXPECT_GT(glm::dot(fly.forward(), kUp), 0.1f);
  // Moving never turns the view.
  const glm::vec3 forward = fly.forward();
  input = {};
  input.keys.forward = true;
  fly.handle(input, 0.5, 1.0);
  expect_near(fly.forward(), forward);
}

TEST(FlyController, LookingNeverFlipsPastThePoles) {
  FlyController fly;
  fly.start(looking({0, 0, -5}, {0, 0, 0}), kUp, 1.0f);
  FlyInput input;
  input.look = {0, -100000};
  fly.handle(input, 0.0, 0.0);
  EXPECT_FLOAT_EQ(fly.pitch(), FlyController::kMaxPitch);
  // Still a valid camera, its right-hand side where it was: the view did not turn over.
  EXPECT_TRUE(camera_is_valid(fly.camera(64, 64)));
  expect_near(camera_basis(fly.camera(64, 64)).right, {1, 0, 0}, 1e-3f);
  input.look = {0, 300000};
  fly.handle(input, 0.0, 0.0);
  EXPECT_FLOAT_EQ(fly.pitch(), -FlyController::kMaxPitch);
  expect_near(camera_basis(fly.camera(64, 64)).right, {1, 0, 0}, 1e-3f);
}

TEST(FlyController, TheWheelStepsAlongTheView) {
  FlyController fly;
  fly.start(looking({0, 0, -5}, {0, 0, 0}), kUp, 2.0f);
  FlyInput input;
  input.wheel = 2;
  fly.handle(input, 0.0, 0.0);
  expect_near(fly.eye(), {0, 0, -5 + 2 * FlyController::kWheelStepRadii * 2.0f});
}

TEST(ViewConversion, TheOrbitShowsTheSameEyeAndDirection) {
  for (glm::vec3 up : {glm::vec3(0, -1, 0), glm::vec3(0, 0, 1), glm::vec3(-1, 0, 0)}) {
    const glm::vec3 eye{0.5f, -1.0f, 2.0f};
    const glm::vec3 forward = glm::normalize(glm::vec3(0.3f, 0.2f, -1.0f));
    const OrbitView view = orbit_looking_along(eye, forward, up, 4.0f, 45.0f);
    const Camera camera = orbit_camera(view, 800, 600);
    expect_near(camera.eye, eye);
    expect_near(camera_basis(camera).forward, forward);
    EXPECT_FLOAT_EQ(view.distance, 4.0f);
    EXPECT_FLOAT_EQ(view.fovy, 45.0f);
  }
}

TEST(ViewConversion, TheAzimuthIsTheOneNearestTheGivenOne) {
  const glm::vec3 eye{0, 0, -5};
  const OrbitView plain = orbit_looking_along(eye, {0, 0, 1}, kUp, 5.0f, 50.0f, 0.0f);
  const OrbitView turned = orbit_looking_along(eye, {0, 0, 1}, kUp, 5.0f, 50.0f, 725.0f);
  EXPECT_NEAR(turned.azimuth - plain.azimuth, 720.0f, 1e-3f);
}

TEST(ViewConversion, LeavingFlyModeOrbitsAboutAPointInFrontOfTheCamera) {
  FlyController fly;
  fly.start(looking({0, 0, -5}, {0, 0, 0}), kUp, 1.0f);
  FlyInput input;
  input.look = {40, -20};
  input.keys.forward = true;
  fly.handle(input, 0.3, 0.0);
  const float distance = orbit_distance_ahead(fly.eye(), fly.forward(), {0, 0, 0}, 1.0f);
  OrbitController orbit;
  orbit.show(orbit_looking_along(fly.eye(), fly.forward(), fly.up(), distance, fly.fovy()), false);
  const Camera shown = orbit.camera(640, 480);
  expect_near(shown.eye, fly.eye());
  expect_near(camera_basis(shown).forward, fly.forward());
  EXPECT_GT(glm::dot(orbit.view().target - fly.eye(), fly.forward()), 0.0f);
  EXPECT_FALSE(orbit.auto_rotate);
}

TEST(ViewConversion, TheNewCentreIsWhereTheViewPassesTheScene) {
  // Looking at the scene: the centre's depth. Close past it: a tenth of its radius. Away: its radius.
  EXPECT_FLOAT_EQ(orbit_distance_ahead({0, 0, -5}, {0, 0, 1}, {0, 0, 0}, 2.0f), 5.0f);
  EXPECT_FLOAT_EQ(orbit_distance_ahead({0, 0, -0.01f}, {0, 0, 1}, {0, 0, 0}, 2.0f), 0.2f);
  EXPECT_FLOAT_EQ(orbit_distance_ahead({0, 0, -5}, {0, 0, -1}, {0, 0, 0}, 2.0f), 2.0f);
}

}  // namespace
}  // namespace splatview
