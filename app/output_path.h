#pragma once
// Checks made before an export starts, so a bad output path fails at once with one line, and an
// export never writes over a file the user has not agreed to lose.
#include <filesystem>
#include <optional>
#include <vector>

#include "core/result.h"

namespace splatview {

// The folder that will hold `output` exists and is writable.
std::optional<Error> check_output_folder(const std::filesystem::path& output);

// What an export may write over: never one of `inputs` (the scene, the compared scene, the profile
// and its photo; the same file by device and inode, so also through links or another name), nor
// a file inside a frames folder that is one of them; an existing output only with `replace` (a
// frames folder counts as existing when it holds frames). Includes check_output_folder.
std::optional<Error> check_output(const std::filesystem::path& output,
                                  const std::vector<std::filesystem::path>& inputs, bool replace);

}  // namespace splatview
