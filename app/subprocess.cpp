#include "app/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace splatview {

bool program_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::stringstream folders(path);
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    const std::string candidate = (folder.empty() ? "." : folder) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

Result<Subprocess> Subprocess::start(const std::vector<std::string>& argv, bool capture_stdout) {
  return spawn(argv, capture_stdout, false);
}

Result<Subprocess> Subprocess::start_reading_output(const std::vector<std::string>& argv) {
  return spawn(argv, false, true);
}

Result<Subprocess> Subprocess::spawn(const std::vector<std::string>& argv, bool stdout_with_errors, bool stdout_apart) {
  Subprocess child;  // its destructor removes the temporary files on every early return
  char stderr_template[] = "/tmp/splatview-child-stderr-XXXXXX";
  const int stderr_fd = ::mkstemp(stderr_template);
  if (stderr_fd < 0) return Error{argv[0], std::string("cannot create a temporary file: ") + std::strerror(errno), ""};
  child.stderr_path_ = stderr_template;
  int stdout_fd = -1;
  if (stdout_apart) {
    char stdout_template[] = "/tmp/splatview-child-stdout-XXXXXX";
    stdout_fd = ::mkstemp(stdout_template);
    if (stdout_fd < 0) {
      ::close(stderr_fd);
      return Error{argv[0], std::string("cannot create a temporary file: ") + std::strerror(errno), ""};
    }
    child.stdout_path_ = stdout_template;
  }

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ::close(stderr_fd);
    if (stdout_fd >= 0) ::close(stdout_fd);
    return Error{argv[0], std::string("cannot create a pipe: ") + std::strerror(errno), ""};
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, stderr_fd, STDERR_FILENO);
  if (stdout_with_errors) posix_spawn_file_actions_adddup2(&actions, stderr_fd, STDOUT_FILENO);
  if (stdout_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);

  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int error = ::posix_spawnp(&child.pid_, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(pipe_fds[0]);
  ::close(stderr_fd);
  if (stdout_fd >= 0) ::close(stdout_fd);
  if (error != 0) {
    ::close(pipe_fds[1]);
    child.pid_ = -1;
    return Error{argv[0], std::string("cannot start: ") + std::strerror(error), "check that it is installed"};
  }
  child.stdin_fd_ = pipe_fds[1];
  return child;
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(other.pid_),
      stdin_fd_(other.stdin_fd_),
      stderr_path_(std::move(other.stderr_path_)),
      stdout_path_(std::move(other.stdout_path_)) {
  other.pid_ = -1;
  other.stdin_fd_ = -1;
  other.stderr_path_.clear();
  other.stdout_path_.clear();
}

Subprocess::~Subprocess() {
  kill();
  if (!stderr_path_.empty()) ::unlink(stderr_path_.c_str());
  if (!stdout_path_.empty()) ::unlink(stdout_path_.c_str());
}

bool Subprocess::write(const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = ::write(stdin_fd_, bytes, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;  // EPIPE: the child exited (SIGPIPE is ignored by the caller)
    }
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

int Subprocess::finish() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
  if (pid_ < 0) return -1;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::optional<int> Subprocess::try_finish() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
  if (pid_ < 0) return -1;
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(pid_, &status, WNOHANG)) < 0 && errno == EINTR) {
  }
  if (done == 0) return std::nullopt;
  pid_ = -1;
  return done > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void Subprocess::kill() {
  if (pid_ > 0) ::kill(pid_, SIGKILL);
  finish();
}

std::string Subprocess::error_output() const {
  std::ifstream in(stderr_path_, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  constexpr std::size_t kKeep = 4096;
  if (text.size() > kKeep) text = text.substr(text.size() - kKeep);
  return text;
}

std::string Subprocess::output() const {
  if (stdout_path_.empty()) return {};
  std::ifstream in(stdout_path_, std::ios::binary);
  std::string text(64 * 1024, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace splatview
