// The window's camera controller, driven by scripted input as the window would drive it.
#include <gtest/gtest.h>

#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

#include "app/window/orbit_controller.h"

namespace splatview {
namespace {

OrbitView home() {
  OrbitView v;
  v.target = {1, 2, 3};
  v.up = {0, -1, 0};
  v.azimuth = 30;
  v.elevation = 10;
  v.distance = 4;
  v.fovy = 50;
  return v;
}

ViewInput over_view(glm::vec2 cursor = {400, 300}) {
  ViewInput input;
  input.view_size = {800, 600};
  input.cursor = cursor;
  return input;
}

TEST(OrbitController, LeftDragOrbitsByTheDragDistance) {
  OrbitController c(home());
  c.auto_rotate = false;
  ViewInput drag = over_view();
  drag.orbit_drag = true;
  drag.drag = {20, -10};
  c.handle(drag, 0.0);
  EXPECT_FLOAT_EQ(c.goal().azimuth, 30 - 20 * OrbitController::kDegreesPerPixel);
  EXPECT_FLOAT_EQ(c.goal().elevation, 10 - 10 * OrbitController::kDegreesPerPixel);
  EXPECT_EQ(c.goal().target, home().target);
  EXPECT_FLOAT_EQ(c.goal().distance, 4);
}

TEST(OrbitController, ElevationStopsShortOfThePoles) {
  OrbitController c(home());
  ViewInput drag = over_view();
  drag.orbit_drag = true;
  drag.drag = {0, 10000};
  c.handle(drag, 0.0);
  EXPECT_LT(c.goal().elevation, 90.0f);
  EXPECT_GT(c.goal().elevation, 80.0f);
}

TEST(OrbitController, WheelAtTheCentreZoomsStraightIn) {
  OrbitController c(home());
  ViewInput wheel = over_view({400, 300});
  wheel.wheel = 2;
  c.handle(wheel, 0.0);
  EXPECT_NEAR(c.goal().distance, 4 * 0.85f * 0.85f, 1e-4f);
  EXPECT_NEAR(glm::length(c.goal().target - home().target), 0.0f, 1e-5f);
}

TEST(OrbitController, WheelOffCentreZoomsTowardTheCursor) {
  // The point under the cursor (at the target's depth) must stay under the cursor: project it
  // before and after with the goal cameras.
  OrbitController c(home());
  const glm::vec2 cursor{700, 150};
  const Camera before = orbit_camera(c.goal(), 800, 600);
  const CameraBasis b0 = camera_basis(before);
  const float f0 = focal_length_pixels(before);
  const float depth = c.goal().distance;
  const glm::vec3 point = before.target + (cursor.x - 400) * depth / f0 * b0.right + (cursor.y - 300) * depth / f0 * b0.down;

  ViewInput wheel = over_view(cursor);
  wheel.wheel = 1;
  c.handle(wheel, 0.0);
  const Camera after = orbit_camera(c.goal(), 800, 600);
  const CameraBasis b1 = camera_basis(after);
  const glm::vec3 t = point - after.eye;
  const float f1 = focal_length_pixels(after);
  EXPECT_NEAR(f1 * glm::dot(t, b1.right) / glm::dot(t, b1.forward) + 400, cursor.x, 0.05f);
  EXPECT_NEAR(f1 * glm::dot(t, b1.down) / glm::dot(t, b1.forward) + 300, cursor.y, 0.05f);
  EXPECT_LT(c.goal().distance, 4.0f);
}

TEST(OrbitController, RightDragPansTheTargetWithTheCursor) {
  OrbitController c(home());
  const Camera cam = c.camera(800, 600);
  const CameraBasis basis = camera_basis(cam);
  ViewInput drag = over_view();
  drag.pan_drag = true;
  drag.drag = {50, 0};
  c.handle(drag, 0.0);
  const glm::vec3 moved = c.goal().target - home().target;
  // Dragging right moves the scene right: the target moves to the camera's left.
  EXPECT_LT(glm::dot(moved, basis.right), 0.0f);
  EXPECT_NEAR(glm::dot(moved, basis.down), 0.0f, 1e-5f);
  const float world_per_pixel = 2 * 4 * std::tan(glm::radians(25.0f)) / 600;
  EXPECT_NEAR(glm::length(moved), 50 * world_per_pixel, 1e-4f);
}

TEST(OrbitController, ResetReturnsHome) {
  OrbitController c(home());
  ViewInput drag = over_view();
  drag.orbit_drag = true;
  drag.drag = {100, 40};
  c.handle(drag, 0.0);
  c.reset();
  EXPECT_FLOAT_EQ(c.goal().azimuth, home().azimuth);
  EXPECT_FLOAT_EQ(c.goal().elevation, home().elevation);
}

TEST(OrbitController, AutoRotatePausesOnInputAndResumesWhenIdle) {
  OrbitController c(home());
  c.orbit_speed = 10;
  c.update(1.0, 100.0);
  EXPECT_NEAR(c.goal().azimuth, 40.0f, 1e-4f);  // one second at 10 deg/s
  ViewInput wheel = over_view();
  wheel.wheel = 1;
  c.handle(wheel, 100.0);
  c.update(1.0, 101.0);  // within the idle time: paused
  EXPECT_NEAR(c.goal().azimuth, 40.0f, 1e-4f);
  c.update(1.0, 100.0 + OrbitController::kResumeAfterIdleSeconds + 0.5);
  EXPECT_NEAR(c.goal().azimuth, 50.0f, 1e-4f);
  c.auto_rotate = false;
  c.update(1.0, 200.0);
  EXPECT_NEAR(c.goal().azimuth, 50.0f, 1e-4f);
}

TEST(OrbitController, GlideDoesNotDependOnTheFrameRate) {
  OrbitController fast(home()), slow(home());
  fast.auto_rotate = slow.auto_rotate = false;
  ViewInput drag = over_view();
  drag.orbit_drag = true;
  drag.drag = {100, 0};
  fast.handle(drag, 0.0);
  slow.handle(drag, 0.0);
  for (int i = 0; i < 10; ++i) fast.update(0.01, 0.01 * i);
  slow.update(0.1, 0.1);
  EXPECT_NEAR(fast.view().azimuth, slow.view().azimuth, 1e-3f);
  EXPECT_GT(std::abs(fast.view().azimuth - home().azimuth), 1.0f);  // it moved
  for (int i = 0; i < 100; ++i) fast.update(0.02, 1.0 + 0.02 * i);
  EXPECT_NEAR(fast.view().azimuth, fast.goal().azimuth, 1e-3f);  // and arrives
  EXPECT_FALSE(fast.interacting(10.0));
  EXPECT_TRUE(slow.interacting(0.1));
}

TEST(OrbitController, UpAxisCyclesThroughAllSix) {
  OrbitController c(home());
  const glm::vec3 expected[] = {{0, 1, 0}, {0, 0, -1}, {0, 0, 1}, {-1, 0, 0}, {1, 0, 0}, {0, -1, 0}};
  for (const glm::vec3& up : expected) {
    c.cycle_up();
    EXPECT_EQ(c.goal().up, up);
  }
}

// The shown camera once the glide from `c`'s current view to its goal is over.
Camera settled_camera(OrbitController& c) {
  for (int i = 0; i < 200 && !c.settled(); ++i) c.update(1.0 / 60.0, 100.0);
  return c.camera(800, 600);
}

glm::vec3 forward_of(const Camera& camera) { return camera_basis(camera).forward; }

TEST(OrbitController, ViewPresetsLookAlongTheSceneAxesRelativeToUp) {
  // For the COLMAP -y up: the front view looks along +z with +x on the right (camera space x right,
  // y down), so "right" looks from +x toward -x, "top" from above (-y) down along +y.
  struct Expected {
    ViewPreset preset;
    glm::vec3 forward;
  };
  const Expected kExpected[] = {{ViewPreset::kFront, {0, 0, 1}},  {ViewPreset::kBack, {0, 0, -1}},
                                {ViewPreset::kLeft, {1, 0, 0}},   {ViewPreset::kRight, {-1, 0, 0}},
                                {ViewPreset::kTop, {0, 1, 0}},    {ViewPreset::kBottom, {0, -1, 0}}};
  for (const Expected& e : kExpected) {
    OrbitController c(home());
    c.go_to(e.preset);
    const Camera camera = settled_camera(c);
    EXPECT_TRUE(camera_is_valid(camera));
    // Top and bottom stop a degree short of the pole: cos(1 degree) = 0.99985.
    EXPECT_GT(glm::dot(forward_of(camera), e.forward), 0.9998f) << static_cast<int>(e.preset);
    EXPECT_NEAR(glm::length(camera.eye - camera.target), home().distance, 1e-4f);
    EXPECT_LT(glm::length(camera.target - home().target), 1e-5f);
  }
}

TEST(OrbitController, ViewPresetsFollowAnyUpAxis) {
  const glm::vec3 kUps[] = {{0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}, {-1, 0, 0}, {1, 0, 0}};
  for (const glm::vec3 up : kUps) {
    OrbitView start = home();
    start.up = up;
    auto preset_camera = [&](ViewPreset preset) {
      OrbitController c(start);
      c.go_to(preset);
      return settled_camera(c);
    };
    const Camera front = preset_camera(ViewPreset::kFront);
    const CameraBasis basis = camera_basis(front);
    // Side views look level; right stands on the front view's right, left on its left.
    EXPECT_NEAR(glm::dot(basis.forward, up), 0.0f, 1e-5f);
    EXPECT_GT(glm::dot(forward_of(preset_camera(ViewPreset::kBack)), -basis.forward), 0.9999f);
    EXPECT_GT(glm::dot(forward_of(preset_camera(ViewPreset::kRight)), -basis.right), 0.9999f);
    EXPECT_GT(glm::dot(forward_of(preset_camera(ViewPreset::kLeft)), basis.right), 0.9999f);
    // Top looks down the up axis, bottom up it; both stay valid cameras.
    const Camera top = preset_camera(ViewPreset::kTop), bottom = preset_camera(ViewPreset::kBottom);
    EXPECT_GT(glm::dot(forward_of(top), -up), 0.9998f);
    EXPECT_GT(glm::dot(forward_of(bottom), up), 0.9998f);
    EXPECT_TRUE(camera_is_valid(top));
    EXPECT_TRUE(camera_is_valid(bottom));
  }
}

TEST(OrbitController, ViewPresetTakesTheShortWayRoundAndStopsAutoRotate) {
  OrbitView start = home();
  start.azimuth = 3 * 360.0f + 170.0f;  // after auto-rotate has turned the view a few times
  OrbitController c(start);
  c.go_to(ViewPreset::kBack);
  EXPECT_FLOAT_EQ(c.goal().azimuth, 3 * 360.0f + 180.0f);
  EXPECT_FALSE(c.auto_rotate);
  const float before = c.goal().azimuth;
  c.update(1.0, 20.0);  // auto-rotate would have turned the goal by orbit_speed
  EXPECT_FLOAT_EQ(c.goal().azimuth, before);
}

TEST(OrbitController, ShowJumpsOrGlidesToAViewAndStopsAutoRotate) {
  OrbitController c(home());
  OrbitView there = home();
  there.target = {-2, 0, 5};
  there.azimuth = 120;
  there.distance = 9;
  c.show(there, true);  // a training camera: the view glides there
  EXPECT_FALSE(c.auto_rotate);
  EXPECT_EQ(c.goal().target, there.target);
  EXPECT_EQ(c.view().target, home().target);
  for (int i = 0; i < 200; ++i) c.update(1.0 / 60, i / 60.0);
  EXPECT_TRUE(c.settled());
  EXPECT_EQ(c.view().target, there.target);
  there.azimuth = -30;
  c.show(there, false);  // leaving fly mode: the view is already there
  EXPECT_EQ(c.view().azimuth, -30.0f);
  EXPECT_TRUE(c.settled());
}

}  // namespace
}  // namespace splatview
