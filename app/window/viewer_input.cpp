#include "app/window/viewer_window.h"

#include <glad/gl.h>
// glad first: it refuses a GL header included before it.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <optional>

#include "render/picking.h"

namespace splatview {

WindowEvents g_window_events;

void on_glfw_error(int, const char* description) { g_window_events.last_error = description; }
void on_key(GLFWwindow*, int key, int, int action, int) {
  if (action == GLFW_PRESS) g_window_events.keys.push_back(key);
}
void on_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) g_window_events.drops.emplace_back(paths[i]);
}

void Viewer::handle_keys() {
  std::vector<int> keys;
  keys.swap(g_window_events.keys);
  if (ImGui::GetIO().WantCaptureKeyboard) return;
  for (int key : keys) {
    switch (key) {
      case GLFW_KEY_R: state_.controller.reset(); break;
      case GLFW_KEY_F: state_.controller.set_home(home_view(CliOptions{}, state_.framing, 1.6f)); break;
      case GLFW_KEY_U: state_.controller.cycle_up(); break;
      case GLFW_KEY_H: state_.panels_visible = !state_.panels_visible; break;
      case GLFW_KEY_P: state_.layout.panel_visible = !state_.layout.panel_visible; break;
      case GLFW_KEY_S: take_screenshot(); break;
      case GLFW_KEY_SPACE: state_.controller.auto_rotate = !state_.controller.auto_rotate; break;
      case GLFW_KEY_F11: {
        GLFWmonitor* monitor = glfwGetPrimaryMonitor();
        if (!monitor) break;
        state_.fullscreen = !state_.fullscreen;
        if (state_.fullscreen) {
          const GLFWvidmode* mode = glfwGetVideoMode(monitor);
          glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
        } else {
          glfwSetWindowMonitor(window_, nullptr, 80, 80, state_.layout.width, state_.layout.height, 0);
        }
        break;
      }
      default: break;
    }
  }
}

void Viewer::handle_view_input(double now, ImVec2 view_min, ImVec2 view_max) {
  const ImGuiIO& io = ImGui::GetIO();
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
  if (!inside && !input.orbit_drag && !input.pan_drag) return;
  state_.controller.handle(input, now);

  if (inside && io.MouseDoubleClicked[0] && state_.scene) {
    const Camera camera = state_.controller.camera(static_cast<int>(input.view_size.x), static_cast<int>(input.view_size.y));
    if (auto point = pick_surface(*state_.scene, camera, state_.settings, input.cursor.x, input.cursor.y))
      state_.controller.set_target(*point);
  }
}

void Viewer::handle_drops_and_loading() {
  std::vector<std::string> drops;
  drops.swap(g_window_events.drops);
  for (const std::string& path : drops) open_file(path);

  std::optional<OpenedFile> opened = state_.opener.poll(state_.message);
  if (!opened) return;  // nothing ready, or it failed: what is on screen stays
  if (opened->profile) show_profile(std::move(opened->profile->profile), opened->path);
  if (opened->scene)
    show_scene(std::make_shared<const GaussianScene>(std::move(opened->scene->scene)), opened->path, false);
  const std::string name = opened->path.string();
  std::erase(state_.recent_files, name);
  state_.recent_files.insert(state_.recent_files.begin(), name);
}

void Viewer::open_file(const std::filesystem::path& path) { state_.opener.open(path, state_.message); }

}  // namespace splatview
