#include "app/terminal_load.h"

#include <chrono>
#include <system_error>

#include "app/progress_bar.h"
#include "app/stop_signal.h"

namespace splatview {

namespace {

// A bar for files of this size at once, for smaller ones only once the load has taken this long:
// a bar that flashes for a fraction of a second is noise.
constexpr std::uintmax_t kBarFromBytes = 200u << 20;
constexpr double kBarAfter_s = 1.0;

}  // namespace

Result<LoadedScene> load_scene_in_terminal(const std::filesystem::path& path, SceneLoadOptions options, bool quiet) {
  install_stop_handlers();
  ProgressBar bar(quiet);
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
  const bool big = !ec && size >= kBarFromBytes;
  const auto start = std::chrono::steady_clock::now();
  options.observer.cancel = &stop_requested();
  options.observer.progress = [&](const LoadProgress& p) {
    const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (big || elapsed_s >= kBarAfter_s) bar.update(p, elapsed_s);
  };
  Result<LoadedScene> loaded = load_scene(path, options);
  bar.finish("");
  // A stop that came as the load ended still stops: the user pressed Ctrl-C to get out.
  const bool stopped = stop_requested().load();
  remove_stop_handlers();
  if (stopped) return load_cancelled(path.string());
  return loaded;
}

}  // namespace splatview
