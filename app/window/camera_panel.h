#pragma once
// The window's Camera tab: orbit or fly mode (V) with fly mode's keys, and the training views of
// the scene's cameras.json, each a click away (PageUp/PageDown step through them).
#include <functional>

#include "app/window/viewer_state.h"

namespace splatview {

struct CameraActions {
  std::function<void()> toggle_fly_mode;  // from the view shown, or back to the orbit
};

void camera_tab(ViewerState& state, const CameraActions& actions);

}  // namespace splatview
