#pragma once
// A scene loaded for the command line: a progress bar on stderr when the file is big or the load
// slow (none with --quiet), and Ctrl-C (or SIGTERM) stops it, giving the load_cancelled() error; the
// caller then exits with exit_code_for_stop() (130 for Ctrl-C), as an interrupted export does.
#include <filesystem>

#include "core/formats/scene_loader.h"

namespace splatview {

Result<LoadedScene> load_scene_in_terminal(const std::filesystem::path& path, SceneLoadOptions options, bool quiet);

}  // namespace splatview
