// BibTeX, read by a small hand-written parser rather than libbtparse: btparse reports problems by printing
// to stderr and calling its own error handlers, and its API is C with global state; what a profile needs is
// entries, fields, @string macros and '#' concatenation, with every problem as a value naming the line.
// The parser is a single forward scan with brace counting (no recursion), so hostile nesting cannot
// overflow the stack. An entry that never closes is an error for the whole file (where it ends cannot be
// known); an unknown entry type, a field without a value or an entry without a title is a warning.
#include <algorithm>
#include <array>
#include <map>

#include "core/profile_import/import_text.h"
#include "core/profile_import/latex_text.h"
#include "core/profile_import/page_extract.h"
#include "core/profile_import/sources.h"

namespace splatview::import_detail {

namespace {

constexpr std::array<std::string_view, 22> kEntryTypes = {
    "article",  "inproceedings", "conference", "incollection", "inbook",   "book",      "booklet",  "phdthesis",
    "mastersthesis", "thesis",   "techreport", "report",       "misc",     "unpublished", "online", "manual",
    "proceedings", "software",   "dataset",    "patent",       "electronic", "www"};

struct Entry {
  std::string type;
  std::string key;
  std::size_t line = 0;
  std::map<std::string, std::string> fields;  // lower-case name → raw value (braces kept for name splitting)
};

class BibParser {
 public:
  BibParser(std::string_view text, ImportPart& part) : text_(text), part_(part) {
    for (std::string_view month : {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}) {
      std::string name(month);
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
      macros_[std::string(month)] = name;
    }
  }

  std::optional<Error> parse(std::vector<Entry>& entries) {
    while (true) {
      const std::size_t at = text_.find('@', pos_);
      if (at == std::string_view::npos) return std::nullopt;
      advance_to(at + 1);
      skip_space();
      const std::size_t type_start = pos_;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) advance(1);
      const std::string type = lower_ascii(text_.substr(type_start, pos_ - type_start));
      const std::size_t entry_line = line_;
      skip_space();
      if (type.empty() || pos_ >= text_.size() || (text_[pos_] != '{' && text_[pos_] != '(')) {
        if (!type.empty() && type != "comment")
          warn(part_, entry_line, "'@" + type + "' is not followed by '{' (skipped)");
        continue;
      }
      const char close = text_[pos_] == '{' ? '}' : ')';
      advance(1);
      if (type == "comment" || type == "preamble") {
        if (auto error = skip_balanced(close, entry_line, "@" + type)) return error;
        continue;
      }
      Entry entry;
      entry.type = type;
      entry.line = entry_line;
      if (type != "string") {
        skip_space();
        const std::size_t key_start = pos_;
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != close && text_[pos_] != '\n') advance(1);
        entry.key = trim(text_.substr(key_start, pos_ - key_start));
        if (pos_ < text_.size() && text_[pos_] == ',') advance(1);
      }
      if (auto error = fields(entry, close)) return error;
      if (type == "string") {
        for (const auto& [name, value] : entry.fields) macros_[name] = value;
        continue;
      }
      if (std::find(kEntryTypes.begin(), kEntryTypes.end(), type) == kEntryTypes.end()) {
        warn(part_, entry_line, "unknown entry type @" + type + " '" + entry.key + "' (skipped)");
        continue;
      }
      entries.push_back(std::move(entry));
    }
  }

