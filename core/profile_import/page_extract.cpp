#include "core/profile_import/page_extract.h"

#include <algorithm>
#include <optional>

#include "core/profile_import/import_text.h"

namespace splatview::import_detail {

namespace {

enum class SectionKind { kIntro, kBio, kNews, kPublications, kCv, kContact, kSkipped, kUnknown };

bool has_word(const std::string& lower, std::initializer_list<std::string_view> words) {
  for (std::string_view word : words)
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

SectionKind classify(const std::string& title) {
  const std::string t = lower_ascii(title);
  if (t == "bio" || t == "biography" || t == "about" || t == "about me" || t == "short bio" || t == "introduction" ||
      t == "who am i" || t == "overview")
    return SectionKind::kBio;
  if (has_word(t, {"news", "updates", "announcement"})) return SectionKind::kNews;
  if (has_word(t, {"publication", "papers", "preprint", "manuscript", "selected works"})) return SectionKind::kPublications;
  if (t == "contact" || t == "contact me" || t == "links" || t == "contact information" || t == "find me")
    return SectionKind::kContact;
  if (has_word(t, {"referee", "references"})) return SectionKind::kSkipped;
  if (has_word(t, {"education", "experience", "intern", "employment", "award", "honor", "honour", "service",
                   "talk", "teaching", "project", "interest", "skill", "position", "activit", "fellowship", "grant",
                   "mentor", "student", "research", "work", "professional", "leadership", "volunteer",
                   "presentation", "patent", "certificat"}))
    return SectionKind::kCv;
  return SectionKind::kUnknown;
}

// A CV section's title as it should read: "SELECTED EXPERIENCE" → "Experience".
std::string section_title(const std::string& heading) {
  std::string title = fix_all_caps(strip_decoration(heading));
  if (starts_with_ci(title, "selected ")) {
    title.erase(0, 9);
    if (!title.empty()) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  }
  return title;
}

// Consecutive runs of one kind: the unit the publication and CV readers reason about.
enum class SegKind { kPlain, kStrong, kEm, kVenue, kLink, kBreak };

struct Segment {
  SegKind kind = SegKind::kPlain;
  std::string text;
  std::string href;
  std::string icon;
  bool owner = false;  // holds <u> text: the page's owner in an author list
  std::string owner_text;
  unsigned flags = ~0u;  // the flags every run of it has
};

SegKind kind_of(const Run& run) {
  if (run.flags & kBreak) return SegKind::kBreak;
  if (!run.href.empty()) return SegKind::kLink;
  if (run.flags & (kCode | kBadge)) return SegKind::kVenue;
  if ((run.flags & kStrong) && !(run.flags & kUnder)) return SegKind::kStrong;
  if ((run.flags & kEm) && !(run.flags & kUnder)) return SegKind::kEm;
  return SegKind::kPlain;
}

std::vector<Segment> segments_of(const std::vector<Run>& runs) {
  std::vector<Segment> segments;
  for (const Run& run : runs) {
    if (run.flags & kImage) continue;
    const SegKind kind = kind_of(run);
    std::string text = run.text;
    if (run.flags & kSup) {  // affiliation digits go; marks stay
      std::string kept;
      for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != ',') kept += c;
      text = kept;
    }
    const bool joins = !segments.empty() && segments.back().kind == kind && kind != SegKind::kBreak &&
                       segments.back().href == run.href;
    if (!joins) {
      // A plain run of white space between two runs of one kind does not split them.
      segments.push_back(Segment{kind, "", run.href, "", false, "", ~0u});
    }
    Segment& segment = segments.back();
    segment.flags &= run.flags;
    segment.text += text;
    if (segment.icon.empty()) segment.icon = run.icon;
    if (run.flags & kUnder) {
      segment.owner = true;
      segment.owner_text += text;
    }
  }
  // Drop segments that hold only white space, except breaks.
  std::vector<Segment> kept;
  for (Segment& segment : segments) {
    if (segment.kind != SegKind::kBreak && trim(segment.text).empty() && segment.icon.empty() &&
        segment.kind != SegKind::kLink)
      continue;
    kept.push_back(std::move(segment));
  }
  return kept;
}

std::string strip_brackets(std::string text) {
  text = trim(text);
  while (text.size() >= 2 && ((text.front() == '[' && text.back() == ']') || (text.front() == '(' && text.back() == ')')))
    text = trim(std::string_view(text).substr(1, text.size() - 2));
  return text;
}

std::string trim_punctuation(std::string text) {
  const std::string_view junk = " ,.;:|-\u00b7";
  text = trim(text);
  while (!text.empty() && junk.find(text.front()) != std::string_view::npos) text = trim(std::string_view(text).substr(1));
  while (!text.empty() && (text.back() == ',' || text.back() == ';' || text.back() == '|' || text.back() == ':' ||
                           text.back() == '-'))
    text = trim(std::string_view(text).substr(0, text.size() - 1));
  // "\u2013" and "\u00b7" at the ends.
  for (std::string_view dash : {"\u2013", "\u2014", "\u00b7"}) {
    while (text.size() >= dash.size() && text.compare(0, dash.size(), dash) == 0) text = trim(std::string_view(text).substr(dash.size()));
    while (text.size() >= dash.size() && text.compare(text.size() - dash.size(), dash.size(), dash) == 0)
      text = trim(std::string_view(text).substr(0, text.size() - dash.size()));
  }
  return text;
}

bool has_year(std::string_view text) {
  for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
    if ((text.compare(i, 2, "19") == 0 || text.compare(i, 2, "20") == 0) && std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
        std::isdigit(static_cast<unsigned char>(text[i + 3])) && (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))) &&
        (i + 4 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 4]))))
      return true;
  }
  return false;
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

