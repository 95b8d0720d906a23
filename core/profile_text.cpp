#include "core/profile_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "core/profile.h"

namespace splatview {
namespace profile_detail {
namespace {

bool is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

CleanText clean_text(std::string_view text, std::size_t max_bytes, bool single_line) {
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026
  text = trim(text);
  CleanText result;
  result.text.reserve(std::min(text.size(), max_bytes + kEllipsis.size()));
  unsigned char next = 0;  // the first byte that did not fit
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    char out = c;
    if (c == '\n') {
      out = single_line ? ' ' : '\n';
    } else if (c == '\t') {
      out = ' ';
    } else if (byte < 0x20 || byte == 0x7F) {
      continue;  // other control characters (NUL, CR, escape sequences) have no place in the panel
    }
    if (result.text.size() == max_bytes) {
      result.truncated = true;
      next = static_cast<unsigned char>(out);
      break;
    }
    result.text.push_back(out);
  }
  if (result.truncated) {
    // Do not leave half a UTF-8 character behind: when the cut falls inside one, drop its start too.
    if (is_utf8_continuation(next)) {
      while (!result.text.empty() && is_utf8_continuation(static_cast<unsigned char>(result.text.back()))) {
        result.text.pop_back();
      }
      if (!result.text.empty()) result.text.pop_back();  // the character's lead byte
    }
    result.text = std::string(trim(result.text));
    result.text.append(kEllipsis);
  }
  return result;
}

std::optional<NestingProblem> find_deep_nesting(std::string_view toml_text) {
  std::size_t line = 1;
  int dots = 0;   // dots since the last character that ends a dotted key
  int depth = 0;  // open brackets and braces
  const std::size_t size = toml_text.size();
  auto starts_with = [&](std::size_t at, std::string_view what) {
    return toml_text.substr(at, what.size()) == what;
  };
  // Skips a string starting at `at` (its opening quote); returns the index after it.
  auto skip_string = [&](std::size_t at) {
    const char quote = toml_text[at];
    const bool escapes = quote == '"';
    const std::string_view triple = quote == '"' ? std::string_view("\"\"\"") : std::string_view("'''");
    if (starts_with(at, triple)) {
      std::size_t i = at + 3;
      while (i < size && !starts_with(i, triple)) {
        if (toml_text[i] == '\n') ++line;
        i += (escapes && toml_text[i] == '\\') ? 2 : 1;
      }
      i = std::min(i + 3, size);
      for (int extra = 0; extra < 2 && i < size && toml_text[i] == quote; ++extra) ++i;  // """a""""
      return i;
    }
    std::size_t i = at + 1;
    while (i < size && toml_text[i] != quote && toml_text[i] != '\n') {
      i += (escapes && toml_text[i] == '\\' && i + 1 < size && toml_text[i + 1] != '\n') ? 2 : 1;
    }
    return (i < size && toml_text[i] == quote) ? i + 1 : i;
  };

  std::size_t i = 0;
  while (i < size) {
    const char c = toml_text[i];
    switch (c) {
      case '"':
      case '\'':
        i = skip_string(i);
        continue;
      case '#':
        while (i < size && toml_text[i] != '\n') ++i;
        continue;
      case '\n':
        ++line;
        dots = 0;
        break;
      case '.':
        if (++dots >= kMaxTomlKeyParts) {
          return NestingProblem{line, "a key with more than " + std::to_string(kMaxTomlKeyParts) + " dotted parts"};
        }
        break;
      case '[':
      case '{':
        dots = 0;
        if (++depth > kMaxTomlBracketDepth) {
          return NestingProblem{line, "brackets or braces nested more than " + std::to_string(kMaxTomlBracketDepth) +
                                          " deep"};
        }
        break;
      case ']':
      case '}':
        dots = 0;
        depth = std::max(0, depth - 1);
        break;
      case '=':
      case ',':
        dots = 0;
        break;
      default:
        break;
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace profile_detail

std::optional<std::string> link_problem(std::string_view url) {
  if (url.empty()) return "the URL is empty";
  if (url.size() > kMaxUrlBytes) {
    return "the URL is longer than " + std::to_string(kMaxUrlBytes) + " characters";
  }
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return "the URL contains spaces or control characters";
  }
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"  (RFC 3986)
  std::size_t colon = 0;
  if (std::isalpha(static_cast<unsigned char>(url[0]))) {
    colon = 1;
    while (colon < url.size() && (std::isalnum(static_cast<unsigned char>(url[colon])) || url[colon] == '+' ||
                                  url[colon] == '-' || url[colon] == '.')) {
      ++colon;
    }
  }
  if (colon == 0 || colon >= url.size() || url[colon] != ':') {
    return "the URL has no scheme (write it in full, e.g. https://...)";
  }
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string_view rest = url.substr(colon + 1);
  if (scheme == "http" || scheme == "https") {
    if (rest.substr(0, 2) != "//" || rest.size() == 2 || rest[2] == '/' || rest[2] == '?' || rest[2] == '#') {
      return "the URL has no host (write it as " + scheme + "://host/...)";
    }
    return std::nullopt;
  }
  if (scheme == "mailto") {
    if (rest.empty()) return "the mailto: link has no address";
    return profile_detail::mailto_header_problem(rest);
  }
  return "the scheme '" + scheme + ":' is not allowed (only http, https and mailto links are opened)";
}

namespace {

// Marks that papers attach to author names, as UTF-8.
constexpr std::array<std::string_view, 14> kAuthorMarks = {
    "*", "#", "\xE2\x80\xA0" /* † */, "\xE2\x80\xA1" /* ‡ */, "\xC2\xB9" /* ¹ */, "\xC2\xB2" /* ² */,
    "\xC2\xB3" /* ³ */, "\xE2\x81\xB0" /* ⁰ */, "\xE2\x81\xB4" /* ⁴ */, "\xE2\x81\xB5" /* ⁵ */,
    "\xE2\x81\xB6" /* ⁶ */, "\xE2\x81\xB7" /* ⁷ */, "\xE2\x81\xB8" /* ⁸ */, "\xE2\x81\xB9" /* ⁹ */};

std::string normalized_person(std::string_view text) {
  bool changed = true;
  while (changed) {
    changed = false;
    text = profile_detail::trim(text);
    for (const std::string_view mark : kAuthorMarks) {
      if (text.substr(0, mark.size()) == mark) {
        text.remove_prefix(mark.size());
        changed = true;
      }
      if (text.size() >= mark.size() && text.substr(text.size() - mark.size()) == mark) {
        text.remove_suffix(mark.size());
        changed = true;
      }
    }
  }
  std::string result;
  result.reserve(text.size());
  for (const char c : text) {
    if (profile_detail::is_space(c)) {
      if (!result.empty() && result.back() != ' ') result.push_back(' ');
    } else {
      result.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return result;
}

// The first UTF-8 character of `word` that is a letter or digit (any non-ASCII character counts).
std::string first_letter(std::string_view word) {
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto byte = static_cast<unsigned char>(word[i]);
    if (byte < 0x80) {
      if (std::isalnum(byte)) return std::string(1, static_cast<char>(std::toupper(byte)));
      continue;
    }
    if (profile_detail::is_utf8_continuation(byte)) continue;
    std::size_t end = i + 1;
    while (end < word.size() && profile_detail::is_utf8_continuation(static_cast<unsigned char>(word[end]))) ++end;
    return std::string(word.substr(i, end - i));
  }
  return {};
}

}  // namespace

bool is_same_person(std::string_view author, std::string_view name) {
  const std::string wanted = normalized_person(name);
  return !wanted.empty() && normalized_person(author) == wanted;
}

std::string initials(std::string_view name) {
  std::vector<std::string> letters;  // the first letter of each word that has one
  std::size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && profile_detail::is_space(name[i])) ++i;
    const std::size_t start = i;
    while (i < name.size() && !profile_detail::is_space(name[i])) ++i;
    std::string letter = first_letter(name.substr(start, i - start));
    if (!letter.empty()) letters.push_back(std::move(letter));
  }
  if (letters.empty()) return {};
  return letters.size() == 1 ? letters.front() : letters.front() + letters.back();
}

}  // namespace splatview
