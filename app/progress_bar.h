#pragma once
// Export progress on stderr: a live bar when stderr is a terminal, otherwise a plain line every few
// seconds; then the summary line. --quiet hides all of it.
#include <string>

#include "app/video_job.h"

namespace splatview {

class ProgressBar {
 public:
  explicit ProgressBar(bool quiet);
  void update(const VideoProgress& progress);
  // Ends the bar; prints `summary` (if any) as the final line, unless quiet.
  void finish(const std::string& summary);

 private:
  bool quiet_;
  bool terminal_;
  bool drawn_ = false;
  double last_line_s_ = 0;
};

// "12/120 frames  23.5 fps  ETA 0:04" style numbers, shared by the bar and the summary line.
std::string format_duration(double seconds);

}  // namespace splatview