class PageReader {
 public:
  PageReader(const PageBlocks& page, ImportPart& part) : page_(page), part_(part) {}

  void read() {
    for (const Block& block : page_.blocks) {
      if (block.type == BlockType::kHeading) {
        heading(block);
        continue;
      }
      if (runs_text(block.runs).empty() && !has_image(block)) continue;
      switch (section_) {
        case SectionKind::kIntro: intro(block); break;
        case SectionKind::kBio: bio(block); break;
        case SectionKind::kNews: news(block); break;
        case SectionKind::kPublications: publication_block(block); break;
        case SectionKind::kCv: cv_block(block); break;
        case SectionKind::kContact: contact_links(block, true); break;
        case SectionKind::kSkipped: break;
        case SectionKind::kUnknown: ++unknown_blocks_; break;
      }
    }
    end_section();
    if (page_.template_tags)
      warn(part_, page_.first_template_line,
           std::to_string(page_.template_tags) + " template tags ({% ... %}, {{< ... >}}) skipped: import the built "
           "page (.html) to get what they produce");
    if (page_.too_deep)
      warn(part_, 0, std::to_string(page_.too_deep) + " elements nested more than " + std::to_string(kMaxPageDepth) +
                         " deep skipped");
    if (part_.profile.name.empty()) name_from_title();
    if (part_.profile.role.empty()) role_from_bio();
  }

 private:
  static bool has_image(const Block& block) {
    return std::any_of(block.runs.begin(), block.runs.end(), [](const Run& r) { return (r.flags & kImage) != 0; });
  }

