#include "app/window/level_builder.h"

#include <utility>

#include "core/scene_levels.h"

namespace splatview {

LevelBuilder::LevelBuilder(std::shared_ptr<const GaussianScene> scene) : scene_(std::move(scene)) {
  thread_ = std::thread([this] {
    LevelBuildControl control;
    control.progress = [this](float f) { progress_ = f; };
    control.cancel = &cancel_;
    auto levels = std::make_shared<const SceneLevels>(build_scene_levels(*scene_, control));
    {
      std::lock_guard lock(mutex_);
      levels_ = std::move(levels);
    }
    finished_ = true;
  });
}

LevelBuilder::~LevelBuilder() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

bool LevelBuilder::needed_for(const GaussianScene& scene) {
  return scene.count() >= kCoarsestLevelGaussians * kLevelReduction;
}

std::shared_ptr<const SceneLevels> LevelBuilder::take() {
  std::lock_guard lock(mutex_);
  return std::move(levels_);
}

}  // namespace splatview
