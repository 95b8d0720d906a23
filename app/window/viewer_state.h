#pragma once
// Everything the window's panels read and change, in one place the frame loop passes around.
#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/turntable_job.h"
#include "app/window/file_dialog.h"
#include "app/window/file_opener.h"
#include "app/window/fly_controller.h"
#include "app/window/notice.h"
#include "app/window/path_editor.h"
#include "app/window/training_camera_list.h"
#include "app/window/orbit_controller.h"
#include "app/window/window_layout.h"
#include "core/framing.h"
#include "app/panels/profile_panel.h"
#include "core/loaded_scene.h"
#include "core/profile.h"
#include "cuda/backend_select.h"
#include "render/renderer.h"

namespace splatview {

// A turntable or screenshot export running beside the UI. Destroying it cancels the export and
// waits for its thread, so its temporary files are gone before the window is.
struct ExportTask {
  ExportTask() = default;
  ExportTask(const ExportTask&) = delete;
  ExportTask& operator=(const ExportTask&) = delete;
  ~ExportTask() {
    cancel = true;
    if (thread.joinable()) thread.join();
  }
  bool running() const { return !finished; }

  std::thread thread;
  std::atomic<bool> cancel{false};
  std::atomic<bool> finished{false};
  std::atomic<int> done{0};
  int total = 0;
  std::string result;  // the outcome line, once finished
};

struct ViewerState {
  // The scene shown, shared with the render worker and exports.
  std::shared_ptr<const GaussianScene> scene;
  std::filesystem::path scene_path;
  std::vector<std::filesystem::path> scene_other_files;  // a .gltf's buffers, a SOG folder's textures
  std::vector<std::string> scene_comments;
  SceneFraming framing;

  // Scenes and profiles the user opens (a scene loads off the UI thread).
  FileOpener opener;
  FileDialog file_dialog;                 // Ctrl+O, Open...: the desktop's own, where installed
  std::vector<std::string> recent_files;  // this session only
  std::string open_path_field;

  // The researcher's profile beside the scene.
  std::optional<Profile> profile;
  std::filesystem::path profile_path;
  std::string save_profile_field;  // where "Save As" writes a profile imported from a page
  ProfilePanelState profile_panel;
  PanelFonts fonts;
  unsigned photo_texture = 0;  // GL texture of the profile's photo; 0: the initials avatar
  ImVec2 photo_size{0, 0};

  // View and rendering settings.
  OrbitController controller;
  bool fly_mode = false;           // V: the fly controller moves the view instead of the orbit
  FlyController fly;
  TrainingCameraList training_cameras;  // the scene's cameras.json, when it has one
  RenderSettings settings;
  Backend backend = Backend::kAuto;
  float render_scale = 1.0f;       // of the view's pixels, when still
  float moving_scale = 0.5f;       // extra factor while the user moves the view
  std::string backend_note;

  // Layout and UI.
  WindowLayout layout;
  bool panels_visible = true;      // H
  bool fullscreen = false;         // F11
  Notice message;                  // the last error or note, shown in the controls panel

  // Stats of the last frame shown.
  FrameStats stats;
  int rendered_width = 0, rendered_height = 0;
  bool rendered_full = true;
  std::string device;
  bool frame_via_gpu = false;  // the last frame went to the texture by CUDA-GL interop, not the host
  float ui_fps = 0.0f;
  float scene_fps = 0.0f;            // new scene images shown a second
  int rendered_level = 0;            // 0: the scene itself; k: its k-th coarser level (moving)
  std::size_t rendered_gaussians = 0;
  int level_count = 0;               // levels of detail the scene has (0: renders exactly always)
  float levels_progress = -1.0f;     // 0..1 while they build, else < 0

  // Exports started from the UI.
  std::unique_ptr<ExportTask> export_task;
  bool asking_to_quit = false;      // the window was closed during an export: ask first
  bool quit_confirmed = false;      // ... and the user said to stop it and quit
  bool focus_open_field = false;    // Ctrl+O: show the Open tab with its path field focused

  // --compare B: the second scene and how it shares the view and every export; the split line is
  // dragged in the view.
  std::optional<Comparison> comparison;
  bool dragging_split = false;

  // The Path tab: the camera path being edited, its file and its video.
  PathEditor path_editor;
  bool show_path = true;            // the path drawn over the view
  bool draw_crop_box = true;        // the crop box's edges drawn over the view while it is on
  std::string path_file = "path.json";
  int path_file_format = 0;         // 0 splatview, 1 nerfstudio camera_path.json
  std::string path_video = "path.mp4";
  std::string export_confirmed_path;  // an existing output the user agreed to replace
  // The Export tab: the command line's options for every export started from the window.
  int export_format = 0;  // 0 mp4, 1 gif, 2 PNG folder
  int export_fps = 30, export_width = 1920, export_height = 1080;
  float export_seconds = 8.0f;      // --seconds: with 30 fps, 240 frames
  int export_turns = 1;             // --turns
  bool export_clockwise = false;    // --direction cw
  int export_background = 0;        // 0 the view's, 1 export_colour, 2 transparent (PNG only)
  float export_colour[3] = {1.0f, 1.0f, 1.0f};
  bool export_view_elevation = true;  // else --elevation export_elevation
  float export_elevation = 10.0f;
  std::string export_path = "turntable.mp4";
};

// Ctrl+O and "Open...": the desktop's file dialog in the shown scene's folder, or where there is
// none, the Open tab with its path field focused.
inline void open_file_dialog(ViewerState& state) {
  const bool started = state.file_dialog.open(state.scene_path.parent_path(), state.message);
  if (!started) state.focus_open_field = true;
}

// Fly mode on (from the view shown, `camera`) or off (the orbit about a point in front of the
// camera, so the view does not jump). app/window/view_modes.cpp.
void enter_fly_mode(ViewerState& state, const Camera& camera);
void leave_fly_mode(ViewerState& state);
// Goes to training view `index` (the Camera tab, PageUp/PageDown): the orbit glides there, or fly
// mode flies from there. The orbit keeps the scene's up axis (a view's roll is levelled).
void show_training_camera(ViewerState& state, int index);

// Keys 1-6 and the View tab's buttons; a preset leaves any path preview and fly mode for the
// orbit, as a drag does.
inline void show_view_preset(ViewerState& state, ViewPreset preset) {
  state.path_editor.end_preview();
  leave_fly_mode(state);
  state.controller.go_to(preset);
}

}  // namespace splatview
