#include "app/window/first_window.h"

#include <algorithm>

namespace splatview {

FirstWindow first_window(const FirstWindowRequest& request, const WorkArea& area) {
  FirstWindow window{std::max(request.width, request.min_width), std::max(request.height, request.min_height)};
  // No work area (no monitor known): the size as asked.
  if (area.width <= 0 || area.height <= 0) return window;
  if (window.width <= area.width && window.height <= area.height) return window;
  if (request.asked) {
    window.width = std::min(window.width, area.width);
    window.height = std::min(window.height, area.height);
    window.shrunk = true;
  } else {
    window.width = static_cast<int>(area.width * 0.85);
    window.height = static_cast<int>(area.height * 0.85);
  }
  // The window's smallest size wins over a tiny screen: the window manager may then clip it.
  window.width = std::max(window.width, request.min_width);
  window.height = std::max(window.height, request.min_height);
  window.centre = true;
  window.x = area.x + (area.width - window.width) / 2;
  window.y = area.y + (area.height - window.height) / 2;
  return window;
}

}  // namespace splatview
