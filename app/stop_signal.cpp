#include "app/stop_signal.h"

#include <csignal>

namespace splatview {

namespace {

// The only state a signal handler may touch: lock-free atomics, set once.
std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{SIGINT};

extern "C" void on_stop_signal(int signal) {
  g_signal = signal;
  g_stop = true;
}

}  // namespace

void install_stop_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGPIPE, SIG_IGN);
}

void remove_stop_handlers() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>& stop_requested() { return g_stop; }

int exit_code_for_stop() { return 128 + g_signal; }

}  // namespace splatview
