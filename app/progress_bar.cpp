#include "app/progress_bar.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace splatview {

std::string format_duration(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char text[32];
  std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  return text;
}

ProgressBar::ProgressBar(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) != 0) {}

void ProgressBar::update(const VideoProgress& p) {
  if (quiet_ || p.total <= 0) return;
  if (!terminal_) {
    // A log file or a pipe: one plain line every few seconds instead of a redrawn bar.
    constexpr double kLineEvery_s = 5.0;
    if (p.elapsed_s - last_line_s_ < kLineEvery_s || p.done == p.total) return;
    last_line_s_ = p.elapsed_s;
    std::fprintf(stderr, "splatview: %d/%d frames (%d%%)\n", p.done, p.total, 100 * p.done / p.total);
    return;
  }
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * static_cast<double>(p.done) / p.total);
  const double fps = p.elapsed_s > 0 ? p.done / p.elapsed_s : 0.0;
  const double eta = fps > 0 ? (p.total - p.done) / fps : 0.0;
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r[%s] %d/%d frames  %.1f fps  ETA %s ", bar.c_str(), p.done, p.total, fps,
               format_duration(eta).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish(const std::string& summary) {
  if (quiet_) return;
  if (drawn_) std::fputs("\r\033[K", stderr);  // clear the bar's line
  drawn_ = false;
  if (!summary.empty()) std::fprintf(stderr, "%s\n", summary.c_str());
}

}  // namespace splatview
