#include "tests/support/test_paths.h"

#include <algorithm>
#include <cstdlib>
#include <random>
#include <unistd.h>

namespace splatview::test {

std::filesystem::path shared_scenes_dir() {
  const char* moved = std::getenv("SPLATVIEW_TEST_SCENES");
  return (moved && *moved) ? std::filesystem::path(moved) : std::filesystem::path(SPLATVIEW_SHARED_SCENES);
}

std::filesystem::path shared_scene(const std::string& name) { return shared_scenes_dir() / name; }

std::vector<std::filesystem::path> shared_ply_scenes() {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(shared_scenes_dir())) {
    const std::string name = entry.path().filename().string();
    const bool compressed = name.find(".compressed.") != std::string::npos;  // another issue's format
    if (entry.path().extension() == ".ply" && !compressed) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(SPLATVIEW_SOURCE_DIR) / relative;
}

std::filesystem::path built_program(const std::string& program) {
  return std::filesystem::path(SPLATVIEW_BIN_DIR) / program;
}

std::filesystem::path fresh_temp_dir(const std::string& tag) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("splatview-test-" + tag + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace splatview::test
