#include "app/data_paths.h"

#include <system_error>

namespace splatview {

namespace {

std::filesystem::path executable_dir() {
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

std::filesystem::path bundled_data_path(const std::string& relative) {
  const std::filesystem::path candidates[] = {
      executable_dir() / "../share/splatview" / relative,
      std::filesystem::path(SPLATVIEW_SOURCE_DATA_DIR) / relative,
  };
  for (const auto& candidate : candidates) {
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) return candidate.lexically_normal();
  }
  return candidates[1];
}

}  // namespace splatview
