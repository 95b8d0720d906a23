#pragma once
// `splatview --import-profile SOURCE... [--output me.toml] [--force] [--name "..."] [--base-url URL]`:
// builds a profile from homepage pages, a CV and BibTeX (core/profile_import/profile_import.h), prints what
// it found and every warning on stderr, and writes the TOML to --output (never replacing a file without
// --force, nor ever a source) or to stdout.
#include <cstdio>
#include <string>
#include <vector>

namespace splatview {

// True when the command line asks for an import (it then owns the whole command line).
bool is_import_profile_command(const std::vector<std::string>& args);

// Exit codes: 0 done, 2 bad usage or bad input (one line on `err`), 1 anything else.
int run_import_profile(const std::vector<std::string>& args, std::FILE* out = stdout, std::FILE* err = stderr);

}  // namespace splatview
