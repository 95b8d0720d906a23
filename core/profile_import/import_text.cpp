#include "core/profile_import/import_text.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace splatview::import_detail {

namespace {

// Decodes one UTF-8 character at text[i]; returns its length, or 0 when the bytes there are not valid UTF-8.
std::size_t decode(std::string_view text, std::size_t i, std::uint32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t length = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// Letters and digits of the scripts names and titles are written in; emoji, symbols and punctuation are not.
bool is_word_char(std::uint32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0xC0 && cp < 0x2000) return true;
  if (cp >= 0x3040 && cp <= 0x9FFF) return true;
  if (cp >= 0xAC00 && cp <= 0xD7AF) return true;
  return cp >= 0xF900 && cp <= 0xFAFF;
}

bool is_space_at(std::string_view text, std::size_t i, std::size_t& length) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    length = 1;
    return true;
  }
  std::uint32_t cp = 0;
  const std::size_t n = decode(text, i, cp);
  if (n && (cp == 0xA0 || cp == 0x2002 || cp == 0x2003 || cp == 0x2009 || cp == 0x200B || cp == 0x3000)) {
    length = n;
    return true;
  }
  return false;
}

bool is_month_word(std::string_view word) {
  static constexpr std::array<std::string_view, 24> months = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "present", "now", "today", "current", "summer", "spring", "fall", "autumn", "winter", "to", "since"};
  const std::string lower = lower_ascii(word);
  for (std::string_view month : months) {
    if (lower == month) return true;
    if (month.size() == 3 && lower.size() > 3 && lower.rfind(month, 0) == 0 &&
        std::all_of(lower.begin(), lower.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
      return true;  // "January", "September"
  }
  return false;
}

std::string host_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::string host = lower_ascii(rest);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

bool host_is(const std::string& host, std::string_view domain) {
  return host == domain ||
         (host.size() > domain.size() && host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
          host[host.size() - domain.size() - 1] == '.');
}

}  // namespace

Result<std::string> checked_text(std::string_view bytes, const std::string& source, std::size_t& repaired) {
  repaired = 0;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::size_t controls = 0;
  const std::size_t probe = std::min<std::size_t>(bytes.size(), 64 * 1024);
  for (std::size_t i = 0; i < probe; ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == 0)
      return Error{source, "binary data (a NUL byte at offset " + std::to_string(i) + "), not a text page",
                   "pass a page's .md or .html source, a CV as text, or a .bib file"};
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++controls;
  }
  if (controls * 100 > probe)
    return Error{source, "binary data (control characters), not a text page",
                 "pass a page's .md or .html source, a CV as text, or a .bib file"};
  if (trim(bytes).empty()) return Error{source, "the file is empty", "pass a page, CV or .bib with content"};
  std::string text;
  text.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    std::uint32_t cp = 0;
    const std::size_t n = decode(bytes, i, cp);
    if (n == 0) {
      text += "\xEF\xBF\xBD";
      ++repaired;
      ++i;
      continue;
    }
    text.append(bytes.substr(i, n));
    i += n;
  }
  return text;
}

std::string trim(std::string_view text) {
  std::size_t begin = 0, length = 0;
  while (begin < text.size() && is_space_at(text, begin, length)) begin += length;
  std::size_t end = text.size();
  while (end > begin) {
    // Step back over one character: find its first byte.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    if (!is_space_at(text, start, length) || start + length != end) break;
    end = start;
  }
  return std::string(text.substr(begin, end - begin));
}

std::string collapse_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 0;
    if (is_space_at(text, i, length)) {
      pending = true;
      i += length;
      continue;
    }
    if (pending && !out.empty()) out += ' ';
    pending = false;
    out += text[i++];
  }
  return out;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower_ascii(text.substr(0, prefix.size())) == lower_ascii(prefix);
}

bool contains_ci(std::string_view text, std::string_view part) {
  return lower_ascii(text).find(lower_ascii(part)) != std::string::npos;
}

// Where the text starts once leading characters that `starts_text` rejects are skipped.
template <class StartsText>
std::size_t first_kept(std::string_view text, StartsText starts_text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t n = decode(text, begin, cp);
    if (n == 0) {
      ++begin;
      continue;
    }
    if (starts_text(cp)) break;
    begin += n;
  }
  return begin;
}

std::string strip_decoration(std::string_view text) {
  const std::size_t begin =
      first_kept(text, [](std::uint32_t cp) { return is_word_char(cp) || cp == '(' || cp == '"' || cp == 0x201C; });
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    std::uint32_t cp = 0;
    const std::size_t n = decode(text, start, cp);
    if (n != 0 && (is_word_char(cp) || cp == ')' || cp == '.' || cp == '"' || cp == 0x201D)) break;
    end = start;
  }
  return collapse_space(text.substr(begin, end - begin));
}

