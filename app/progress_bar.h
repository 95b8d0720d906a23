#pragma once
// Export and load progress on stderr: a live bar when stderr is a terminal, otherwise a plain line
// every few seconds; then the summary line. --quiet hides all of it.
#include <string>

#include "app/video_job.h"
#include "core/load_progress.h"

namespace splatview {

class ProgressBar {
 public:
  explicit ProgressBar(bool quiet);
  void update(const VideoProgress& progress);
  // A scene load, `elapsed_s` after it started: MiB read and Gaussians decoded.
  void update(const LoadProgress& progress, double elapsed_s);
  // Ends the bar; prints `summary` (if any) as the final line, unless quiet.
  void finish(const std::string& summary);

 private:
  bool quiet_;
  bool terminal_;
  bool drawn_ = false;
  double last_line_s_ = 0;

  // The bar itself: `figures` after it, or the plain line when stderr is not a terminal.
  void draw(double fraction, const std::string& figures, const std::string& plain_line, double elapsed_s,
            bool done);
};

// "12/120 frames  23.5 fps  ETA 0:04" style numbers, shared by the bar and the summary line.
std::string format_duration(double seconds);

}  // namespace splatview
