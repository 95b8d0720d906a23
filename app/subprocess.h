#pragma once
// A child process started from an argument vector (never a shell string), fed through its stdin.
// Its stderr goes to a temporary file so a failure can be shown to the user.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace splatview {

class Subprocess {
 public:
  // Looks `argv[0]` up on PATH. The child gets its own process group, so a Ctrl-C in the terminal
  // reaches only us and we decide how the child stops.
  // With `capture_stdout`, the child's standard output joins its captured error output.
  static Result<Subprocess> start(const std::vector<std::string>& argv, bool capture_stdout = false);
  // The same, with the child's standard output kept apart from its errors (read by output()):
  // for a child that answers on stdout, as a file dialog prints the chosen file.
  static Result<Subprocess> start_reading_output(const std::vector<std::string>& argv);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&&) = delete;
  ~Subprocess();  // kills and reaps a child still running

  // Writes all bytes to the child's stdin; false if the child went away.
  bool write(const void* data, std::size_t size);
  // Closes stdin and waits; the exit status (or -1 when killed by a signal).
  int finish();
  // Closes stdin and, without waiting, the exit status once the child has exited (-1 when killed
  // by a signal); nothing while it still runs.
  std::optional<int> try_finish();
  // Kills the child at once and reaps it.
  void kill();
  // What the child printed on stderr (the last ~4 KiB), for error messages (and on stdout, when
  // captured).
  std::string error_output() const;
  // What the child printed on stdout (start_reading_output only; up to 64 KiB).
  std::string output() const;

 private:
  Subprocess() = default;
  static Result<Subprocess> spawn(const std::vector<std::string>& argv, bool stdout_with_errors, bool stdout_apart);
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::string stderr_path_;
  std::string stdout_path_;  // start_reading_output only
};

// True when `program` is found on PATH (and is executable).
bool program_on_path(const std::string& program);

}  // namespace splatview
