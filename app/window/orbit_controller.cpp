#include "app/window/orbit_controller.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

namespace splatview {

namespace {

// The smoothing closes this fraction of the gap per second, whatever the frame rate:
// gap *= exp(-kGlideRate * dt).
constexpr double kGlideRate = 18.0;
constexpr float kZoomPerNotch = 0.85f;
constexpr float kMaxElevation = 89.0f;

float lerp(float a, float b, float t) { return a + (b - a) * t; }

// Pixels to world units at the orbit target's depth.
float world_per_pixel(const OrbitView& v, float view_height) {
  return 2.0f * v.distance * std::tan(glm::radians(v.fovy) * 0.5f) / std::max(view_height, 1.0f);
}

}  // namespace

OrbitController::OrbitController(OrbitView home) : home_(home), goal_(home), current_(home) {}

void OrbitController::handle(const ViewInput& input, double now) {
  const bool any = input.orbit_drag || input.pan_drag || input.wheel != 0.0f;
  if (!any) return;
  last_input_ = now;

  const Camera camera = orbit_camera(goal_, static_cast<int>(input.view_size.x), static_cast<int>(input.view_size.y));
  const CameraBasis basis = camera_basis(camera);
  const float scale = world_per_pixel(goal_, input.view_size.y);

  if (input.orbit_drag) {
    // Dragging right carries the scene to the right: the camera goes the other way round.
    goal_.azimuth -= input.drag.x * kDegreesPerPixel;
    goal_.elevation = std::clamp(goal_.elevation + input.drag.y * kDegreesPerPixel, -kMaxElevation, kMaxElevation);
  }
  if (input.pan_drag) {
    // The point under the cursor stays under the cursor.
    goal_.target -= scale * (input.drag.x * basis.right + input.drag.y * basis.down);
  }
  if (input.wheel != 0.0f) {
    // Zoom toward the cursor: the point under it (at the target's depth) stays put.
    const glm::vec2 offset = input.cursor - 0.5f * input.view_size;
    const glm::vec3 under_cursor = goal_.target + scale * (offset.x * basis.right + offset.y * basis.down);
    const float factor = std::pow(kZoomPerNotch, input.wheel);
    goal_.distance *= factor;
    goal_.target = under_cursor + (goal_.target - under_cursor) * factor;
  }
}

void OrbitController::update(double dt, double now) {
  if (auto_rotate && !auto_rotate_paused(now)) goal_.azimuth += orbit_speed * static_cast<float>(dt);
  const float t = static_cast<float>(1.0 - std::exp(-kGlideRate * dt));
  current_.target = current_.target + (goal_.target - current_.target) * t;
  current_.azimuth = lerp(current_.azimuth, goal_.azimuth, t);
  current_.elevation = lerp(current_.elevation, goal_.elevation, t);
  // Distance glides in log space so zooming feels even at every scale.
  current_.distance = std::exp(lerp(std::log(current_.distance), std::log(goal_.distance), t));
  current_.fovy = lerp(current_.fovy, goal_.fovy, t);
  current_.up = goal_.up;
  // Land exactly on the goal once within a hair of it: the view then stops changing, and the
  // window can stop drawing until something happens.
  const float hair = 1e-5f * goal_.distance;
  if (glm::length(current_.target - goal_.target) < hair && std::abs(current_.azimuth - goal_.azimuth) < 1e-3f &&
      std::abs(current_.elevation - goal_.elevation) < 1e-3f && std::abs(current_.distance - goal_.distance) < hair &&
      std::abs(current_.fovy - goal_.fovy) < 1e-3f)
    current_ = goal_;
}

bool OrbitController::settled() const {
  return current_.target == goal_.target && current_.azimuth == goal_.azimuth && current_.elevation == goal_.elevation &&
         current_.distance == goal_.distance && current_.fovy == goal_.fovy;
}

void OrbitController::set_home(const OrbitView& home) {
  home_ = home;
  goal_ = home;
}

void OrbitController::set_target(glm::vec3 target) { goal_.target = target; }

void OrbitController::set_up(glm::vec3 up) {
  goal_.up = current_.up = glm::normalize(up);
  home_.up = goal_.up;
}

void OrbitController::cycle_up() {
  static const glm::vec3 kAxes[] = {{0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}, {-1, 0, 0}, {1, 0, 0}};
  int next = 0;
  for (int i = 0; i < 6; ++i)
    if (glm::length(goal_.up - kAxes[i]) < 1e-3f) next = (i + 1) % 6;
  set_up(kAxes[next]);
}

void OrbitController::go_to(ViewPreset preset) {
  // Azimuth 0 is the front (orbit_camera); +90 puts the eye on the front view's right-hand side.
  // Top and bottom stop just short of the pole, where the up vector would be the view direction.
  struct Angles {
    float azimuth, elevation;
  };
  static constexpr Angles kPresets[] = {{0, 0}, {180, 0}, {-90, 0}, {90, 0}, {0, kMaxElevation}, {0, -kMaxElevation}};
  const Angles angles = kPresets[static_cast<int>(preset)];
  // The same direction nearest the current azimuth, so the glide takes the short way round
  // however many turns auto-rotate has made.
  goal_.azimuth = angles.azimuth + 360.0f * std::round((goal_.azimuth - angles.azimuth) / 360.0f);
  goal_.elevation = angles.elevation;
  auto_rotate = false;
}

void OrbitController::show(const OrbitView& view, bool glide) {
  goal_ = view;
  if (!glide) current_ = view;
  current_.up = view.up;
  auto_rotate = false;
}

void OrbitController::set_fovy(float degrees) { goal_.fovy = std::clamp(degrees, 5.0f, 150.0f); }

Camera OrbitController::camera(int width, int height) const {
  return orbit_camera(current_, width, height);
}

bool OrbitController::interacting(double now) const {
  constexpr double kRecentInputSeconds = 0.25;
  // Auto-rotate keeps the shown azimuth about orbit_speed / kGlideRate (< 1 degree) behind.
  constexpr float kAngleTolerance = 2.0f;
  const float tolerance = 1e-2f;
  return now - last_input_ < kRecentInputSeconds || std::abs(current_.azimuth - goal_.azimuth) > kAngleTolerance ||
         std::abs(current_.elevation - goal_.elevation) > kAngleTolerance ||
         std::abs(current_.distance - goal_.distance) > tolerance * goal_.distance ||
         glm::length(current_.target - goal_.target) > tolerance * goal_.distance ||
         std::abs(current_.fovy - goal_.fovy) > kAngleTolerance;
}

}  // namespace splatview
