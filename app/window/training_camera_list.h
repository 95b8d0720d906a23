#pragma once
// The training views of the scene shown, from its cameras.json (found as --camera finds it), for
// the Camera tab's list and for stepping through them with PageUp/PageDown.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/formats/training_cameras.h"
#include "core/result.h"

namespace splatview {

class TrainingCameraList {
 public:
  // Looks for the cameras.json of `scene` and reads it. No file: an empty list and no error; a bad
  // file: an empty list and the error (naming the file) for the window to show.
  std::optional<Error> load_for(const std::filesystem::path& scene);

  const std::vector<TrainingCamera>& cameras() const { return cameras_; }
  const std::filesystem::path& file() const { return file_; }
  bool empty() const { return cameras_.empty(); }
  // The view last jumped to, or -1 before the first.
  int selected() const { return selected_; }
  void select(int index);
  // One step forward (+1) or back (-1) from the selected view, round at either end; from none
  // selected, forward is the first and back the last. The new index, or -1 for an empty list.
  int step(int direction);
  // "12  DSC0042.JPG": the view's id and image name, as the list shows them.
  static std::string label(const TrainingCamera& camera);

 private:
  std::filesystem::path file_;
  std::vector<TrainingCamera> cameras_;
  int selected_ = -1;
};

}  // namespace splatview
