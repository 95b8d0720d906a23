#pragma once
// The size and place of the window when it first opens. No GLFW here, so tests can ask directly.

namespace splatview {

// The monitor's work area: the screen less the desktop's own panels.
struct WorkArea {
  int x = 0, y = 0, width = 0, height = 0;
};

struct FirstWindowRequest {
  int width = 0, height = 0;  // --size WxH where given, else the remembered size
  bool asked = false;         // true: from --size
  int min_width = 1, min_height = 1;
};

struct FirstWindow {
  int width = 0, height = 0;
  bool centre = false;  // the size was changed to fit: centre it at (x, y)
  int x = 0, y = 0;
  bool shrunk = false;  // --size did not fit: say so
};

// --size as much as the work area holds; a remembered size only where it fits whole, else 85 % of
// the work area (a remembered size from a bigger screen is no request of the user's now).
FirstWindow first_window(const FirstWindowRequest& request, const WorkArea& area);

}  // namespace splatview
