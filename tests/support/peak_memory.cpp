#include "tests/support/peak_memory.h"

#include <fstream>
#include <string>

namespace splatview::test {
namespace {

std::size_t status_kib(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stoull(line.substr(key.size() + 1)) * 1024;
  }
  return 0;
}

}  // namespace

bool reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";  // 5: reset the peak resident set size (Linux 4.0 on)
  clear.flush();
  return static_cast<bool>(clear);
}

std::size_t peak_rss_bytes() { return status_kib("VmHWM"); }
std::size_t current_rss_bytes() { return status_kib("VmRSS"); }

}  // namespace splatview::test
