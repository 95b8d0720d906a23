#pragma once
// Files the user opens in the window (dropped, typed, or picked from the recent list): a scene
// loads on a thread of its own, with progress to show and a cancel, a profile at once. A file that
// fails or is cancelled leaves nothing to apply, so the scene and profile on screen stay, and the
// one-line error (or "cancelled") goes to the UI's message.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "app/window/notice.h"
#include "core/formats/scene_loader.h"
#include "core/load_progress.h"
#include "core/loaded_scene.h"
#include "core/profile.h"

namespace splatview {

struct OpenedFile {
  std::filesystem::path path;
  std::optional<LoadedScene> scene;      // a scene finished loading
  std::optional<LoadedProfile> profile;  // a profile was read
};

class FileOpener {
 public:
  // How scenes are read (--spz-frame, --max-gaussians); the window's SPZ-frame setting changes it.
  void set_load_options(const SceneLoadOptions& options) { load_options_ = options; }
  const SceneLoadOptions& load_options() const { return load_options_; }

  // Starts opening `path`. `message` gets the error, or is cleared.
  void open(const std::filesystem::path& path, Notice& message);
  // Call every frame: what is ready to show, at most once per file. `message` gets the error (or
  // the warnings) of a scene that finished loading.
  std::optional<OpenedFile> poll(Notice& message);

  bool loading() const { return scene_.valid(); }
  const std::filesystem::path& loading_path() const { return scene_path_; }
  // How far the scene being loaded has got (zeros until its header is read).
  LoadProgress progress() const;
  // Asks the load to stop; the next polls see it end with nothing to apply.
  void cancel();

  FileOpener() = default;
  FileOpener(const FileOpener&) = delete;
  FileOpener& operator=(const FileOpener&) = delete;
  ~FileOpener();  // cancels a load still running, so that closing the window does not wait for it

 private:
  // Shared with the loading thread, which may outlive a poll: figures it writes, a flag it reads.
  struct Shared {
    std::atomic<std::uint64_t> bytes_read{0}, bytes_total{0}, gaussians_decoded{0}, gaussians_total{0};
    std::atomic<bool> cancel{false};
  };
  std::shared_ptr<Shared> shared_;
  std::future<Result<LoadedScene>> scene_;
  std::filesystem::path scene_path_;
  SceneLoadOptions load_options_;  // without an observer: each load adds its own
  std::optional<OpenedFile> ready_;  // a profile read by open(), handed out by the next poll()
};

}  // namespace splatview
