#pragma once
// Fly mode (key V): the camera moves itself through the scene instead of orbiting a target. W/S
// forward and back along the view, A/D left and right, Q/E down and up along the scene's up axis,
// Shift faster; dragging with the left mouse button looks around (the view follows the mouse);
// the wheel steps forward and back. Speeds scale with the scene's size. No GL here: the window
// turns keys and mouse into FlyInput, so tests can script the same events.
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/camera.h"

namespace splatview {

// The movement keys held this frame.
struct FlyKeys {
  bool forward = false, back = false;  // W, S
  bool left = false, right = false;    // A, D
  bool down = false, up = false;       // Q, E
  bool fast = false;                   // Shift
  bool any_move() const { return forward || back || left || right || down || up; }
};

struct FlyInput {
  FlyKeys keys;
  glm::vec2 look{0.0f};  // cursor motion this frame while the look button is held
  float wheel = 0.0f;    // notches; positive steps forward
};

class FlyController {
 public:
  static constexpr float kDegreesPerPixel = 0.2f;
  static constexpr float kFastFactor = 4.0f;
  static constexpr float kMaxPitch = 89.0f;
  // The scene's radius is crossed in this many seconds at normal speed.
  static constexpr float kSecondsPerRadius = 2.0f;
  static constexpr float kWheelStepRadii = 0.1f;

  // Takes over the view `camera` shows, in a scene of this radius, about the scene's `up` axis.
  void start(const Camera& camera, glm::vec3 up, float scene_radius);

  // Looks and steps at once; moves along the held keys for `dt` seconds. `now` marks input.
  void handle(const FlyInput& input, double dt, double now);

  Camera camera(int width, int height) const;
  glm::vec3 eye() const { return eye_; }
  glm::vec3 forward() const;
  glm::vec3 up() const { return up_; }
  float fovy() const { return fovy_; }
  float yaw() const { return yaw_; }      // degrees about up
  float pitch() const { return pitch_; }  // degrees toward up, within +-kMaxPitch
  // World units a second with and without Shift.
  float speed(bool fast) const { return (fast ? kFastFactor : 1.0f) * radius_ / kSecondsPerRadius; }
  // Input in the last moments: the window renders at reduced resolution meanwhile.
  bool interacting(double now) const { return now - last_input_ < 0.25; }

 private:
  // Forward at yaw 0 and yaw 90 (pitch 0): a right-handed pair about up.
  glm::vec3 ahead() const;
  glm::vec3 side() const;

  glm::vec3 eye_{0.0f};
  glm::vec3 up_{0.0f, -1.0f, 0.0f};
  float yaw_ = 0.0f, pitch_ = 0.0f;
  float fovy_ = 50.0f;
  float radius_ = 1.0f;
  double last_input_ = -1e9;
};

}  // namespace splatview
