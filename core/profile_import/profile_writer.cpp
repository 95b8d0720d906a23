// An imported profile as TOML (the format of docs/profile-format.md, read back by load_profile), and the
// write of that file (through core/safe_write.h) that refuses to replace one unless asked.
#include <cstdio>

#include "core/profile_import/profile_import.h"
#include "core/profile_text.h"
#include "core/safe_write.h"

namespace splatview {

namespace {

using profile_detail::clean_text;

std::string quoted(std::string_view text, std::size_t max_bytes, bool single_line) {
  const std::string clean = clean_text(text, max_bytes, single_line).text;
  const bool multi = clean.find('\n') != std::string::npos;
  std::string out = multi ? "\"\"\"\n" : "\"";
  for (const char c : clean) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += multi ? "\n" : "\\n"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  out += multi ? "\"\"\"" : "\"";
  return out;
}

void key(std::string& out, std::string_view name, std::string_view value, std::size_t max, bool single_line = true) {
  if (value.empty()) return;
  out += std::string(name) + " = " + quoted(value, max, single_line) + "\n";
}

}  // namespace

std::string profile_to_toml(const Profile& profile, const std::filesystem::path& toml_folder) {
  std::string out = "# Imported by splatview --import-profile; check it with splatview --check-profile.\n"
                    "# The format is described in docs/profile-format.md.\n\n";
  key(out, "name", profile.name, kMaxShortTextBytes);
  key(out, "role", profile.role, kMaxShortTextBytes);
  if (!profile.photo.empty()) {
    std::error_code error;
    const auto folder = std::filesystem::absolute(toml_folder.empty() ? "." : toml_folder, error);
    const auto photo = std::filesystem::absolute(profile.photo, error);
    std::filesystem::path relative = photo.lexically_normal().lexically_relative(folder.lexically_normal());
    if (relative.empty()) relative = photo;
    key(out, "photo", relative.generic_string(), kMaxShortTextBytes * 4);
  }
  key(out, "bio", profile.bio, kMaxLongTextBytes, false);
  key(out, "quote", profile.quote, kMaxLongTextBytes, false);
  std::size_t count = 0;
  for (const ProfileLink& link : profile.links) {
    if (++count > kMaxProfileListEntries || link.url.size() > kMaxUrlBytes || link_problem(link.url)) continue;
    out += "\n[[links]]\n";
    key(out, "label", link.label.empty() ? link.url : link.label, kMaxShortTextBytes);
    key(out, "url", link.url, kMaxUrlBytes);
  }
  count = 0;
  for (const NewsItem& item : profile.news) {
    if (++count > kMaxProfileListEntries || item.text.empty()) continue;
    out += "\n[[news]]\n";
    key(out, "date", item.date, kMaxShortTextBytes);
    key(out, "text", item.text, kMaxLongTextBytes, false);
    if (!item.url.empty() && !link_problem(item.url)) key(out, "url", item.url, kMaxUrlBytes);
  }
  count = 0;
  for (const Publication& publication : profile.publications) {
    if (++count > kMaxProfileListEntries || publication.title.empty()) continue;
    out += "\n[[publications]]\n";
    key(out, "title", publication.title, kMaxShortTextBytes);
    if (!publication.authors.empty()) {
      out += "authors = [";
      std::size_t n = 0;
      for (const std::string& author : publication.authors) {
        if (author.empty() || ++n > kMaxProfileListEntries) continue;
        if (n > 1) out += ", ";
        out += quoted(author, kMaxShortTextBytes, true);
      }
      out += "]\n";
    }
    key(out, "venue", publication.venue, kMaxShortTextBytes);
    key(out, "note", publication.note, kMaxLongTextBytes, false);
    if (!publication.links.empty()) {
      out += "links = [";
      std::size_t n = 0;
      for (const ProfileLink& link : publication.links) {
        if (n >= kMaxProfileListEntries || link.url.size() > kMaxUrlBytes || link_problem(link.url)) continue;
        if (n++ > 0) out += ", ";
        out += "{ label = " + quoted(link.label.empty() ? "Link" : link.label, kMaxShortTextBytes, true) +
               ", url = " + quoted(link.url, kMaxUrlBytes, true) + " }";
      }
      out += "]\n";
    }
  }
  count = 0;
  for (const CvSection& section : profile.sections) {
    if (++count > kMaxProfileListEntries || section.title.empty()) continue;
    out += "\n[[sections]]\n";
    key(out, "title", section.title, kMaxShortTextBytes);
    std::size_t n = 0;
    for (const CvEntry& entry : section.entries) {
      if (++n > kMaxProfileListEntries) continue;
      if (entry.heading.empty() && entry.detail.empty() && entry.place.empty() && entry.dates.empty()) continue;
      out += "\n[[sections.entries]]\n";
      key(out, "heading", entry.heading, kMaxShortTextBytes);
      key(out, "place", entry.place, kMaxShortTextBytes);
      key(out, "dates", entry.dates, kMaxShortTextBytes);
      key(out, "detail", entry.detail, kMaxLongTextBytes, false);
      if (!entry.url.empty() && !link_problem(entry.url)) key(out, "url", entry.url, kMaxUrlBytes);
    }
  }
  return out;
}

std::optional<Error> write_text_file_safely(const std::filesystem::path& path, std::string_view text, bool replace) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    return Error{path.string(), "is a folder", "pass a file name ending in .toml"};
  if (!replace && std::filesystem::exists(path, ignored))
    return Error{path.string(), "already exists", "pass --force to replace it, or choose another --output"};
  return write_file_safely(path, text);
}

}  // namespace splatview
