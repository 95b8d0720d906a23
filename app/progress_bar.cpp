#include "app/progress_bar.h"

#include <unistd.h>

#include <algorithm>
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
  const double fps = p.elapsed_s > 0 ? p.done / p.elapsed_s : 0.0;
  const double eta = fps > 0 ? (p.total - p.done) / fps : 0.0;
  char figures[96], line[96];
  std::snprintf(figures, sizeof figures, "%d/%d frames  %.1f fps  ETA %s", p.done, p.total, fps,
                format_duration(eta).c_str());
  std::snprintf(line, sizeof line, "splatview: %d/%d frames (%d%%)", p.done, p.total, 100 * p.done / p.total);
  draw(static_cast<double>(p.done) / p.total, figures, line, p.elapsed_s, p.done == p.total);
}

void ProgressBar::update(const LoadProgress& p, double elapsed_s) {
  if (quiet_ || p.bytes_total == 0) return;
  const double fraction = static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total);
  const double eta = fraction > 0 ? elapsed_s * (1 - fraction) / fraction : 0.0;
  constexpr double kMiB = 1 << 20;
  char figures[128], line[128];
  std::snprintf(figures, sizeof figures, "%.0f/%.0f MiB  %.2f/%.2f M Gaussians  ETA %s", p.bytes_read / kMiB,
                p.bytes_total / kMiB, p.gaussians_decoded / 1e6, p.gaussians_total / 1e6, format_duration(eta).c_str());
  std::snprintf(line, sizeof line, "splatview: loading, %.0f of %.0f MiB (%d%%)", p.bytes_read / kMiB,
                p.bytes_total / kMiB, static_cast<int>(100 * fraction));
  draw(fraction, figures, line, elapsed_s, p.bytes_read == p.bytes_total);
}

void ProgressBar::draw(double fraction, const std::string& figures, const std::string& plain_line, double elapsed_s,
                       bool done) {
  if (!terminal_) {
    // A log file or a pipe: one plain line every few seconds instead of a redrawn bar.
    constexpr double kLineEvery_s = 5.0;
    if (elapsed_s - last_line_s_ < kLineEvery_s || done) return;
    last_line_s_ = elapsed_s;
    std::fprintf(stderr, "%s\n", plain_line.c_str());
    return;
  }
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * std::clamp(fraction, 0.0, 1.0));
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r[%s] %s ", bar.c_str(), figures.c_str());
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
