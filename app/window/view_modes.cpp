// Switching the window's view between the orbit and fly mode (viewer_state.h).
#include "app/window/view_conversion.h"
#include "app/window/viewer_state.h"

namespace splatview {

void enter_fly_mode(ViewerState& state, const Camera& camera) {
  if (state.fly_mode) return;
  state.path_editor.end_preview();
  state.fly.start(camera, state.controller.goal().up, state.framing.radius);
  state.fly_mode = true;
}

void leave_fly_mode(ViewerState& state) {
  if (!state.fly_mode) return;
  state.fly_mode = false;
  const FlyController& fly = state.fly;
  const float distance = orbit_distance_ahead(fly.eye(), fly.forward(), state.framing.center, state.framing.radius);
  state.controller.show(
      orbit_looking_along(fly.eye(), fly.forward(), fly.up(), distance, fly.fovy(), state.controller.goal().azimuth),
      false);
}

void show_training_camera(ViewerState& state, int index) {
  state.training_cameras.select(index);
  if (state.training_cameras.selected() < 0) return;
  const Camera camera = training_view_camera(state.training_cameras.cameras()[state.training_cameras.selected()]);
  state.path_editor.end_preview();
  if (state.fly_mode) {
    state.fly.start(camera, state.controller.goal().up, state.framing.radius);
    return;
  }
  const glm::vec3 forward = camera.target - camera.eye;
  const float distance = orbit_distance_ahead(camera.eye, forward, state.framing.center, state.framing.radius);
  state.controller.show(orbit_looking_along(camera.eye, forward, state.controller.goal().up, distance,
                                            camera.fovy_degrees, state.controller.goal().azimuth),
                        true);
}

}  // namespace splatview
