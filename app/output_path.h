#pragma once
// Checks made before an export starts, so a bad output path fails at once with one line.
#include <filesystem>
#include <optional>

#include "core/result.h"

namespace splatview {

// The folder that will hold `output` exists and is writable.
std::optional<Error> check_output_folder(const std::filesystem::path& output);

}  // namespace splatview
