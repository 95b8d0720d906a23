#pragma once
// The desktop window: GLFW + OpenGL + Dear ImGui around the renderer.
#include <filesystem>
#include <optional>

#include "app/cli.h"
#include "core/loaded_scene.h"
#include "core/profile.h"

namespace splatview {

struct ViewerLaunch {
  CliOptions options;
  std::filesystem::path scene_path;
  LoadedScene scene;
  std::optional<LoadedProfile> profile;  // none: no profile panel
  float orbit_speed = 10.0f;             // degrees per second of auto-rotate
  std::optional<std::filesystem::path> capture;  // --capture-window FILE.png
  int frames_before_capture = 30;
};

// Runs until the window closes (or the capture is written); returns the process exit code.
int run_viewer(ViewerLaunch launch);

}  // namespace splatview
