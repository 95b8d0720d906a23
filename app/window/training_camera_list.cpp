#include "app/window/training_camera_list.h"

namespace splatview {

std::optional<Error> TrainingCameraList::load_for(const std::filesystem::path& scene) {
  *this = {};
  const auto json = find_training_cameras(scene);
  if (!json) return std::nullopt;
  auto loaded = load_training_cameras(*json);
  if (!loaded) return loaded.error();
  file_ = *json;
  cameras_ = std::move(loaded.value());
  return std::nullopt;
}

void TrainingCameraList::select(int index) {
  selected_ = index >= 0 && index < static_cast<int>(cameras_.size()) ? index : -1;
}

int TrainingCameraList::step(int direction) {
  const int count = static_cast<int>(cameras_.size());
  if (count == 0) return selected_ = -1;
  if (selected_ < 0) return selected_ = direction >= 0 ? 0 : count - 1;
  selected_ = ((selected_ + direction) % count + count) % count;
  return selected_;
}

std::string TrainingCameraList::label(const TrainingCamera& camera) {
  return std::to_string(camera.id) + "  " + camera.img_name;
}

}  // namespace splatview
