#pragma once
// Text-level helpers of the profile loader (core/profile.cpp): cleaning and capping strings, and the
// nesting pre-check that keeps hostile TOML away from toml++'s recursion.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace splatview::profile_detail {

struct CleanText {
  std::string text;
  bool truncated = false;
};

// Trims surrounding white space, drops control characters (keeping line breaks unless `single_line`,
// which turns them into spaces) and cuts the result to at most `max_bytes` on a UTF-8 character
// boundary, marking the cut with "…".
CleanText clean_text(std::string_view text, std::size_t max_bytes, bool single_line);

// Why a mailto: link's headers make it unsafe to open (any header but subject, body, cc and bcc), or nothing.
std::optional<std::string> mailto_header_problem(std::string_view url);

// An allowed link whose host has invisible characters or mixes Latin with Cyrillic or Greek letters comes
// back with that host in punycode ("xn--...") and a warning saying why; any other link comes back as it is.
struct CheckedUrl {
  std::string url;
  std::string warning;  // empty when the URL is unchanged
};
CheckedUrl check_link_host(std::string_view url);

// Keys with more than this many dotted parts, or brackets and braces nested deeper than this, are refused
// before parsing: toml++ builds and destroys such tables recursively, and tens of thousands of levels
// (a few hundred KiB of "a.a.a...") overflow the stack. A profile needs three levels.
inline constexpr int kMaxTomlKeyParts = 16;
inline constexpr int kMaxTomlBracketDepth = 16;

struct NestingProblem {
  std::size_t line = 0;  // 1-based
  std::string what;
};

// Scans TOML text (strings and comments skipped) for keys or brackets nested past the limits above.
std::optional<NestingProblem> find_deep_nesting(std::string_view toml_text);

}  // namespace splatview::profile_detail
