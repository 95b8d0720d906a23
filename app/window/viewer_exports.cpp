#include "app/window/viewer_window.h"

#include <glad/gl.h>
// glad first: it refuses a GL header included before it.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "app/window/background_tasks.h"

namespace splatview {

namespace {

std::string timestamp() {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", std::localtime(&t));
  return text;
}

}  // namespace

// Finishes the previous export's thread; false (with a message) while it still runs.
bool Viewer::export_slot_free() {
  if (state_.export_task && !state_.export_task->finished) {
    state_.message = "an export is already running";
    return false;
  }
  if (state_.export_task && state_.export_task->thread.joinable()) state_.export_task->thread.join();
  return true;
}

void Viewer::take_screenshot() {
  if (!export_slot_free()) return;
  int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
  glfwGetWindowSize(window_, &win_w, &win_h);
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  const float fb_scale = win_w > 0 ? static_cast<float>(fb_w) / win_w : 1.0f;
  const int width = std::max(1, static_cast<int>(view_width(win_w) * fb_scale));
  const std::filesystem::path path = std::filesystem::absolute("splatview-" + timestamp() + ".png");
  state_.export_task = start_screenshot_task(state_.scene, state_.controller.camera(width, fb_h), state_.settings,
                                             state_.backend, launch_.options.threads, path);
  state_.message = "screenshot: " + path.string();
}

void Viewer::start_turntable() {
  if (!export_slot_free()) return;
  TurntableRequest request;
  request.output = state_.export_path;
  const OrbitView& v = state_.controller.goal();
  request.start = orbit_camera(v.target, v.up, v.azimuth, v.elevation, v.distance, v.fovy, state_.export_width,
                               state_.export_height);
  request.settings = state_.settings;
  request.frames = state_.export_frames;
  request.fps = state_.export_fps;
  if (auto error = validate_turntable(request)) {
    state_.message = error->message();
    return;
  }
  state_.export_task = start_turntable_task(state_.scene, request, state_.backend, launch_.options.threads);
}

bool Viewer::capture_window(const std::filesystem::path& path) {
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  if (auto error = save_framebuffer(path, fb_w, fb_h)) {
    std::fprintf(stderr, "splatview: %s\n", error->message().c_str());
    return false;
  }
  std::fprintf(stderr, "splatview: captured the window to %s (%dx%d, UI %.0f FPS, last render %.0f ms)\n",
               path.string().c_str(), fb_w, fb_h, state_.ui_fps, state_.stats.total_ms);
  return true;
}

}  // namespace splatview
