#include "app/window/window_layout.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/safe_write.h"
#include "core/text_values.h"

namespace splatview {

std::filesystem::path window_layout_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  std::filesystem::path base = (xdg && *xdg) ? std::filesystem::path(xdg)
                               : home        ? std::filesystem::path(home) / ".config"
                                             : std::filesystem::path(".");
  return base / "splatview" / "window.ini";
}

WindowLayout load_window_layout() {
  WindowLayout layout;
  std::ifstream in(window_layout_path());
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    const auto value = parse_number(line.substr(eq + 1));
    if (!value) continue;
    if (key == "width") layout.width = std::clamp(static_cast<int>(*value), 320, 16384);
    else if (key == "height") layout.height = std::clamp(static_cast<int>(*value), 240, 16384);
    else if (key == "panel_on_left") layout.panel_on_left = *value != 0;
    else if (key == "panel_width") layout.panel_width = *value <= 0 ? 0.0f : std::clamp(static_cast<float>(*value), 200.0f, 2000.0f);
    else if (key == "panel_visible") layout.panel_visible = *value != 0;
  }
  return layout;
}

void save_window_layout(const WindowLayout& layout) {
  const auto path = window_layout_path();
  std::error_code ignored;
  std::filesystem::create_directories(path.parent_path(), ignored);
  std::ostringstream out;
  out << "# splatview window layout (size and panels); delete to reset\n"
      << "width=" << layout.width << "\nheight=" << layout.height << "\npanel_on_left=" << layout.panel_on_left
      << "\npanel_width=" << layout.panel_width << "\npanel_visible=" << layout.panel_visible << "\n";
  write_file_safely(path, out.str());  // a settings file that cannot be written is not worth a message
}

}  // namespace splatview
