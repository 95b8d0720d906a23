#include "app/data_paths.h"

#include <system_error>

namespace splatview {

namespace {

constexpr const char* kBundledScene = "scenes/playbot-31k-sh1.ply";

std::filesystem::path executable_dir() {
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

std::filesystem::path bundled_scene_path() {
  const std::filesystem::path candidates[] = {
      executable_dir() / "../share/splatview" / kBundledScene,
      std::filesystem::path(SPLATVIEW_SOURCE_DATA_DIR) / kBundledScene,
  };
  for (const auto& candidate : candidates) {
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) return candidate.lexically_normal();
  }
  return candidates[1];  // the load then fails with a message naming this path
}

}  // namespace splatview
