#include "app/window/viewer_window.h"

#include <glad/gl.h>
// glad first: it refuses a GL header included before it.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <optional>

#include "app/window/keyboard_navigation.h"
#include "render/picking.h"

namespace splatview {

namespace {

Viewer* viewer_of(GLFWwindow* window) { return static_cast<Viewer*>(glfwGetWindowUserPointer(window)); }

}  // namespace

std::string last_glfw_error(const char* fallback) {
  const char* description = nullptr;
  glfwGetError(&description);
  return description ? description : fallback;
}

void on_key(GLFWwindow* window, int key, int, int action, int mods) {
  if (Viewer* viewer = viewer_of(window); viewer && (action == GLFW_PRESS || action == GLFW_REPEAT))
    viewer->events_.keys.push_back({key, mods});
}
void on_drop(GLFWwindow* window, int count, const char** paths) {
  if (Viewer* viewer = viewer_of(window))
    for (int i = 0; i < count; ++i) viewer->events_.drops.emplace_back(paths[i]);
}

// F: the scene framed again, seen from where the camera is now (its up axis and direction kept).
void Viewer::frame_view() {
  leave_fly_mode(state_);
  int w = 0, h = 0;
  glfwGetWindowSize(window_, &w, &h);
  const OrbitView& now = state_.controller.goal();
  OrbitView framed = now;
  framed.target = state_.framing.center;
  framed.distance = framing_distance(state_.framing.radius, now.fovy, std::max(1, static_cast<int>(view_width(w))),
                                     std::max(1, h));
  state_.controller.set_home(framed);
}

void Viewer::toggle_fullscreen() {
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  if (!monitor) return;
  state_.fullscreen = !state_.fullscreen;
  if (state_.fullscreen) {
    glfwGetWindowPos(window_, &windowed_x_, &windowed_y_);
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_x_, windowed_y_, state_.layout.width, state_.layout.height, 0);
  }
}

void Viewer::handle_keys() {
  std::vector<KeyPress> keys;
  keys.swap(events_.keys);
  const bool typing = panels_own_keyboard();
  for (const KeyPress& press : keys) {
    // Ctrl shortcuts work everywhere, even while a text field has the keyboard.
    if (press.mods & GLFW_MOD_CONTROL) {
      if (press.key == GLFW_KEY_Q) glfwSetWindowShouldClose(window_, GLFW_TRUE);  // asks first during an export
      if (press.key == GLFW_KEY_O) open_file_dialog(state_);
      continue;
    }
    if (typing) continue;
    switch (press.key) {
      case GLFW_KEY_V: toggle_fly_mode(); break;
      // The orbit's own keys take the view back to the orbit first.
      case GLFW_KEY_R:
        leave_fly_mode(state_);
        state_.controller.reset();
        break;
      case GLFW_KEY_F: frame_view(); break;
      case GLFW_KEY_U:  // a new up axis frames the scene again, so nothing ends up out of view
        leave_fly_mode(state_);
        state_.controller.cycle_up();
        frame_view();
        break;
      case GLFW_KEY_H: state_.panels_visible = !state_.panels_visible; break;
      case GLFW_KEY_P: state_.layout.panel_visible = !state_.layout.panel_visible; break;
      case GLFW_KEY_S:  // in fly mode S flies backwards; the Export tab's button still takes screenshots
        if (!state_.fly_mode) take_screenshot();
        break;
      case GLFW_KEY_SPACE:
        leave_fly_mode(state_);
        state_.controller.auto_rotate = !state_.controller.auto_rotate;
        break;
      case GLFW_KEY_F11: toggle_fullscreen(); break;
      // The training views (the arrow keys move between the panels' widgets).
      case GLFW_KEY_PAGE_UP: show_training_camera(state_, state_.training_cameras.step(-1)); break;
      case GLFW_KEY_PAGE_DOWN: show_training_camera(state_, state_.training_cameras.step(+1)); break;
      case GLFW_KEY_1: case GLFW_KEY_KP_1: show_view_preset(state_, ViewPreset::kFront); break;
      case GLFW_KEY_2: case GLFW_KEY_KP_2: show_view_preset(state_, ViewPreset::kBack); break;
      case GLFW_KEY_3: case GLFW_KEY_KP_3: show_view_preset(state_, ViewPreset::kLeft); break;
      case GLFW_KEY_4: case GLFW_KEY_KP_4: show_view_preset(state_, ViewPreset::kRight); break;
      case GLFW_KEY_5: case GLFW_KEY_KP_5: show_view_preset(state_, ViewPreset::kTop); break;
      case GLFW_KEY_6: case GLFW_KEY_KP_6: show_view_preset(state_, ViewPreset::kBottom); break;
      default: break;
    }
  }
}

// V and the Camera tab: fly from the view shown, or back to the orbit.
void Viewer::toggle_fly_mode() {
  if (state_.fly_mode) {
    leave_fly_mode(state_);
    return;
  }
  int w = 0, h = 0;
  glfwGetWindowSize(window_, &w, &h);
  enter_fly_mode(state_, shown_camera(std::max(1, static_cast<int>(view_width(w))), std::max(1, h)));
}

