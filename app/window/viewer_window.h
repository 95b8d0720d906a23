#pragma once
// The window's Viewer, shared by its three parts: viewer.cpp (set-up, the frame loop, the profile
// panel), viewer_input.cpp (keys, mouse, dropped files) and viewer_exports.cpp (screenshot,
// turntable, window capture). Internal to app/window.
#include <imgui.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/window/direct_upload.h"
#include "app/window/render_worker.h"
#include "app/window/scene_texture.h"
#include "app/window/viewer.h"
#include "app/window/viewer_panels.h"
#include "app/window/viewer_state.h"

struct GLFWwindow;

namespace splatview {

// GLFW reports through callbacks; they only queue what happened for the frame loop, in the
// Viewer that the window's user pointer names.
struct KeyPress {
  int key = 0;
  int mods = 0;
};
struct WindowEvents {
  std::vector<KeyPress> keys;
  std::vector<std::string> drops;
};
void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
void on_drop(GLFWwindow* window, int count, const char** paths);
// GLFW's description of its last error, or `fallback`.
std::string last_glfw_error(const char* fallback);

double now_seconds();
// The orbit the command line asks for, about the framed scene.
OrbitView home_view(const CliOptions& options, const SceneFraming& framing, float aspect);

class Viewer {
 public:
  explicit Viewer(ViewerLaunch launch) : launch_(std::move(launch)) {}

  int run();

 private:
  // viewer.cpp: set-up and tear-down
  bool open_window();
  void init_ui();
  void load_fonts();
  void reload_fonts_if_needed();
  void shutdown();
  // `other_files`: what else it was read from (LoadedScene::other_files), which exports must not write over.
  void show_scene(std::shared_ptr<const GaussianScene> scene, const std::filesystem::path& path,
                  std::vector<std::filesystem::path> other_files, bool from_options);
  // "splatview — scene.ply — Profile Name"
  void update_title();
  void show_profile(Profile profile, const std::filesystem::path& path);
  // Widths in window units: the profile panel (0 when hidden), and what is left for the view.
  float panel_width() const;
  float view_width(int window_width) const;

  // viewer.cpp: the frame loop
  int loop();
  bool show_frame(RenderedFrame& frame);
  void draw_profile_panel_window(float height);
  // viewer_input.cpp
  void handle_keys();
  void handle_drops_and_loading();
  void handle_view_input(double now, ImVec2 view_min, ImVec2 view_max);
  void handle_fly_input(double now, double dt, bool inside_view);
  void toggle_fly_mode();
  void open_file(const std::filesystem::path& path);
  // viewer_exports.cpp
  void start_turntable();
  friend void on_key(GLFWwindow*, int, int, int, int);
  friend void on_drop(GLFWwindow*, int, const char**);
  void frame_view();
  Camera shown_camera(int width, int height) const;
  ViewerActions panel_actions();
  void load_path(const std::filesystem::path& file);
  void load_comparison(const std::filesystem::path& file);
  std::optional<Comparison> view_comparison() const;
  bool drag_split_line(ImVec2 view_min, ImVec2 view_max);
  void save_path();
  void start_path_video();
  void fit_to_work_area();
  void toggle_fullscreen();
  bool export_slot_free();
  bool output_allowed(const std::filesystem::path& output);
  void take_screenshot();
  void export_screenshot();
  void start_screenshot(const Camera& camera, const FrameLook& look);
  void copy_command_line();
  OrbitView export_orbit() const;
  bool capture_window(const std::filesystem::path& path);
  void hand_over_levels();

  ViewerLaunch launch_;
  ViewerState state_;
  GLFWwindow* window_ = nullptr;
  WindowEvents events_;
  std::vector<ImWchar> extra_glyphs_;  // the profile's glyphs beyond DejaVu; alive while the atlas is
  bool fonts_stale_ = false;
  int windowed_x_ = 0, windowed_y_ = 0;  // the window's place before fullscreen, restored after
  bool place_window_ = false;             // the window was resized to fit: centre it
  float ui_scale_ = 1.0f;
  std::unique_ptr<DirectUpload> direct_upload_;  // CUDA-GL interop, or null; outlives worker_
  std::unique_ptr<RenderWorker> worker_;
  std::unique_ptr<LevelBuilder> level_builder_;  // the shown scene's levels of detail, while they build
  SceneTexture texture_;
  RenderedFrame shown_;
  bool has_full_frame_ = false;
  float shown_panel_width_ = -1.0f;  // the profile panel's width last frame, in window units
  double last_fly_input_ = 0.0;      // when fly mode last moved the view
};

}  // namespace splatview