 private:
  void advance(std::size_t n) {
    for (std::size_t k = 0; k < n && pos_ < text_.size(); ++k, ++pos_)
      if (text_[pos_] == '\n') ++line_;
  }
  void advance_to(std::size_t to) { advance(to - pos_); }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) advance(1);
  }

  Error unclosed(std::size_t line, const std::string& what) const {
    return Error{part_.source, "line " + std::to_string(line) + ": " + what + " never closes (unbalanced braces)",
                 "every '{' needs its '}'; check that entry"};
  }

  std::optional<Error> skip_balanced(char close, std::size_t line, const std::string& what) {
    int depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      advance(1);
      if (c == '{') ++depth;
      else if (c == '}' && depth > 0) --depth;
      else if (c == close && depth == 0) return std::nullopt;
    }
    return unclosed(line, what);
  }

  std::optional<Error> fields(Entry& entry, char close) {
    const std::string what = entry.key.empty() ? "@" + entry.type : "entry '" + entry.key + "'";
    while (true) {
      skip_space();
      if (pos_ >= text_.size()) return unclosed(entry.line, what);
      if (text_[pos_] == close) {
        advance(1);
        return std::nullopt;
      }
      if (text_[pos_] == ',') {
        advance(1);
        continue;
      }
      const std::size_t name_start = pos_;
      const std::size_t field_line = line_;
      while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) && text_[pos_] != '=' &&
             text_[pos_] != ',' && text_[pos_] != close && text_[pos_] != '{' && text_[pos_] != '"')
        advance(1);
      const std::string name = lower_ascii(text_.substr(name_start, pos_ - name_start));
      skip_space();
      if (pos_ >= text_.size()) return unclosed(entry.line, what);
      if (text_[pos_] != '=') {
        warn(part_, field_line, what + ": '" + name + "' has no '= value' (skipped)");
        if (text_[pos_] == '{' || text_[pos_] == '"') {
          std::string ignored;
          if (auto error = value_part(ignored, entry.line, what)) return error;
        } else if (text_[pos_] != close && text_[pos_] != ',') {
          advance(1);
        }
        continue;
      }
      advance(1);
      std::string value;
      while (true) {
        skip_space();
        if (auto error = value_part(value, entry.line, what)) return error;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '#') {
          advance(1);
          continue;
        }
        break;
      }
      if (!name.empty()) entry.fields[name] = value;
    }
  }

  std::optional<Error> value_part(std::string& value, std::size_t line, const std::string& what) {
    if (pos_ >= text_.size()) return unclosed(line, what);
    const char c = text_[pos_];
    if (c == '{' || c == '"') {
      // Braced: up to the matching brace. Quoted: up to a '"' outside braces.
      advance(1);
      int depth = 0;
      const std::size_t start = pos_;
      while (pos_ < text_.size()) {
        const char d = text_[pos_];
        if (d == '\\' && pos_ + 1 < text_.size()) {
          advance(2);
          continue;
        }
        if (d == '{') ++depth;
        if (d == '}') {
          if (depth == 0 && c == '{') break;
          if (depth == 0) return unclosed(line, what);
          --depth;
        }
        if (d == '"' && c == '"' && depth == 0) break;
        advance(1);
      }
      if (pos_ >= text_.size()) return unclosed(line, what);
      value += text_.substr(start, pos_ - start);
      advance(1);
      return std::nullopt;
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
                                   text_[pos_] == '-' || text_[pos_] == '.' || text_[pos_] == ':' || text_[pos_] == '+'))
      advance(1);
    const std::string word(text_.substr(start, pos_ - start));
    if (word.empty()) {
      warn(part_, line_, what + ": a field value is missing");
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ')') advance(1);
      return std::nullopt;
    }
    if (std::all_of(word.begin(), word.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); })) {
      value += word;
    } else if (auto macro = macros_.find(lower_ascii(word)); macro != macros_.end()) {
      value += macro->second;
    } else {
      warn(part_, line_, what + ": '" + word + "' is not a defined @string (kept as written)");
      value += word;
    }
    return std::nullopt;
  }

  std::string_view text_;
  ImportPart& part_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::map<std::string, std::string> macros_;
};

