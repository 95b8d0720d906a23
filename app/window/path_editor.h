#pragma once
// The window's camera-path editor, without any drawing: the keyframes being edited, the one
// selected, and the playhead for playing or scrubbing the path in the view. The Path panel
// (path_panel.cpp) draws it; tests drive it directly.
#include <optional>
#include <string>

#include "core/camera.h"
#include "core/camera_path.h"

namespace splatview {

class PathEditor {
 public:
  const CameraPath& path() const { return path_; }
  // Replaces the path (a loaded file); the selection and playhead go back to the start.
  void set_path(CameraPath path);

  // Adds `view` after the selected keyframe (at the end when none) and selects it.
  void add_keyframe(const Camera& view);
  void remove_selected();
  // Moves the selected keyframe one place earlier (-1) or later (+1).
  void move_selected(int direction);
  // Pins the selected keyframe at `seconds`, or unpins it (nullopt: placed by arc length).
  void set_selected_time(std::optional<double> seconds);
  void set_loop(bool loop);
  void set_seconds(double seconds);  // the path's length; 0: from its keyframes

  int selected() const { return selected_; }
  void select(int index);

  // The move through the keyframes, or why there is none (fewer than two keyframes, times that go
  // backwards, ...). Rebuilt after every edit.
  const std::optional<CameraPathSampler>& sampler() const { return sampler_; }
  const std::string& problem() const { return problem_; }

  // Playing advances the playhead with the clock; scrubbing sets it. While either shows, the view
  // is the path's camera at the playhead (previewing()).
  void play();
  void stop();
  bool playing() const { return playing_; }
  void advance(double dt_seconds);  // wraps on a loop, stops at the end of an open path
  void scrub(double t_seconds);
  double playhead() const { return playhead_; }
  bool previewing() const { return previewing_ && sampler_.has_value(); }
  void end_preview() { previewing_ = playing_ = false; }
  std::optional<Camera> preview_camera(int width, int height) const;
  // The selected keyframe's view, to jump to.
  std::optional<Camera> selected_camera(int width, int height) const;

 private:
  void rebuild();

  CameraPath path_;
  int selected_ = -1;
  std::optional<CameraPathSampler> sampler_;
  std::string problem_ = "add two keyframes or more";
  bool playing_ = false;
  bool previewing_ = false;
  double playhead_ = 0;
};

}  // namespace splatview
