#pragma once
// The window's ImGui panels other than the profile: stats overlay and the controls (view,
// rendering, export, open, about). Functions of the viewer state.
#include <functional>

#include <imgui.h>

#include "app/window/camera_panel.h"
#include "app/window/export_panel.h"
#include "app/window/path_panel.h"
#include "app/window/viewer_state.h"

namespace splatview {

struct ViewerActions {
  std::function<void(const std::filesystem::path&)> open_file;  // .ply scene or .toml profile
  std::function<void()> frame_scene;
  std::function<void(Backend)> switch_backend;
  ExportActions exports;
  PathActions path;
  CameraActions camera;
};

// FPS, frame and stage times, Gaussians, backend, resolution, memory; top-right of the view.
void draw_stats_overlay(const ViewerState& state, ImVec2 view_min, ImVec2 view_max);

// --compare's labels at the view's bottom corners: A's left, B's right.
void draw_comparison_labels(const ViewerState& state, ImVec2 view_min, ImVec2 view_max);

// True when the view is wide enough for the stats overlay at its top-right beside the Controls;
// else the overlay goes to the bottom-right, and the Controls end above it.
bool stats_overlay_on_top(ImVec2 view_min, ImVec2 view_max);

// The controls window at the view's top-left.
void draw_controls(ViewerState& state, const ViewerActions& actions, ImVec2 view_min, ImVec2 view_max);

// The question asked when the window is closed while an export runs (a modal over everything).
void draw_quit_confirmation(ViewerState& state);

}  // namespace splatview
