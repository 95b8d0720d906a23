#include "app/window/path_editor.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace splatview {

void PathEditor::set_path(CameraPath path) {
  path_ = std::move(path);
  selected_ = path_.keys.empty() ? -1 : 0;
  playhead_ = 0;
  playing_ = previewing_ = false;
  rebuild();
}

void PathEditor::add_keyframe(const Camera& view) {
  if (!camera_is_valid(view)) return;
  const auto at = path_.keys.begin() + (selected_ < 0 ? static_cast<long>(path_.keys.size()) : selected_ + 1);
  const auto inserted = path_.keys.insert(at, keyframe_from_camera(view));
  selected_ = static_cast<int>(inserted - path_.keys.begin());
  // The first keyframe is always at the start; a new one elsewhere is placed by arc length.
  if (selected_ == 0) {
    path_.keys[0].time_s = 0.0;
    if (path_.keys.size() > 1) path_.keys[1].time_s.reset();
  }
  rebuild();
}

void PathEditor::remove_selected() {
  if (selected_ < 0 || selected_ >= static_cast<int>(path_.keys.size())) return;
  path_.keys.erase(path_.keys.begin() + selected_);
  if (!path_.keys.empty()) path_.keys[0].time_s = 0.0;
  selected_ = std::min(selected_, static_cast<int>(path_.keys.size()) - 1);
  rebuild();
}

void PathEditor::move_selected(int direction) {
  const int other = selected_ + (direction < 0 ? -1 : 1);
  if (selected_ < 0 || other < 0 || other >= static_cast<int>(path_.keys.size())) return;
  std::swap(path_.keys[selected_], path_.keys[other]);
  // Pinned times stay with their places in the order, so the times still increase.
  std::swap(path_.keys[selected_].time_s, path_.keys[other].time_s);
  selected_ = other;
  rebuild();
}

void PathEditor::set_selected_time(std::optional<double> seconds) {
  if (selected_ <= 0 || selected_ >= static_cast<int>(path_.keys.size())) return;  // keyframe 0 is at 0
  path_.keys[selected_].time_s = seconds;
  rebuild();
}

void PathEditor::set_loop(bool loop) {
  path_.loop = loop;
  rebuild();
}

void PathEditor::set_seconds(double seconds) {
  path_.seconds = std::max(0.0, seconds);
  rebuild();
}

void PathEditor::select(int index) {
  if (index >= 0 && index < static_cast<int>(path_.keys.size())) selected_ = index;
}

void PathEditor::rebuild() {
  sampler_.reset();
  if (path_.keys.size() < 2) {
    problem_ = "add two keyframes or more";
    previewing_ = playing_ = false;
    return;
  }
  auto built = CameraPathSampler::build(path_, "the path");
  if (!built) {
    problem_ = built.error().message();
    previewing_ = playing_ = false;
    return;
  }
  problem_.clear();
  sampler_ = std::move(built.value());
  playhead_ = std::clamp(playhead_, 0.0, sampler_->duration());
}

void PathEditor::play() {
  if (!sampler_) return;
  if (!sampler_->loop() && playhead_ >= sampler_->duration()) playhead_ = 0;
  playing_ = previewing_ = true;
}

void PathEditor::stop() { playing_ = false; }

void PathEditor::advance(double dt_seconds) {
  if (!playing_ || !sampler_) return;
  playhead_ += dt_seconds;
  const double end = sampler_->duration();
  if (playhead_ < end) return;
  if (sampler_->loop()) {
    playhead_ = std::fmod(playhead_, end);
  } else {
    playhead_ = end;
    playing_ = false;  // the view stays on the last frame until the user moves it
  }
}

void PathEditor::scrub(double t_seconds) {
  if (!sampler_) return;
  playhead_ = std::clamp(t_seconds, 0.0, sampler_->duration());
  previewing_ = true;
}

std::optional<Camera> PathEditor::preview_camera(int width, int height) const {
  if (!previewing()) return std::nullopt;
  return sampler_->at(playhead_, width, height);
}

std::optional<Camera> PathEditor::selected_camera(int width, int height) const {
  if (selected_ < 0 || selected_ >= static_cast<int>(path_.keys.size())) return std::nullopt;
  return camera_from_keyframe(path_.keys[selected_], width, height);
}

}  // namespace splatview