std::string strip_leading_decoration(std::string_view text) {
  const std::size_t begin = first_kept(text, [](std::uint32_t cp) {
    return is_word_char(cp) || cp == '(' || cp == '"' || cp == '[' || cp == '*' || cp == 0x201C || cp == 0x2018;
  });
  return collapse_space(text.substr(begin));
}

std::string fix_all_caps(std::string_view text) {
  std::size_t upper = 0;
  for (char c : text) {
    if (std::islower(static_cast<unsigned char>(c))) return std::string(text);
    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
  }
  if (upper < 2) return std::string(text);
  static constexpr std::array<std::string_view, 12> small = {"and", "of", "in", "the", "for", "on",
                                                             "at",  "to", "a",  "an",  "or",  "with"};
  std::string out;
  bool word_start = true;
  std::string word;
  const auto flush = [&] {
    std::string lower = lower_ascii(word);
    const bool is_small = !out.empty() && std::find(small.begin(), small.end(), lower) != small.end();
    if (!is_small && !lower.empty()) lower[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(lower[0])));
    out += lower;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '/' || c == '(') {
      flush();
      out += c;
      word_start = true;
      continue;
    }
    word += c;
    word_start = false;
  }
  (void)word_start;
  flush();
  return out;
}

bool looks_like_name(std::string_view text) {
  const std::string name = collapse_space(text);
  if (name.empty() || name.size() > 80) return false;
  if (name.find_first_of("0123456789,:;!?|/@()[]{}<>=\"") != std::string::npos) return false;
  std::vector<std::string> words;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t space = name.find(' ', i);
    words.push_back(name.substr(i, space == std::string::npos ? std::string::npos : space - i));
    if (space == std::string::npos) break;
    i = space + 1;
  }
  static constexpr std::array<std::string_view, 16> not_names = {
      "about", "me", "home", "welcome", "homepage", "publications", "news", "bio", "cv", "resume", "page",
      "my", "the", "hi", "hello", "i'm"};
  for (const std::string& word : words) {
    const std::string lower = lower_ascii(word);
    if (std::find(not_names.begin(), not_names.end(), lower) != not_names.end()) return false;
    const unsigned char first = static_cast<unsigned char>(word[0]);
    if (first < 0x80 && !std::isupper(first)) {
      if (lower != "de" && lower != "van" && lower != "von" && lower != "der" && lower != "la" && lower != "da" &&
          lower != "di" && lower != "le")
        return false;
    }
  }
  if (words.size() == 1) return static_cast<unsigned char>(name[0]) >= 0x80;  // "赵和旭"
  return words.size() <= 6;
}

