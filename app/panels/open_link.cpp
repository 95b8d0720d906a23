#include "app/panels/open_link.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

#include "core/profile.h"

extern char** environ;

namespace splatview {

bool may_open_link(std::string_view url) { return is_allowed_link(url); }

std::optional<Error> open_link(const std::string& url) {
  if (auto problem = link_problem(url)) return Error{url.substr(0, 200), "not opened: " + *problem, ""};

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  // The browser must not read the app's terminal, nor die with it: its own session, stdin from /dev/null,
  // default signal handling and no blocked signals inherited from the app.
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  sigset_t no_signals;
  sigset_t handled_by_app;
  sigemptyset(&no_signals);
  sigemptyset(&handled_by_app);
  for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD}) sigaddset(&handled_by_app, signal);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setsigdefault(&attributes, &handled_by_app);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  char program[] = "xdg-open";
  std::string argument = url;  // posix_spawnp takes char* const argv[]
  char* argv[] = {program, argument.data(), nullptr};
  pid_t child = 0;
  const int status = posix_spawnp(&child, program, &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (status != 0) {
    return Error{"xdg-open", std::string("cannot be started: ") + std::strerror(status),
                 "install xdg-utils, or open the link yourself: " + url.substr(0, 200)};
  }
  // xdg-open may run as long as the browser it starts; reap it in the background so the UI never waits
  // and no zombie is left behind.
  std::thread([child] {
    int ignored = 0;
    while (waitpid(child, &ignored, 0) < 0 && errno == EINTR) {
    }
  }).detach();
  return std::nullopt;
}

}  // namespace splatview
