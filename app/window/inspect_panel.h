#pragma once
// The window's inspection settings (in the View tab): what the view shows (--show) and the crop
// box and opacity threshold that hide floaters (--crop, --min-opacity). Both live in
// state.settings, so the view and every export from the window follow them.
#include "app/window/viewer_state.h"

namespace splatview {

// The "Show" combo: colour or an inspection view.
void show_mode_combo(ViewerState& state);

// The "Crop" section: the box (drag its six bounds; reset to the scene's bounds), on or off, and
// the minimum opacity.
void crop_section(ViewerState& state);

// The crop box's twelve edges over the view while it is on and "Draw the box" is ticked (never
// into exports).
void draw_crop_box(const ViewerState& state, const Camera& view, ImVec2 view_min, ImVec2 view_max);

// The stats overlay's line for them, e.g. "show depth (on the CPU)  crop on  opacity >= 0.05".
void inspect_stats_line(const ViewerState& state);

}  // namespace splatview
