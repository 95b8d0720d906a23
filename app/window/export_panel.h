#pragma once
// The window's Export tab: a screenshot of the view, or at the export size; a turntable with the
// command line's options (size up to kMaxImageSide a side, background colour or transparent,
// elevation, turns, direction, seconds and frame rate); and "Copy as command line", the view as
// the splatview command that renders it headless.
#include <functional>

#include "app/window/viewer_state.h"

namespace splatview {

struct ExportActions {
  std::function<void()> take_screenshot;    // the view, at its size on screen (S)
  std::function<void()> export_screenshot;  // the view at the export size and background
  std::function<void()> start_turntable;
  std::function<void()> copy_command_line;
};

void export_tab(ViewerState& state, const ExportActions& actions);

// The look of an export: the view's settings with the Export tab's background.
FrameLook export_look(const ViewerState& state);

}  // namespace splatview