bool looks_like_date(std::string_view text) {
  std::string t = collapse_space(text);
  while (!t.empty() && (t.front() == '[' || t.front() == '(')) t.erase(0, 1);
  while (!t.empty() && (t.back() == ']' || t.back() == ')' || t.back() == ':' || t.back() == ',')) t.pop_back();
  if (t.empty() || t.size() > 48) return false;
  bool year = false;
  std::size_t digit_tokens = 0;
  std::string token;
  bool ok = true;
  const auto flush = [&] {
    if (token.empty()) return;
    if (std::all_of(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      ++digit_tokens;
      if (token.size() == 4) year = true;
      if (token.size() > 4) ok = false;
    } else if (!is_month_word(token)) {
      ok = false;
    }
    token.clear();
  };
  for (std::size_t i = 0; i < t.size();) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (std::isalnum(c)) {
      token += t[i++];
      continue;
    }
    if (c == ' ' || c == '-' || c == '/' || c == '.' || c == ',' || c == '~' || c == '\'') {
      flush();
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t n = decode(t, i, cp);
    if (n && (cp == 0x2013 || cp == 0x2014 || cp == 0x2012 || cp == 0x2212)) {  // dashes
      flush();
      i += n;
      continue;
    }
    return false;
  }
  flush();
  return ok && (year || digit_tokens >= 2);
}

std::string normalise_dates(std::string_view text) {
  const std::string in = collapse_space(text);
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.compare(i, 2, "--") == 0) {
      out += "\u2013";
      ++i;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string title_key(std::string_view title) {
  std::string out;
  bool pending = false;
  for (std::size_t i = 0; i < title.size();) {
    std::uint32_t cp = 0;
    std::size_t n = decode(title, i, cp);
    if (n == 0) n = 1, cp = 0xFFFD;
    if (is_word_char(cp)) {
      if (pending && !out.empty()) out += ' ';
      pending = false;
      if (cp < 0x80)
        out += static_cast<char>(std::tolower(static_cast<int>(cp)));
      else
        out.append(title.substr(i, n));
    } else {
      pending = true;
    }
    i += n;
  }
  return out;
}

std::string normalise_author(std::string_view author) {
  std::string name = collapse_space(author);
  std::string marks;
  static constexpr std::array<std::string_view, 9> mark_list = {"*", "\u2020", "\u2021", "#", "\u00a7", "\u00b9",
                                                                "\u00b2", "\u00b3", "\\*"};
  bool changed = true;
  while (changed && !name.empty()) {
    changed = false;
    for (std::string_view mark : mark_list) {
      const bool digit = mark == "\u00b9" || mark == "\u00b2" || mark == "\u00b3";
      if (name.size() >= mark.size() && name.compare(0, mark.size(), mark) == 0) {
        name = trim(std::string_view(name).substr(mark.size()));
        if (!digit && marks.find(mark == "\\*" ? "*" : mark) == std::string::npos) marks += mark == "\\*" ? "*" : mark;
        changed = true;
      } else if (name.size() >= mark.size() && name.compare(name.size() - mark.size(), mark.size(), mark) == 0) {
        name = trim(std::string_view(name).substr(0, name.size() - mark.size()));
        if (!digit && marks.find(mark == "\\*" ? "*" : mark) == std::string::npos)
          marks.insert(0, mark == "\\*" ? "*" : mark);
        changed = true;
      }
    }
    while (!name.empty() && (name.back() == ',' || name.back() == ';')) name.pop_back(), changed = true;
    // A final period ends a sentence, not an initial ("Jie Zhou." but not "Eric P.").
    const bool suffix = name.size() > 3 && (name.compare(name.size() - 3, 3, "Jr.") == 0 || name.compare(name.size() - 3, 3, "Sr.") == 0);
    if (name.size() > 3 && name.back() == '.' && !suffix && name[name.size() - 3] != ' ' && name[name.size() - 3] != '.') {
      name.pop_back();
      changed = true;
    }
  }
  return name + marks;
}

std::vector<std::string> split_authors(std::string_view text) {
  std::string list = collapse_space(text);
  for (std::string_view joiner : {" and ", " & ", ";"}) {
    std::string joined;
    std::size_t start = 0;
    for (std::size_t at = list.find(joiner); at != std::string::npos; at = list.find(joiner, start)) {
      joined.append(list, start, at - start);
      joined += ',';
      start = at + joiner.size();
    }
    joined.append(list, start, std::string::npos);
    list = std::move(joined);
  }
  if (starts_with_ci(list, "and ")) list.erase(0, 4);
  std::vector<std::string> authors;
  for (std::size_t i = 0; i <= list.size();) {
    std::size_t comma = list.find(',', i);
    if (comma == std::string::npos) comma = list.size();
    std::string author = normalise_author(std::string_view(list).substr(i, comma - i));
    if (starts_with_ci(author, "and ")) author = trim(std::string_view(author).substr(4));
    const std::string lower = lower_ascii(author);
    if (!author.empty() && lower != "et al." && lower != "et al" && lower != "others" && lower != "etc.")
      authors.push_back(author);
    i = comma + 1;
  }
  return authors;
}

std::string link_kind(std::string_view url, std::string_view hint) {
  const std::string lower = lower_ascii(url);
  const std::string h = lower_ascii(hint);
  if (lower.rfind("mailto:", 0) == 0) return "Email";
  const std::string host = host_of(lower);
  if (h.find("-cv") != std::string::npos || h == "cv" || h == "ai-cv" || h.find("resume") != std::string::npos)
    return "CV";
  if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".pdf") == 0 &&
      (lower.find("cv") != std::string::npos || lower.find("resume") != std::string::npos))
    return "CV";
  if (host_is(host, "scholar.google.com") || host.rfind("scholar.google.", 0) == 0) return "Google Scholar";
  if (host_is(host, "dblp.org") || host_is(host, "dblp.uni-trier.de")) return "DBLP";
  if (host_is(host, "semanticscholar.org")) return "Semantic Scholar";
  if (host_is(host, "orcid.org")) return "ORCID";
  if (host == "github.com") return "GitHub";
  if (host_is(host, "linkedin.com")) return "LinkedIn";
  if (host == "x.com" || host == "twitter.com") return "X";
  if (host == "bsky.app") return "Bluesky";
  if (host_is(host, "zhihu.com")) return "Zhihu";
  if (host_is(host, "researchgate.net")) return "ResearchGate";
  if (host_is(host, "youtube.com")) return "YouTube";
  return {};
}

