// Links that pass link_problem but could still mislead (issue 16): a mailto: header other than subject,
// body, cc and bcc (attach= asks the mail program to attach a local file), and hosts whose letters are not
// what they look like — invisible characters, or Latin mixed with Cyrillic or Greek (a homograph of a
// familiar name). Such a host is shown and opened in its punycode (RFC 3492) "xn--" form.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

#include "core/profile_text.h"

namespace splatview::profile_detail {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded_lower(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Decodes UTF-8 (already checked by the TOML parser); invalid bytes become U+FFFD.
std::u32string decode(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > text.size()) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    char32_t cp = n == 1 ? b : b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out += cp;
    i += n;
  }
  return out;
}

bool is_invisible(char32_t cp) {
  return cp == 0xAD || cp == 0x34F || cp == 0x61C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 ||
         (cp >= 0x180B && cp <= 0x180E) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
         cp == 0xFFA0 || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

enum Script { kNone = 0, kLatin = 1, kGreek = 2, kCyrillic = 4 };

int script_of(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
      (cp >= 0x1E00 && cp <= 0x1EFF))
    return kLatin;
  if ((cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x1F00 && cp <= 0x1FFF)) return kGreek;
  if ((cp >= 0x400 && cp <= 0x52F) || (cp >= 0x1C80 && cp <= 0x1C8F) || (cp >= 0x2DE0 && cp <= 0x2DFF) ||
      (cp >= 0xA640 && cp <= 0xA69F))
    return kCyrillic;
  return kNone;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// RFC 3492 section 6.3, with its parameters (base 36, tmin 1, tmax 26, skew 38, damp 700, initial bias 72,
// initial n 128). Labels are short (a host is at most 2048 bytes here), so the code points fit in 32 bits.
std::string punycode(const std::u32string& label) {
  constexpr std::uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
  const auto digit = [](std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
  const auto adapt = [&](std::uint32_t delta, std::uint32_t points, bool first) {
    delta = first ? delta / damp : delta / 2;
    delta += delta / points;
    std::uint32_t k = 0;
    while (delta > ((base - tmin) * tmax) / 2) {
      delta /= base - tmin;
      k += base;
    }
    return k + (base - tmin + 1) * delta / (delta + skew);
  };
  std::string out;
  for (char32_t cp : label)
    if (cp < 0x80) out += static_cast<char>(std::tolower(static_cast<int>(cp)));
  const std::uint32_t basic = static_cast<std::uint32_t>(out.size());
  std::uint32_t handled = basic;
  if (basic > 0) out += '-';
  std::uint32_t n = 128, delta = 0, bias = 72;
  while (handled < label.size()) {
    std::uint32_t m = 0xFFFFFFFF;
    for (char32_t cp : label)
      if (cp >= n && cp < m) m = static_cast<std::uint32_t>(cp);
    delta += (m - n) * (handled + 1);
    n = m;
    for (char32_t cp : label) {
      if (cp < n) ++delta;
      if (cp != n) continue;
      std::uint32_t q = delta;
      for (std::uint32_t k = base;; k += base) {
        const std::uint32_t t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
        if (q < t) break;
        out += digit(t + (q - t) % (base - t));
        q = (q - t) / (base - t);
      }
      out += digit(q);
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return "xn--" + out;
}

}  // namespace

std::optional<std::string> mailto_header_problem(std::string_view url) {
  const std::size_t query = url.find('?');
  if (query == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(query + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::string name = percent_decoded_lower(pair.substr(0, pair.find('=')));
    if (!name.empty() && name != "subject" && name != "body" && name != "cc" && name != "bcc" && name != "to")
      return "the mailto: link sets the header '" + name + "' (only subject, body, cc and bcc are allowed)";
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return std::nullopt;
}

CheckedUrl check_link_host(std::string_view url) {
  CheckedUrl checked{std::string(url), {}};
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return checked;
  std::size_t host_start = scheme_end + 3;
  const std::size_t authority_end = std::min(url.size(), url.find_first_of("/?#", host_start));
  if (const std::size_t at = url.substr(host_start, authority_end - host_start).rfind('@'); at != std::string_view::npos)
    host_start += at + 1;
  std::size_t host_end = authority_end;
  if (const std::size_t colon = url.substr(host_start, authority_end - host_start).rfind(':');
      colon != std::string_view::npos)
    host_end = host_start + colon;
  const std::string_view host = url.substr(host_start, host_end - host_start);
  if (std::all_of(host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return checked;

  std::string rebuilt;
  bool changed = false, invisible = false, mixed = false;
  for (std::size_t start = 0; start <= host.size();) {
    std::size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    const std::u32string label = decode(host.substr(start, dot - start));
    int scripts = 0;
    bool hidden = false;
    for (char32_t cp : label) {
      hidden = hidden || is_invisible(cp);
      scripts |= script_of(cp);
    }
    const bool mixes = scripts != kLatin && scripts != kGreek && scripts != kCyrillic && scripts != kNone;
    if (!rebuilt.empty() || start > 0) rebuilt += '.';
    if (hidden || mixes) {
      rebuilt += punycode(label);
      changed = true;
      invisible = invisible || hidden;
      mixed = mixed || mixes;
    } else {
      for (char32_t cp : label) append_utf8(rebuilt, cp);
    }
    if (dot == host.size()) break;
    start = dot + 1;
  }
  if (!changed) return checked;
  checked.url = std::string(url.substr(0, host_start)) + rebuilt + std::string(url.substr(host_end));
  checked.warning = std::string("its host '") + std::string(host) + "' " +
                    (invisible ? "has invisible characters" : "mixes Latin with Cyrillic or Greek letters") +
                    (invisible && mixed ? " and mixes scripts" : "") + "; shown as '" + rebuilt +
                    "' (check that it is the site you mean)";
  return checked;
}

}  // namespace splatview::profile_detail
