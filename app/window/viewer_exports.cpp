#include "app/window/viewer_window.h"

#include <glad/gl.h>
// glad first: it refuses a GL header included before it.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "app/output_path.h"
#include "core/camera_path.h"
#include "app/window/background_tasks.h"
#include "app/window/view_command_line.h"
#include "app/window/view_conversion.h"

namespace splatview {

namespace {

std::string timestamp() {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", std::localtime(&t));
  return text;
}

}  // namespace

// False (with a message) while the previous export still runs.
bool Viewer::export_slot_free() {
  if (state_.export_task && state_.export_task->running()) {
    state_.message.error("an export is already running");
    return false;
  }
  return true;
}

// The window's rule for an output: never one of the files shown (the scene and the files it was read
// from, the profile, its photo); an existing file only once the user has pressed Export again to
// replace it.
bool Viewer::output_allowed(const std::filesystem::path& output) {
  std::vector<std::filesystem::path> inputs = {state_.scene_path, state_.profile_path};
  inputs.insert(inputs.end(), state_.scene_other_files.begin(), state_.scene_other_files.end());
  if (state_.profile) inputs.push_back(state_.profile->photo);
  const bool confirmed = state_.export_confirmed_path == output.string();
  const auto error = check_output(output, inputs, confirmed);
  if (!error) {
    state_.export_confirmed_path.clear();
    return true;
  }
  if (error->what == "already exists" && !confirmed) {
    state_.export_confirmed_path = output.string();
    state_.message.error(output.string() + " already exists: press Export again to replace it");
  } else {
    state_.message.error(error->message());
  }
  return false;
}

// S: the view at its size on screen, as it looks there.
void Viewer::take_screenshot() {
  int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
  glfwGetWindowSize(window_, &win_w, &win_h);
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  const float fb_scale = win_w > 0 ? static_cast<float>(fb_w) / win_w : 1.0f;
  const int width = std::max(1, static_cast<int>(view_width(win_w) * fb_scale));
  FrameLook look;
  look.settings = state_.settings;
  look.comparison = state_.comparison;
  start_screenshot(shown_camera(width, fb_h), look);
}

// The Export tab's screenshot: the view at the export size, with its background.
void Viewer::export_screenshot() {
  start_screenshot(shown_camera(state_.export_width, state_.export_height), export_look(state_));
}

void Viewer::start_screenshot(const Camera& camera, const FrameLook& look) {
  if (!export_slot_free()) return;
  const std::filesystem::path path = std::filesystem::absolute("splatview-" + timestamp() + ".png");
  state_.export_task =
      start_screenshot_task(state_.scene, camera, look, state_.backend, launch_.options.threads, path);
  state_.message.note("screenshot: " + path.string());
}

// The orbit a turntable starts from: the orbit's, or in fly mode the one about the point ahead.
OrbitView Viewer::export_orbit() const {
  if (!state_.fly_mode) return state_.controller.goal();
  const FlyController& fly = state_.fly;
  const float distance = orbit_distance_ahead(fly.eye(), fly.forward(), state_.framing.center, state_.framing.radius);
  return orbit_looking_along(fly.eye(), fly.forward(), fly.up(), distance, fly.fovy());
}

void Viewer::start_turntable() {
  if (!export_slot_free()) return;
  TurntableRequest request;
  request.output = state_.export_path;
  OrbitView start = export_orbit();
  if (!state_.export_view_elevation) start.elevation = state_.export_elevation;
  request.start = orbit_camera(start, state_.export_width, state_.export_height);
  request.look = export_look(state_);
  request.fps = state_.export_fps;
  request.frames = turntable_frames(state_.export_seconds, request.fps);
  request.turns = state_.export_turns;
  request.clockwise = state_.export_clockwise;
  if (auto error = validate_turntable(request)) {
    state_.message.error(error->message());
    return;
  }
  if (!output_allowed(request.output)) return;
  state_.export_task = start_turntable_task(state_.scene, request, state_.backend, launch_.options.threads);
}

// "Copy as command line": the shown view at the export size, for a headless render.
void Viewer::copy_command_line() {
  CommandLineView view;
  view.scene = std::filesystem::absolute(state_.scene_path);
  view.camera = shown_camera(state_.export_width, state_.export_height);
  const FrameLook look = export_look(state_);
  view.settings = look.settings;
  view.transparent = look.transparent;
  view.scene_sh_degree = state_.scene ? state_.scene->sh_degree : kMaxShDegree;
  const std::string line = view_command_line(view);
  glfwSetClipboardString(window_, line.c_str());
  state_.message.note("copied: " + line);
}

void Viewer::load_path(const std::filesystem::path& file) {
  auto loaded = load_camera_path(file);
  if (!loaded) {
    state_.message.error(loaded.error().message());
    return;
  }
  state_.path_editor.set_path(std::move(loaded.value()));
  state_.path_file = file.string();
  state_.message.note("loaded the path " + file.string());
}

void Viewer::save_path() {
  const std::filesystem::path file = state_.path_file;
  if (!output_allowed(file)) return;
  const PathFormat format = state_.path_file_format == 1 ? PathFormat::kNerfstudio : PathFormat::kSplatview;
  if (auto error = save_camera_path(file, state_.path_editor.path(), format)) {
    state_.message.error(error->message());
    return;
  }
  state_.message.note("saved the path to " + std::filesystem::absolute(file).string());
}

void Viewer::start_path_video() {
  if (!export_slot_free() || !state_.path_editor.sampler()) return;
  const CameraPathSampler path = *state_.path_editor.sampler();
  const int frames = path.frame_count(state_.export_fps);
  const VideoRequest request{state_.path_video, state_.export_width, state_.export_height, frames, state_.export_fps, false};
  if (auto error = validate_video(request)) {
    state_.message.error(error->message());
    return;
  }
  if (!output_allowed(request.output)) return;
  FrameLook look;
  look.settings = state_.settings;
  look.comparison = state_.comparison;
  state_.export_task = start_video_task(
      state_.scene, look, request,
      [path, frames](int k, int width, int height) { return path.at(path.frame_time(k, frames), width, height); },
      state_.backend, launch_.options.threads);
}

bool Viewer::capture_window(const std::filesystem::path& path) {
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  if (auto error = save_framebuffer(path, fb_w, fb_h)) {
    std::fprintf(stderr, "splatview: %s\n", error->message().c_str());
    return false;
  }
  std::fprintf(stderr,
               "splatview: captured the window to %s (%dx%d, UI %.0f FPS, %.1f scene images a second, last render "
               "%.0f ms of %zu Gaussians, %s)\n",
               path.string().c_str(), fb_w, fb_h, state_.ui_fps, state_.scene_fps, state_.stats.total_ms,
               state_.rendered_gaussians,
               state_.rendered_level > 0 ? ("level " + std::to_string(state_.rendered_level) + " of detail").c_str()
                                         : "the exact frame");
  return true;
}

}  // namespace splatview
