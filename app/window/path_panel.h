#pragma once
// The window's Path tab (keyframes, timing, play and scrub, file, video export) and the path drawn
// over the view: a line along the move and a small camera mark at each keyframe. The marks are an
// overlay of the window only, so exports never contain them.
#include <functional>

#include <imgui.h>

#include "app/window/viewer_state.h"

namespace splatview {

struct PathActions {
  std::function<void()> add_current_view;
  std::function<void()> save;
  std::function<void()> load;
  std::function<void()> export_video;
};

void path_tab(ViewerState& state, const PathActions& actions);

// `view` is the camera shown, sized in window units to the view rectangle [view_min, view_max).
void draw_path_marks(const ViewerState& state, const Camera& view, ImVec2 view_min, ImVec2 view_max);

}  // namespace splatview
