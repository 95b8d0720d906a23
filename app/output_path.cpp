#include "app/output_path.h"

#include <unistd.h>

#include <string>

namespace splatview {

namespace fs = std::filesystem;

namespace {

// A frame a PNG folder export writes ("frame_0000.png"): the only files it replaces in a folder.
bool is_frame_name(const fs::path& file) {
  const std::string name = file.filename().string();
  return name.rfind("frame_", 0) == 0 && file.extension() == ".png";
}

bool holds_frames(const fs::path& folder) {
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(folder, ignored))
    if (is_frame_name(entry.path())) return true;
  return false;
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ignored;  // either missing: not the same
  return fs::equivalent(a, b, ignored);
}

}  // namespace

std::optional<Error> check_output_folder(const fs::path& output) {
  const fs::path target = output.has_filename() ? output : output.parent_path();
  const fs::path folder = target.parent_path().empty() ? "." : target.parent_path();
  std::error_code ignored;
  if (!fs::is_directory(folder, ignored))
    return Error{output.string(), "the folder " + folder.string() + " does not exist", "create it or pick another path"};
  if (::access(folder.c_str(), W_OK) != 0)
    return Error{output.string(), "the folder " + folder.string() + " is not writable", "pick another path"};
  return std::nullopt;
}

std::optional<Error> check_output(const fs::path& output, const std::vector<fs::path>& inputs, bool replace) {
  if (auto error = check_output_folder(output)) return error;
  const fs::path target = output.has_filename() ? output : output.parent_path();
  std::error_code ignored;
  const bool is_folder = fs::is_directory(target, ignored);
  for (const fs::path& input : inputs) {
    if (input.empty()) continue;
    const bool clash = same_file(target, input) ||
                       (is_folder && is_frame_name(input) && same_file(target, fs::absolute(input, ignored).parent_path()));
    if (clash)
      return Error{output.string(), "is " + input.string() + ", which this run reads; an export never writes over its input",
                   "pick another output name"};
  }
  const bool exists = is_folder ? holds_frames(target) : fs::exists(fs::symlink_status(target, ignored));
  if (exists && !replace) return Error{output.string(), "already exists", "add --force to replace it"};
  return std::nullopt;
}

}  // namespace splatview
