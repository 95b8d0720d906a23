#pragma once
// `splatview --check-profile FILE`: loads a profile, prints what was understood and every warning.
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/profile.h"

namespace splatview {

// A readable summary of the profile: main fields, and counts with the first words of each entry.
std::string profile_summary(const Profile& profile);

// Prints the summary to `out` and each warning as "splatview: FILE: line N: ..." to `err`. Returns 0
// when the profile loads (with or without warnings), 2 when it cannot (one line on `err`).
int run_check_profile(const std::filesystem::path& path, std::FILE* out = stdout, std::FILE* err = stderr);

}  // namespace splatview
