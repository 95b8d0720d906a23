#pragma once
// The process's peak resident memory, for tests that check a loader refuses a claim without first
// allocating what it claims. Linux only (/proc/self); works under AddressSanitizer, where an address
// space limit (RLIMIT_AS) does not.
#include <cstddef>

namespace splatview::test {

// Sets the peak resident set size back to the current one; false where the kernel does not allow it
// (then peak_rss_bytes() is the peak since the process started).
bool reset_peak_rss();

// VmHWM and VmRSS of /proc/self/status, in bytes (0 if unreadable).
std::size_t peak_rss_bytes();
std::size_t current_rss_bytes();

}  // namespace splatview::test
