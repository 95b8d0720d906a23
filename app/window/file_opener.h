#pragma once
// Files the user opens in the window (dropped, typed, or picked from the recent list): a scene
// loads on a thread of its own, a profile at once. A file that fails leaves nothing to apply, so
// the scene and profile on screen stay, and the one-line error goes to the UI's message.
#include <filesystem>
#include <future>
#include <optional>
#include <string>

#include "app/window/notice.h"
#include "core/ply_reader.h"
#include "core/profile.h"

namespace splatview {

struct OpenedFile {
  std::filesystem::path path;
  std::optional<LoadedScene> scene;      // a scene finished loading
  std::optional<LoadedProfile> profile;  // a profile was read
};

class FileOpener {
 public:
  // Starts opening `path`. `message` gets the error, or is cleared.
  void open(const std::filesystem::path& path, Notice& message);
  // Call every frame: what is ready to show, at most once per file. `message` gets the error (or
  // the warnings) of a scene that finished loading.
  std::optional<OpenedFile> poll(Notice& message);

  bool loading() const { return scene_.valid(); }
  const std::filesystem::path& loading_path() const { return scene_path_; }

 private:
  std::future<Result<LoadedScene>> scene_;
  std::filesystem::path scene_path_;
  std::optional<OpenedFile> ready_;  // a profile read by open(), handed out by the next poll()
};

}  // namespace splatview