int link_kind_rank(std::string_view label) {
  static constexpr std::array<std::string_view, 15> order = {
      "Email",    "Homepage", "CV", "Google Scholar", "DBLP",    "Semantic Scholar", "ORCID", "GitHub",
      "LinkedIn", "X",        "Bluesky", "Zhihu",     "ResearchGate", "YouTube", "Photo"};
  for (std::size_t i = 0; i < order.size(); ++i)
    if (order[i] == label) return static_cast<int>(i);
  return 100;
}

std::string publication_link_label(std::string_view url, std::string_view hint) {
  const std::string h = lower_ascii(hint);
  if (h.find("arxiv") != std::string::npos) return "arXiv";
  if (h.find("github") != std::string::npos || h.find("code") != std::string::npos) return "Code";
  if (h.find("google-scholar") != std::string::npos) return "Google Scholar";
  if (h.find("pdf") != std::string::npos) return "PDF";
  if (h.find("youtube") != std::string::npos || h.find("video") != std::string::npos) return "Video";
  if (h.find("link") != std::string::npos || h.find("globe") != std::string::npos) return "Project Page";
  const std::string lower = lower_ascii(url);
  const std::string host = host_of(lower);
  if (host_is(host, "arxiv.org")) return "arXiv";
  if (host == "github.com") return "Code";
  if (host_is(host, "doi.org")) return "DOI";
  if (host.rfind("scholar.google.", 0) == 0) return "Google Scholar";
  if (host_is(host, "youtube.com") || host == "youtu.be") return "Video";
  if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".pdf") == 0) return "PDF";
  return "Link";
}

std::string absolute_url(std::string_view url, std::string_view base_url) {
  std::string u = trim(url);
  if (u.empty() || u[0] == '#') return {};
  const std::size_t colon = u.find(':');
  const std::size_t slash = u.find('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash) && colon > 0 &&
      std::all_of(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(colon),
                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }))
    return u;  // has a scheme; link_problem decides whether it may be opened
  if (u.rfind("//", 0) == 0) return "https:" + u;
  std::string base = trim(base_url);
  if (base.empty()) return {};
  if (base.find("://") == std::string::npos) base = "https://" + base;
  const std::size_t host_start = base.find("://") + 3;
  const std::size_t path_start = base.find('/', host_start);
  const std::string origin = base.substr(0, path_start);
  if (u[0] == '/') return origin + u;
  std::string folder = path_start == std::string::npos ? origin + "/" : base.substr(0, base.rfind('/') + 1);
  while (u.rfind("./", 0) == 0) u.erase(0, 2);
  return folder + u;
}

std::string normalise_venue(std::string_view venue, std::string& note) {
  std::string v = collapse_space(venue);
  for (std::size_t i = 1; i + 4 <= v.size(); ++i) {
    const auto digit = [&](std::size_t k) { return k < v.size() && std::isdigit(static_cast<unsigned char>(v[k])); };
    if (std::isalpha(static_cast<unsigned char>(v[i - 1])) && digit(i) && digit(i + 1) && digit(i + 2) &&
        digit(i + 3) && !digit(i + 4) && (v.compare(i, 2, "19") == 0 || v.compare(i, 2, "20") == 0)) {
      v.insert(i, " ");
      break;
    }
  }
  // Words after the last year that describe the acceptance, not the venue.
  std::size_t year_end = std::string::npos;
  for (std::size_t i = 0; i + 4 <= v.size(); ++i) {
    if ((v.compare(i, 2, "19") == 0 || v.compare(i, 2, "20") == 0) &&
        std::all_of(v.begin() + static_cast<std::ptrdiff_t>(i), v.begin() + static_cast<std::ptrdiff_t>(i + 4),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
        (i + 4 == v.size() || !std::isdigit(static_cast<unsigned char>(v[i + 4]))))
      year_end = i + 4;
  }
  if (year_end != std::string::npos && year_end < v.size()) {
    std::string rest = trim(std::string_view(v).substr(year_end));
    std::string bare = rest;
    while (!bare.empty() && (bare.front() == '(' || bare.front() == ',' || bare.front() == ' ')) bare.erase(0, 1);
    while (!bare.empty() && bare.back() == ')') bare.pop_back();
    const std::string first = lower_ascii(bare.substr(0, bare.find(' ')));
    static constexpr std::array<std::string_view, 10> kinds = {"oral",   "spotlight", "poster",      "highlight",
                                                               "best",   "award",     "outstanding", "honorable",
                                                               "invited", "finalist"};
    if (std::find(kinds.begin(), kinds.end(), first) != kinds.end()) {
      append_with(note, " \u00b7 ", trim(bare));
      v = trim(std::string_view(v).substr(0, year_end));
    }
  }
  return v;
}

void append_with(std::string& text, std::string_view separator, std::string_view part) {
  if (part.empty()) return;
  if (!text.empty()) text += separator;
  text += part;
}

}  // namespace splatview::import_detail