  // ---- sections ----
  void heading(const Block& block) {
    const std::string raw = runs_text(block.runs);
    const std::string text = strip_decoration(raw);
    if (text.empty()) return;
    const int level = block.level == 0 ? 2 : block.level;
    if (part_.profile.name.empty() && !named_ && section_ == SectionKind::kIntro && block.level == 1 &&
        looks_like_name(fix_all_caps(text))) {
      part_.profile.name = fix_all_caps(text);
      named_ = true;
      name_level_ = 1;
      return;
    }
    const SectionKind kind = classify(text);
    const bool sub = section_ != SectionKind::kIntro && block.level != 0 && block.level > section_level_;
    const bool list_section = section_ == SectionKind::kPublications || section_ == SectionKind::kCv;
    if (kind != SectionKind::kUnknown && (!sub || !list_section)) {
      start_section(kind, text, level, block.line);
      return;
    }
    if (list_section && sub) {
      if (section_ == SectionKind::kPublications) {
        finish_publication();
        publication_.title = strip_leading_decoration(raw);
        publication_line_ = block.line;
        return;
      }
      finish_entry();
      entry_ = Entry{};
      entry_.open = true;
      entry_.title = strip_leading_decoration(raw);
      entry_.title_url = first_link(block);
      entry_.line = block.line;
      return;
    }
    if (block.level == 0) return;  // a disclosure inside a section keeps the section
    if (section_ != SectionKind::kIntro && block.level > section_level_) return;  // a sub-heading of a known section
    start_section(SectionKind::kUnknown, text, level, block.line);
  }

  void start_section(SectionKind kind, const std::string& title, int level, std::size_t line) {
    end_section();
    section_ = kind;
    section_level_ = level;
    section_line_ = line;
    section_name_ = title;
    if (kind == SectionKind::kCv) {
      CvSection section;
      section.title = section_title(title);
      cv_title_lower_ = lower_ascii(section.title);
      part_.profile.sections.push_back(std::move(section));
    }
    if (kind == SectionKind::kSkipped)
      warn(part_, line, "section '" + title + "' skipped: referees' contact details do not belong in a public profile");
  }

  void end_section() {
    finish_publication();
    finish_entry();
    if (section_ == SectionKind::kUnknown && unknown_blocks_ > 0)
      warn(part_, section_line_, "section '" + section_name_ + "' skipped (" + std::to_string(unknown_blocks_) +
                                     " paragraphs): not a section splatview knows (bio, news, publications, contact, "
                                     "or a CV section such as Education or Awards)");
    if (section_ == SectionKind::kCv && !part_.profile.sections.empty() && part_.profile.sections.back().entries.empty()) {
      warn(part_, section_line_, "section '" + part_.profile.sections.back().title + "' has no entries (dropped)");
      part_.profile.sections.pop_back();
    }
    unknown_blocks_ = 0;
  }

  // ---- links ----
  std::string absolute(const std::string& href, std::size_t line, const std::string& what) {
    const std::string url = absolute_url(href, part_.base_url);
    if (url.empty()) {
      if (trim(href).empty() || trim(href)[0] == '#')
        warn(part_, line, what + " has no address ('" + href + "') (dropped)");
      else
        warn(part_, line, what + " '" + href + "' is relative (dropped; pass --base-url with the site's address)");
      return {};
    }
    if (auto problem = link_problem(url)) {
      warn(part_, line, what + ": " + *problem + " (dropped)");
      return {};
    }
    return url;
  }

  static std::string first_link(const Block& block) {
    for (const Run& run : block.runs)
      if (!run.href.empty()) return run.href;
    return {};
  }

  void contact_links(const Block& block, bool labelled_by_text) {
    const std::vector<Segment> segments = segments_of(block.runs);
    std::size_t link_count = 0;
    for (const Segment& s : segments) link_count += s.kind == SegKind::kLink;
    for (const Segment& s : segments) {
      if (s.kind != SegKind::kLink) continue;
      const std::string text = strip_brackets(collapse_space(s.text));
      std::string label = link_kind(s.href, s.icon.empty() ? text : s.icon);
      const std::string what = text.empty() ? std::string("link") : "link '" + text + "'";
      const std::string url = absolute(s.href, block.line, what);
      if (url.empty()) continue;
      if (label.empty()) {
        // An unknown kind reads as its line ("Office: 424, 60 5th Ave, ...") or its own text.
        const std::string line_text = strip_decoration(runs_text(block.runs));
        if (link_count == 1 && labelled_by_text && !line_text.empty() && line_text.size() <= 120)
          label = line_text;
        else if (!text.empty())
          label = text;
        else
          label = "Homepage";
      }
      part_.profile.links.push_back(ProfileLink{label, url});
    }
  }