// Splits `text` at `separator` (case-insensitive, between spaces) outside braces.
std::vector<std::string> split_outside_braces(std::string_view text, std::string_view separator) {
  std::vector<std::string> parts;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    else if (text[i] == '}' && depth > 0) --depth;
    else if (depth == 0 && text.size() - i >= separator.size() && starts_with_ci(text.substr(i), separator)) {
      parts.emplace_back(text.substr(start, i - start));
      start = i + separator.size();
      i = start - 1;
    }
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

// "Last, First", "Last, Jr, First", "First von Last" → "First von Last[ Jr]".
std::string bib_name(std::string_view raw) {
  std::vector<std::string> parts = split_outside_braces(collapse_space(raw), ",");
  for (std::string& part : parts) part = trim(part);
  std::string name;
  if (parts.size() == 1) name = parts[0];
  else if (parts.size() == 2) name = parts[1] + " " + parts[0];
  else name = parts[2] + " " + parts[0] + " " + parts[1];
  return normalise_author(latex_to_text(name));
}

std::string field(const Entry& entry, std::string_view name) {
  const auto it = entry.fields.find(std::string(name));
  return it == entry.fields.end() ? std::string() : latex_to_text(it->second);
}

std::string raw_field(const Entry& entry, std::string_view name) {
  const auto it = entry.fields.find(std::string(name));
  return it == entry.fields.end() ? std::string() : trim(it->second);
}

Publication publication_of(const Entry& entry, ImportPart& part) {
  Publication publication;
  publication.title = field(entry, "title");
  std::string authors = raw_field(entry, "author");
  if (authors.empty()) authors = raw_field(entry, "editor");
  for (const std::string& raw : split_outside_braces(collapse_space(authors), " and ")) {
    const std::string name = trim(raw);
    if (name.empty()) continue;
    if (lower_ascii(name) == "others") {
      publication.authors.push_back("et al.");
      continue;
    }
    publication.authors.push_back(bib_name(name));
  }
  const std::string year = field(entry, "year");
  std::string venue = field(entry, "venue");
  std::string note = field(entry, "note");
  const bool venue_given = !venue.empty();
  if (venue.empty()) {
    for (std::string_view name : {"booktitle", "journal", "howpublished", "school", "institution", "publisher"}) {
      venue = field(entry, name);
      if (!venue.empty()) break;
    }
  }
  const std::string archive = lower_ascii(field(entry, "archiveprefix").empty() ? field(entry, "eprinttype")
                                                                                 : field(entry, "archiveprefix"));
  if (venue.empty() && archive == "arxiv") venue = "arXiv";
  if (venue.empty() && !note.empty()) {
    venue = note;
    note.clear();
  }
  if (!venue_given && !year.empty() && venue.find(year) == std::string::npos) append_with(venue, " ", year);
  publication.venue = normalise_venue(venue, note);
  publication.note = note;

  const auto add = [&](const std::string& label, std::string url) {
    url = trim(url);
    if (url.empty()) return;
    if (auto problem = link_problem(url)) {
      warn(part, entry.line, "entry '" + entry.key + "' " + label + " link: " + *problem + " (dropped)");
      return;
    }
    for (const ProfileLink& link : publication.links)
      if (link.url == url) return;
    publication.links.push_back(ProfileLink{label, url});
  };
  if (const std::string url = field(entry, "url"); !url.empty()) {
    const std::string label = publication_link_label(url, "");
    add(label == "Link" ? "Paper" : label, url);
  }
  if (archive == "arxiv") {
    if (const std::string eprint = field(entry, "eprint"); !eprint.empty()) add("arXiv", "https://arxiv.org/abs/" + eprint);
  }
  if (std::string doi = field(entry, "doi"); !doi.empty()) {
    for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"})
      if (starts_with_ci(doi, prefix)) doi = doi.substr(prefix.size());
    add("DOI", "https://doi.org/" + doi);
  }
  static constexpr std::pair<std::string_view, std::string_view> link_fields[] = {
      {"pdf", "PDF"},        {"url_pdf", "PDF"},          {"code", "Code"},          {"url_code", "Code"},
      {"github", "Code"},    {"project", "Project Page"}, {"url_project", "Project Page"},
      {"projectpage", "Project Page"}, {"website", "Project Page"}, {"webpage", "Project Page"},
      {"video", "Video"},    {"url_video", "Video"},      {"slides", "Slides"},      {"url_slides", "Slides"},
      {"poster", "Poster"},  {"url_poster", "Poster"}};
  for (const auto& [name, label] : link_fields) add(std::string(label), field(entry, name));
  return publication;
}

}  // namespace

Result<ImportPart> import_bibtex(std::string_view text, ImportPart part) {
  std::vector<Entry> entries;
  BibParser parser(text, part);
  if (auto error = parser.parse(entries)) return *error;
  for (const Entry& entry : entries) {
    if (part.profile.publications.size() >= kMaxProfileListEntries) {
      warn(part, entry.line, "more than " + std::to_string(kMaxProfileListEntries) + " entries (the rest are skipped)");
      break;
    }
    Publication publication = publication_of(entry, part);
    if (publication.title.empty()) {
      warn(part, entry.line, "entry '" + entry.key + "' has no title (skipped)");
      continue;
    }
    part.profile.publications.push_back(std::move(publication));
  }
  if (part.profile.publications.empty())
    return Error{part.source, "no BibTeX entry with a title found",
                 "pass a .bib file of @article/@inproceedings/... entries, each with a title"};
  return part;
}

}  // namespace splatview::import_detail
