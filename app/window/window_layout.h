#pragma once
// The only things the window remembers between runs: its size and the panel layout, kept in
// $XDG_CONFIG_HOME/splatview/window.ini (default ~/.config/splatview/window.ini).
#include <filesystem>

namespace splatview {

struct WindowLayout {
  int width = 1600;
  int height = 900;
  bool panel_on_left = true;
  float panel_width = 0.0f;  // in unscaled pixels; 0: a fraction of the window (until dragged)
  bool panel_visible = true;
};

std::filesystem::path window_layout_path();
// Defaults when the file is missing or unreadable; out-of-range values are clamped.
WindowLayout load_window_layout();
void save_window_layout(const WindowLayout& layout);

}  // namespace splatview
