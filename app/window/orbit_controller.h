#pragma once
// The desktop view's camera: an orbit about a target that the user drags, pans and zooms, that
// turns slowly by itself when left alone, and that moves smoothly at any frame rate. No GL here:
// the window turns its input into ViewInput, so tests can script the same events.
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "core/camera.h"

namespace splatview {

// The six views along the scene's axes (keys 1-6), named as seen from the front view.
enum class ViewPreset { kFront, kBack, kLeft, kRight, kTop, kBottom };

// One frame of the user's input over the scene view (not over a panel).
struct ViewInput {
  glm::vec2 cursor{0.0f};      // pixels from the view's top-left corner
  glm::vec2 view_size{1.0f};   // the view's size in pixels
  glm::vec2 drag{0.0f};        // cursor motion this frame while a button is held
  bool orbit_drag = false;     // left button
  bool pan_drag = false;       // right or middle button
  float wheel = 0.0f;          // notches; positive zooms in
};

class OrbitController {
 public:
  // Rates in degrees per pixel dragged and the idle time before auto-rotate resumes.
  static constexpr float kDegreesPerPixel = 0.3f;
  static constexpr double kResumeAfterIdleSeconds = 3.0;

  explicit OrbitController(OrbitView home = {});

  // Applies input at time `now` (seconds); any input pauses auto-rotate.
  void handle(const ViewInput& input, double now);
  // Advances auto-rotate and the smoothing by `dt` seconds.
  void update(double dt, double now);

  void reset() { goal_ = home_; }          // key R
  void set_home(const OrbitView& home);    // and go there (F: frame scene)
  void set_target(glm::vec3 target);       // double-click on a splat
  void cycle_up();                         // key U: -y, +y, -z, +z, -x, +x
  void set_up(glm::vec3 up);
  void set_fovy(float degrees);
  // Glides to a preset about the same target and distance, and stops auto-rotate so the chosen
  // view stays (keys 1-6).
  void go_to(ViewPreset preset);
  // Shows `view` (leaving fly mode, jumping to a training camera): at once, or gliding there.
  // Auto-rotate stops so the view stays where it was put.
  void show(const OrbitView& view, bool glide);

  const OrbitView& view() const { return current_; }
  const OrbitView& goal() const { return goal_; }
  Camera camera(int width, int height) const;
  // True while the user is moving the view (input in the last moments, or the view still gliding
  // far from where the input sent it). The slow auto-rotate alone does not count: the window
  // renders at reduced resolution only while this is true.
  bool interacting(double now) const;
  // The shown view has reached the goal (and auto-rotate is not moving the goal).
  bool settled() const;

  bool auto_rotate = true;
  float orbit_speed = 10.0f;  // degrees per second of auto-rotate
  bool auto_rotate_paused(double now) const { return now - last_input_ < kResumeAfterIdleSeconds; }

 private:
  OrbitView home_;
  OrbitView goal_;     // where input has sent the view
  OrbitView current_;  // what is shown: glides to goal_
  double last_input_ = -1e9;
};

}  // namespace splatview
