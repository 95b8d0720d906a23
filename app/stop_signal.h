#pragma once
// Ctrl-C (SIGINT) and SIGTERM ask a running export or the window to stop; the work then ends at
// a safe point and removes its temporary files, which a process killed outright could not do.
// One rule for the command line and the window.
#include <atomic>

namespace splatview {

// Installs the handlers (and ignores SIGPIPE: a dying ffmpeg shows up as a write error).
void install_stop_handlers();
// Puts SIGINT and SIGTERM back to their default (ending the process) for work that does not poll
// stop_requested(), e.g. once a scene has loaded.
void remove_stop_handlers();

// Set once a stop signal has arrived; polled between frames.
const std::atomic<bool>& stop_requested();

// The exit status for the signal that arrived: 128 + its number (130 for SIGINT, 143 for SIGTERM).
int exit_code_for_stop();

}  // namespace splatview