// Fly mode: the movement keys are read as held (not as presses) every frame; the left button looks
// around, the wheel steps along the view.
void Viewer::handle_fly_input(double now, double dt, bool inside) {
  const ImGuiIO& io = ImGui::GetIO();
  FlyInput input;
  if (!panels_own_keyboard()) {
    auto held = [this](int key) { return glfwGetKey(window_, key) == GLFW_PRESS; };
    FlyKeys& k = input.keys;
    const bool ctrl = held(GLFW_KEY_LEFT_CONTROL) || held(GLFW_KEY_RIGHT_CONTROL);  // Ctrl+Q is no Q
    k.forward = !ctrl && held(GLFW_KEY_W);
    k.back = !ctrl && held(GLFW_KEY_S);
    k.left = !ctrl && held(GLFW_KEY_A);
    k.right = !ctrl && held(GLFW_KEY_D);
    k.down = !ctrl && held(GLFW_KEY_Q);
    k.up = !ctrl && held(GLFW_KEY_E);
    k.fast = held(GLFW_KEY_LEFT_SHIFT) || held(GLFW_KEY_RIGHT_SHIFT);
  }
  if (!io.WantCaptureMouse) {
    if (io.MouseDown[0] && !io.MouseClicked[0]) input.look = {io.MouseDelta.x, io.MouseDelta.y};
    if (inside) input.wheel = io.MouseWheel;
  }
  state_.fly.handle(input, dt, now);
}

void Viewer::handle_view_input(double now, ImVec2 view_min, ImVec2 view_max) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool inside_view = io.MousePos.x >= view_min.x && io.MousePos.x < view_max.x &&
                           io.MousePos.y >= view_min.y && io.MousePos.y < view_max.y;
  if (state_.fly_mode) {
    handle_fly_input(now, std::min(0.1, now - last_fly_input_), inside_view);
    last_fly_input_ = now;
    return;
  }
  last_fly_input_ = now;
  if (io.WantCaptureMouse) return;
  const bool inside = io.MousePos.x >= view_min.x && io.MousePos.x < view_max.x && io.MousePos.y >= view_min.y &&
                      io.MousePos.y < view_max.y;
  ViewInput input;
  input.cursor = {io.MousePos.x - view_min.x, io.MousePos.y - view_min.y};
  input.view_size = {view_max.x - view_min.x, view_max.y - view_min.y};
  input.drag = {io.MouseDelta.x, io.MouseDelta.y};
  input.orbit_drag = io.MouseDown[0] && !io.MouseClicked[0];
  input.pan_drag = (io.MouseDown[1] && !io.MouseClicked[1]) || (io.MouseDown[2] && !io.MouseClicked[2]);
  input.wheel = inside ? io.MouseWheel : 0.0f;
  if (drag_split_line(view_min, view_max)) return;
  if (!inside && !input.orbit_drag && !input.pan_drag) return;
  // Moving the view by hand leaves the path's preview for the orbit.
  if ((input.orbit_drag || input.pan_drag) && (input.drag.x != 0 || input.drag.y != 0 || input.wheel != 0))
    state_.path_editor.end_preview();
  if (input.wheel != 0) state_.path_editor.end_preview();
  state_.controller.handle(input, now);

  if (inside && io.MouseDoubleClicked[0] && state_.scene) {
    const Camera camera = state_.controller.camera(static_cast<int>(input.view_size.x), static_cast<int>(input.view_size.y));
    if (auto point = pick_surface(*state_.scene, camera, state_.settings, input.cursor.x, input.cursor.y))
      state_.controller.set_target(*point);
  }
}

// A press within a few pixels of the comparison's split line drags the line instead of the view.
bool Viewer::drag_split_line(ImVec2 view_min, ImVec2 view_max) {
  if (!state_.comparison || state_.comparison->layout != CompareLayout::kSplit) return false;
  const ImGuiIO& io = ImGui::GetIO();
  const float width = std::max(1.0f, view_max.x - view_min.x);
  const float line_x = view_min.x + state_.comparison->line * width;
  constexpr float kGrabPixels = 6.0f;
  if (io.MouseClicked[0] && std::abs(io.MousePos.x - line_x) <= kGrabPixels && io.MousePos.y >= view_min.y &&
      io.MousePos.y < view_max.y)
    state_.dragging_split = true;
  if (!io.MouseDown[0]) state_.dragging_split = false;
  if (!state_.dragging_split) return false;
  state_.comparison->line = std::clamp((io.MousePos.x - view_min.x) / width, 0.0f, 1.0f);
  worker_->set_comparison(view_comparison());
  return true;
}

void Viewer::handle_drops_and_loading() {
  std::vector<std::string> drops;
  drops.swap(events_.drops);
  for (const std::string& path : drops) open_file(path);
  if (auto chosen = state_.file_dialog.poll(state_.message)) open_file(*chosen);

  std::optional<OpenedFile> opened = state_.opener.poll(state_.message);
  if (!opened) return;  // nothing ready, or it failed: what is on screen stays
  if (opened->profile) show_profile(std::move(opened->profile->profile), opened->path);
  if (opened->scene)
    show_scene(std::make_shared<const GaussianScene>(std::move(opened->scene->scene)), opened->path,
               std::move(opened->scene->other_files), false);
  const std::string name = opened->path.string();
  std::erase(state_.recent_files, name);
  state_.recent_files.insert(state_.recent_files.begin(), name);
}

void Viewer::open_file(const std::filesystem::path& path) { state_.opener.open(path, state_.message); }

}  // namespace splatview
