#pragma once
// Runs a program with an argument vector (no shell) and captures what it prints.
#include <string>
#include <vector>

namespace splatview::test {

struct ProgramResult {
  int exit_code = -1;  // -1 when it did not exit normally (e.g. a crash)
  std::string out;
  std::string err;
};

// `environment`: extra "NAME=value" settings for the child. `interrupt_after_s` > 0 sends
// `interrupt_signal` (default SIGINT, as a Ctrl-C would) after that many seconds.
ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& environment = {}, double interrupt_after_s = 0,
                          int interrupt_signal = 2);

// Number of lines in `text` (a last line without '\n' counts).
int line_count(const std::string& text);

}  // namespace splatview::test
