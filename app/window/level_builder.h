#pragma once
// Builds a large scene's levels of detail (core/scene_levels.h) on a thread of its own after the
// scene is shown, so the window can keep moving on it; the UI polls progress() and take().
// Destroying the builder cancels the build and waits for its thread.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/gaussian_scene.h"

namespace splatview {

using SceneLevels = std::vector<GaussianScene>;

class LevelBuilder {
 public:
  explicit LevelBuilder(std::shared_ptr<const GaussianScene> scene);
  ~LevelBuilder();
  LevelBuilder(const LevelBuilder&) = delete;
  LevelBuilder& operator=(const LevelBuilder&) = delete;

  // Whether the scene is large enough to need levels at all (smaller ones render fast exactly).
  static bool needed_for(const GaussianScene& scene);

  const std::shared_ptr<const GaussianScene>& scene() const { return scene_; }
  float progress() const { return progress_.load(); }  // 0..1
  bool finished() const { return finished_.load(); }
  // Once finished: the levels, finest first (moved out: later calls give nothing).
  std::shared_ptr<const SceneLevels> take();

 private:
  std::shared_ptr<const GaussianScene> scene_;
  std::atomic<float> progress_{0.f};
  std::atomic<bool> cancel_{false};
  std::atomic<bool> finished_{false};
  std::mutex mutex_;
  std::shared_ptr<const SceneLevels> levels_;
  std::thread thread_;
};

}  // namespace splatview
