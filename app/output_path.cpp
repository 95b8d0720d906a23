#include "app/output_path.h"

#include <unistd.h>

namespace splatview {

std::optional<Error> check_output_folder(const std::filesystem::path& output) {
  const std::filesystem::path target = output.has_filename() ? output : output.parent_path();
  const std::filesystem::path folder = target.parent_path().empty() ? "." : target.parent_path();
  std::error_code ignored;
  if (!std::filesystem::is_directory(folder, ignored))
    return Error{output.string(), "the folder " + folder.string() + " does not exist", "create it or pick another path"};
  if (::access(folder.c_str(), W_OK) != 0)
    return Error{output.string(), "the folder " + folder.string() + " is not writable", "pick another path"};
  return std::nullopt;
}

}  // namespace splatview