  // ---- before the first section ----
  void intro(const Block& block) {
    for (const Run& run : block.runs) {
      if (!(run.flags & kImage) || !part_.profile.photo.empty() || !photo_url_.empty()) continue;
      const std::string src = lower_ascii(run.src);
      if (src.empty() || src.find("shields.io") != std::string::npos || src.find("badge") != std::string::npos ||
          src.find(".svg") != std::string::npos || src.find("logo") != std::string::npos)
        continue;
      take_photo(run.src, block.line);
    }
    const std::string text = runs_text(block.runs);
    if (text.empty()) return;
    ++intro_blocks_;
    const bool has_links = !first_link(block).empty();
    if (is_quote(block)) {
      if (part_.profile.quote.empty()) part_.profile.quote = unquote(text);
      return;
    }
    if (text.size() > 200 || (!has_links && count_words(text) > 25)) {
      append_with(part_.profile.bio, "\n\n", text);
      return;
    }
    if (has_links) {
      contact_links(block, true);
      return;
    }
    if (part_.profile.role.empty() && named_ && intro_blocks_ == 1 && looks_like_role(text)) {
      part_.profile.role = text;
      return;
    }
    warn(part_, block.line, "text before the first section not used: '" + clip(text) + "'");
  }

  static bool looks_like_role(const std::string& text) {
    if (text.size() > 150 || text.find('@') != std::string::npos || text.find("\u25ca") != std::string::npos)
      return false;
    std::size_t run = 0;
    for (char c : text) {
      run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
      if (run >= 3) return false;
    }
    return true;
  }

  void take_photo(const std::string& src, std::size_t line) {
    const std::string url = absolute_url(src, "");
    if (!url.empty()) {
      if (link_problem(url)) {
        warn(part_, line, "photo '" + src + "' is not an https link or a local file (not used)");
        return;
      }
      photo_url_ = url;
      part_.profile.links.push_back(ProfileLink{"Photo", url});
      return;
    }
    if (src.empty() || src[0] == '#') return;
    std::filesystem::path path = part_.folder / std::filesystem::path(src).relative_path();
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(path, ignored)) {
      warn(part_, line, "photo '" + src + "' not found beside the page (not used)");
      return;
    }
    part_.profile.photo = path;
  }

  static bool is_quote(const Block& block) {
    if (block.quote) return true;
    const std::vector<Segment> segments = segments_of(block.runs);
    if (segments.size() != 1 || segments[0].kind != SegKind::kEm) return false;
    const std::string text = trim(segments[0].text);
    return text.rfind("\"", 0) == 0 || text.rfind("\u201c", 0) == 0;
  }

  static std::string unquote(std::string text) {
    text = trim(text);
    for (std::string_view q : {"\"", "\u201c", "\u201d"}) {
      if (text.size() >= q.size() && text.compare(0, q.size(), q) == 0) text = text.substr(q.size());
      if (text.size() >= q.size() && text.compare(text.size() - q.size(), q.size(), q) == 0)
        text.resize(text.size() - q.size());
    }
    return trim(text);
  }

  static std::string clip(const std::string& text) {
    if (text.size() <= 60) return text;
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
  }

  // ---- bio ----
  void bio(const Block& block) {
    const std::string text = runs_text(block.runs);
    if (is_quote(block)) {
      if (part_.profile.quote.empty())
        part_.profile.quote = unquote(text);
      else
        append_with(part_.profile.bio, "\n\n", text);
      return;
    }
    append_with(part_.profile.bio, "\n\n", block.type == BlockType::kListItem ? "\u2022 " + text : text);
  }

  void role_from_bio() {
    // "I am a Ph.D. student of Computer Science at NYU Courant, advised by ..." → the role.
    const std::string& bio = part_.profile.bio;
    for (std::string_view opening : {"I am a ", "I am an ", "I'm a ", "I'm an ", "I\u2019m a ", "I\u2019m an "}) {
      if (bio.rfind(opening, 0) != 0) continue;
      std::string rest = bio.substr(opening.size());
      std::size_t end = rest.find_first_of(",;\n");
      for (std::size_t dot = rest.find(". "); dot != std::string::npos; dot = rest.find(". ", dot + 1)) {
        if (dot + 2 < rest.size() && std::isupper(static_cast<unsigned char>(rest[dot + 2]))) {
          end = std::min(end, dot);
          break;
        }
      }
      if (end == std::string::npos) end = rest.size();
      rest = trim(std::string_view(rest).substr(0, end));
      if (!rest.empty() && rest.back() == '.') rest.pop_back();
      if (!rest.empty() && rest.size() <= 120) {
        rest[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
        part_.profile.role = rest;
      }
      return;
    }
  }

  void name_from_title() {
    std::string title = page_.title;
    for (std::string_view separator : {" | ", " - ", " \u2013 ", " \u00b7 ", " \u2014 ", ": "}) {
      for (std::size_t at = 0; at <= title.size();) {
        const std::size_t next = title.find(separator, at);
        const std::string piece = trim(std::string_view(title).substr(at, next == std::string::npos ? std::string::npos : next - at));
        if (looks_like_name(piece)) {
          part_.profile.name = piece;
          return;
        }
        if (next == std::string::npos) break;
        at = next + separator.size();
      }
    }
    if (looks_like_name(title)) part_.profile.name = title;
    else if (looks_like_name(page_.meta_author)) part_.profile.name = page_.meta_author;
  }

  // ---- news ----
  void news(const Block& block) {
    const std::vector<Segment> segments = segments_of(block.runs);
    std::string date;
    std::string text = runs_text(block.runs);
    if (!segments.empty() && (segments[0].kind == SegKind::kEm || segments[0].kind == SegKind::kStrong) &&
        looks_like_date(segments[0].text)) {
      date = segments[0].text;
      text = text.substr(std::min(text.size(), collapse_space(segments[0].text).size()));
    } else if (!text.empty() && text[0] == '[' && text.find(']') != std::string::npos && text.find(']') < 40 &&
               looks_like_date(text.substr(1, text.find(']') - 1))) {
      date = text.substr(1, text.find(']') - 1);
      text = text.substr(text.find(']') + 1);
    } else {
      for (std::string_view separator : {":", " - ", " \u2013 ", " \u2014 ", "]"}) {
        const std::size_t at = text.find(separator);
        if (at != std::string::npos && at < 40 && looks_like_date(text.substr(0, at))) {
          date = text.substr(0, at);
          text = text.substr(at + separator.size());
          break;
        }
      }
    }
    date = trim_punctuation(strip_brackets(collapse_space(date)));
    text = strip_leading_decoration(trim_punctuation(text));
    if (text.empty()) return;
    if (date.empty()) warn(part_, block.line, "news item without a date: '" + clip(text) + "' (imported undated)");
    NewsItem item{normalise_dates(date), text, ""};
    if (const std::string href = first_link(block); !href.empty()) item.url = absolute(href, block.line, "news link");
    part_.profile.news.push_back(std::move(item));
  }

  // ---- publications ----
  void publication_block(const Block& block) {
    const std::vector<Segment> segments = segments_of(block.runs);
    if (segments.empty()) return;
    if (block.type == BlockType::kListItem && block.group != 0 && block.group == publication_group_ &&
        publication_open()) {
      append_with(publication_.note, " \u00b7 ", runs_text(block.runs));  // a bullet in a paper box
      return;
    }
    if (block.type == BlockType::kListItem || (block.group != 0 && block.group != publication_group_)) {
      finish_publication();
      publication_group_ = block.group;
      publication_line_ = block.line;
    }
    if (!publication_open()) publication_line_ = block.line;
    const bool all_strong = std::all_of(segments.begin(), segments.end(), [](const Segment& s) {
      return s.kind == SegKind::kStrong || s.kind == SegKind::kBreak;
    });
    if (all_strong && !publication_.title.empty() && block.group == 0) {
      finish_publication();
      publication_line_ = block.line;
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const Segment& s = segments[i];
      const std::string text = collapse_space(s.text);
      switch (s.kind) {
        case SegKind::kBreak:
          flush_authors(block.line);
          break;
        case SegKind::kLink: {
          const std::string label_text = strip_brackets(text);
          if (publication_.title.empty() && count_words(label_text) >= 4 && label_text.size() > 25) {
            publication_.title = label_text;
            add_publication_link("Paper", s.href, block.line);
            break;
          }
          add_publication_link(label_text.empty() ? publication_link_label(s.href, s.icon) : label_text, s.href,
                               block.line);
          break;
        }
        case SegKind::kVenue:
          flush_authors(block.line);
          if (publication_.venue.empty()) publication_.venue = trim_punctuation(text);
          else append_with(publication_.note, " \u00b7 ", trim_punctuation(text));
          break;
        case SegKind::kStrong: {
          const bool next_comma = i + 1 < segments.size() && segments[i + 1].kind == SegKind::kPlain &&
                                  trim(segments[i + 1].text).rfind(",", 0) == 0;
          const bool prev_comma = !authors_buffer_.empty() && trim(authors_buffer_).back() == ',';
          if (next_comma || prev_comma || (!publication_.title.empty() && looks_like_name(trim_punctuation(text)))) {
            authors_buffer_ += text;
            marked_.push_back(trim_punctuation(text));
            owner_in_buffer_ = true;
          } else if (publication_.title.empty()) {
            publication_.title = trim_punctuation(text);
          } else if (has_year(text) && publication_.venue.empty()) {
            flush_authors(block.line);
            publication_.venue = trim_punctuation(text);
          } else {
            authors_buffer_ += text;
          }
          break;
        }
        case SegKind::kEm:
          if (publication_.authors.empty() &&
              (text.find(',') != std::string::npos ||
               (!trim(authors_buffer_).empty() && (owner_in_buffer_ || trim(text).rfind(",", 0) == 0)))) {
            authors_buffer_ += text;
          } else {
            flush_authors(block.line);
            if (publication_.venue.empty()) publication_.venue = trim_punctuation(text);
            else append_with(publication_.note, " \u00b7 ", strip_brackets(trim_punctuation(text)));
          }
          break;
        case SegKind::kPlain:
          authors_buffer_ += s.text;
          if (s.owner) {
            marked_.push_back(trim_punctuation(collapse_space(s.owner_text)));
            owner_in_buffer_ = true;
          }
          break;
      }
    }
    flush_authors(block.line);
    if (block.type == BlockType::kListItem) finish_publication();
  }

  bool publication_open() const {
    return !publication_.title.empty() || !publication_.authors.empty() || !publication_.venue.empty() ||
           !publication_.links.empty();
  }

  void add_publication_link(const std::string& label, const std::string& href, std::size_t line) {
    const std::string url = absolute(href, line, "publication link '" + label + "'");
    if (url.empty()) return;
    for (const ProfileLink& link : publication_.links)
      if (link.url == url) return;
    publication_.links.push_back(ProfileLink{label, url});
  }

  void flush_authors(std::size_t line) {
    std::string text = trim_punctuation(collapse_space(authors_buffer_));
    const bool owner = owner_in_buffer_;
    authors_buffer_.clear();
    owner_in_buffer_ = false;
    if (text.empty()) return;
    const bool list_like = text.find(',') != std::string::npos || text.find(" and ") != std::string::npos;
    if (publication_.authors.empty() && (list_like || owner || looks_like_name(text))) {
      publication_.authors = split_authors(text);
      return;
    }
    if (publication_.venue.empty() && has_year(text) && count_words(text) <= 8) {
      publication_.venue = text;
      return;
    }
    const std::string note = strip_brackets(text);
    if (note.size() <= 200) {
      append_with(publication_.note, " \u00b7 ", note);
      return;
    }
    warn(part_, line, "publication text not used: '" + clip(text) + "'");
  }

  void finish_publication() {
    flush_authors(publication_line_);
    if (!publication_open()) {
      publication_ = Publication{};
      return;
    }
    if (publication_.title.empty()) {
      warn(part_, publication_line_, "publication without a title (dropped)");
    } else {
      publication_.venue = normalise_venue(publication_.venue, publication_.note);
      part_.profile.publications.push_back(std::move(publication_));
      for (std::string& name : marked_) part_.marked_authors.push_back(normalise_author(name));
    }
    marked_.clear();
    publication_ = Publication{};
  }

  // ---- CV sections ----
  struct Entry {
    bool open = false;
    std::string title;      // the line that opened it (a heading or bold text)
    std::string title_url;
    std::string subtitle;   // an emphasised line under the title: the title is then the place
    std::string dates;
    std::string detail;
    bool from_list = false;
    std::size_t line = 0;
  };

  bool education_like() const { return cv_title_lower_.find("education") != std::string::npos; }
  bool experience_like() const {
    return has_word(cv_title_lower_, {"experience", "intern", "employment", "position", "work"});
  }

  void cv_block(const Block& block) {
    std::vector<Segment> segments = segments_of(block.runs);
    if (segments.empty()) return;
    // A CV run through pdftotext glues a section title to the next entry: "**AWARDS AND HONORS****Henry ...**".
    if (segments[0].kind == SegKind::kStrong) {
      // CommonMark reads "**A****B**" as one bold run "A****B".
      const std::size_t glued = segments[0].text.find("****");
      if (glued != std::string::npos) {
        Segment rest = segments[0];
        rest.text = segments[0].text.substr(glued + 4);
        segments[0].text.resize(glued);
        segments.insert(segments.begin() + 1, std::move(rest));
      }
    }
    if (segments[0].kind == SegKind::kStrong || segments[0].kind == SegKind::kPlain) {
      const std::string first = strip_decoration(segments[0].text);
      if (fix_all_caps(first) != first && first.size() > 3 && classify(first) != SectionKind::kUnknown &&
          (segments[0].kind == SegKind::kStrong || segments.size() == 1)) {
        start_section(classify(first), first, section_level_, block.line);
        segments.erase(segments.begin());
        if (segments.empty()) return;
        if (section_ != SectionKind::kCv) return;
      }
    }
    const std::string text = runs_from_segments(segments);
    if (block.type == BlockType::kListItem) {
      if (entry_.open && (!entry_.from_list || block.list_depth > 1)) {
        append_with(entry_.detail, "\n", "\u2022 " + text);
        return;
      }
      finish_entry();
      entry_ = Entry{};
      entry_.open = true;
      entry_.from_list = true;
      entry_.line = block.line;
      std::string rest = text;
      if ((segments[0].kind == SegKind::kEm || segments[0].kind == SegKind::kStrong) && looks_like_date(segments[0].text)) {
        entry_.dates = normalise_dates(trim_punctuation(segments[0].text));
        rest = runs_from_segments({segments.begin() + 1, segments.end()});
      }
      entry_.title = trim_punctuation(rest);
      if (entry_.title.size() > 1 && entry_.title.back() == '.') entry_.title.pop_back();
      if (entry_.title_url.empty()) entry_.title_url = first_link(block);
      return;
    }
    if (entry_.open && entry_.dates.empty() && looks_like_date(text)) {
      entry_.dates = normalise_dates(trim_punctuation(text));
      return;
    }
    const bool emphasised = std::all_of(segments.begin(), segments.end(), [](const Segment& s) {
      return s.kind == SegKind::kBreak || (s.flags & (kEm | kStrong)) != 0;
    });
    const bool has_em = std::any_of(segments.begin(), segments.end(), [](const Segment& s) {
      return s.kind != SegKind::kBreak && (s.flags & kEm) != 0;
    });
    if (entry_.open && !entry_.title.empty() && entry_.subtitle.empty() && entry_.detail.empty() && !entry_.from_list &&
        ((emphasised && has_em) || (education_like() && segments[0].kind != SegKind::kStrong))) {
      entry_.subtitle = text;
      return;
    }
    if (segments[0].kind == SegKind::kStrong) {
      finish_entry();
      entry_ = Entry{};
      entry_.open = true;
      entry_.line = block.line;
      std::string title = collapse_space(segments[0].text);
      const std::string rest = trim_punctuation(runs_from_segments({segments.begin() + 1, segments.end()}));
      if (!title.empty() && title.back() == ':') {
        title.pop_back();
        entry_.subtitle = trim(title);  // "Reviewer: ..." names the role; no place
        entry_.detail = rest;
        return;
      }
      entry_.title = trim_punctuation(title);
      if (!rest.empty()) {
        if (looks_like_date(rest)) entry_.dates = normalise_dates(rest);
        else entry_.detail = rest;
      }
      return;
    }
    if (!entry_.open) {
      entry_ = Entry{};
      entry_.open = true;
      entry_.line = block.line;
    }
    if (entry_.dates.empty() && looks_like_date(text)) {
      entry_.dates = normalise_dates(trim_punctuation(text));
      return;
    }
    append_with(entry_.detail, "\n", text);
  }

  static std::string runs_from_segments(const std::vector<Segment>& segments) {
    std::string text;
    for (const Segment& s : segments) text += s.kind == SegKind::kBreak ? "\n" : s.text;
    std::string out;
    // Collapse within lines, keep line breaks.
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = text.find('\n', start);
      const std::string line = collapse_space(std::string_view(text).substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (!line.empty()) append_with(out, "\n", line);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return out;
  }

  void finish_entry() {
    if (!entry_.open) return;
    entry_.open = false;
    if (part_.profile.sections.empty()) return;
    CvEntry entry;
    entry.dates = entry_.dates;
    entry.detail = entry_.detail;
    if (!entry_.subtitle.empty()) {
      entry.heading = entry_.subtitle;
      entry.place = entry_.title;
    } else if (experience_like() && entry_.title.find(", ") != std::string::npos) {
      const std::size_t comma = entry_.title.find(", ");
      entry.heading = entry_.title.substr(0, comma);
      entry.place = entry_.title.substr(comma + 2);
    } else {
      entry.heading = entry_.title;
    }
    if (!entry_.title_url.empty()) entry.url = absolute(entry_.title_url, entry_.line, "entry link");
    if (entry.heading.empty() && entry.detail.empty() && entry.place.empty() && entry.dates.empty()) return;
    part_.profile.sections.back().entries.push_back(std::move(entry));
  }

  const PageBlocks& page_;
  ImportPart& part_;
  SectionKind section_ = SectionKind::kIntro;
  int section_level_ = 1;
  std::size_t section_line_ = 0;
  std::string section_name_;
  std::string cv_title_lower_;
  std::size_t unknown_blocks_ = 0;
  bool named_ = false;
  int name_level_ = 0;
  std::string photo_url_;
  std::size_t intro_blocks_ = 0;

  Publication publication_;
  std::size_t publication_line_ = 0;
  std::size_t publication_group_ = 0;
  std::string authors_buffer_;
  bool owner_in_buffer_ = false;
  std::vector<std::string> marked_;

  Entry entry_;
};

}  // namespace

void warn(ImportPart& part, std::size_t line, const std::string& what) {
  if (part.warnings.size() >= kMaxProfileWarnings) return;
  part.warnings.push_back(line ? part.source + " line " + std::to_string(line) + ": " + what : part.source + ": " + what);
}

void extract_page(const PageBlocks& page, ImportPart& part) { PageReader(page, part).read(); }

}  // namespace splatview::import_detail
