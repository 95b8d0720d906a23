#include "app/panels/profile_check.h"

#include <cmath>
#include <cstdio>

#include "core/profile_text.h"

namespace splatview {
namespace {

constexpr std::size_t kListedEntries = 50;  // per list; the rest are counted
constexpr std::size_t kPreviewBytes = 100;

std::string one_line(const std::string& text, std::size_t max_bytes = kPreviewBytes) {
  return profile_detail::clean_text(text, max_bytes, true).text;
}

std::string number_text(float value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(value));
  return buffer;
}

void add_line(std::string& out, const std::string& line) { out += line + "\n"; }

void add_more(std::string& out, std::size_t total, const std::string& indent) {
  if (total > kListedEntries) add_line(out, indent + "... and " + std::to_string(total - kListedEntries) + " more");
}

std::string join(const std::vector<std::string>& items, std::size_t limit) {
  std::string result;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) result += (i ? ", " : "") + one_line(items[i]);
  if (items.size() > limit) result += ", ... (" + std::to_string(items.size()) + " in all)";
  return result;
}

}  // namespace

std::string profile_summary(const Profile& profile) {
  std::string out;
  add_line(out, "name:   " + profile.name);
  add_line(out, "role:   " + (profile.role.empty() ? std::string("(none)") : profile.role));
  add_line(out, "photo:  " + (profile.photo.empty() ? "(none: initials avatar \"" + initials(profile.name) + "\")"
                                                     : profile.photo.string()));
  add_line(out, "bio:    " + (profile.bio.empty() ? std::string("(none)")
                                                  : std::to_string(profile.bio.size()) + " bytes: " +
                                                        one_line(profile.bio)));
  add_line(out, "quote:  " + (profile.quote.empty() ? std::string("(none)") : one_line(profile.quote)));

  add_line(out, "links (" + std::to_string(profile.links.size()) + "):");
  for (std::size_t i = 0; i < profile.links.size() && i < kListedEntries; ++i) {
    add_line(out, "  " + one_line(profile.links[i].label) + " <" + profile.links[i].url + ">");
  }
  add_more(out, profile.links.size(), "  ");

  add_line(out, "news (" + std::to_string(profile.news.size()) + "):");
  for (std::size_t i = 0; i < profile.news.size() && i < kListedEntries; ++i) {
    const NewsItem& item = profile.news[i];
    add_line(out, "  [" + one_line(item.date) + "] " + one_line(item.text, 200) +
                      (item.url.empty() ? std::string() : " <" + item.url + ">"));
  }
  add_more(out, profile.news.size(), "  ");

  std::size_t publication_links = 0;
  for (const Publication& publication : profile.publications) publication_links += publication.links.size();
  add_line(out, "publications (" + std::to_string(profile.publications.size()) + ", with " +
                    std::to_string(publication_links) + " links):");
  for (std::size_t i = 0; i < profile.publications.size() && i < kListedEntries; ++i) {
    const Publication& publication = profile.publications[i];
    add_line(out, "  " + std::to_string(i + 1) + ". " + one_line(publication.title, 200));
    add_line(out, "     " + join(publication.authors, 30) +
                      (publication.authors.empty() ? std::string("(no authors)") : std::string()));
    std::string venue = "     " + (publication.venue.empty() ? std::string("(no venue)") : one_line(publication.venue));
    if (!publication.note.empty()) venue += " | " + one_line(publication.note);
    add_line(out, venue);
    for (std::size_t j = 0; j < publication.links.size() && j < kListedEntries; ++j) {
      add_line(out, "     " + one_line(publication.links[j].label) + " <" + publication.links[j].url + ">");
    }
    add_more(out, publication.links.size(), "     ");
  }
  add_more(out, profile.publications.size(), "  ");

  add_line(out, "sections (" + std::to_string(profile.sections.size()) + "):");
  for (std::size_t i = 0; i < profile.sections.size() && i < kListedEntries; ++i) {
    const CvSection& section = profile.sections[i];
    add_line(out, "  " + one_line(section.title) + " (" + std::to_string(section.entries.size()) + "):");
    for (std::size_t j = 0; j < section.entries.size() && j < kListedEntries; ++j) {
      const CvEntry& entry = section.entries[j];
      std::string line = "    - " + one_line(entry.heading.empty() ? entry.detail : entry.heading);
      if (!entry.place.empty()) line += " | " + one_line(entry.place);
      if (!entry.dates.empty()) line += " | " + one_line(entry.dates);
      if (!entry.url.empty()) line += " <" + entry.url + ">";
      add_line(out, line);
      if (!entry.heading.empty() && !entry.detail.empty()) add_line(out, "      " + one_line(entry.detail));
    }
    add_more(out, section.entries.size(), "    ");
  }
  add_more(out, profile.sections.size(), "  ");

  if (!profile.scene) {
    add_line(out, "scene:  (none: the scene given on the command line, or the bundled one)");
  } else {
    const ProfileScene& scene = *profile.scene;
    add_line(out, "scene:  " + (scene.file.empty() ? std::string("(no file)") : scene.file.string()));
    add_line(out, "        up " + scene.up + ", azimuth " + number_text(scene.azimuth) + "°, elevation " +
                      number_text(scene.elevation) + "°, distance " +
                      (scene.distance ? number_text(*scene.distance) : std::string("auto")) + ", orbit " +
                      number_text(scene.orbit_speed) + "°/s");
  }
  return out;
}

int run_check_profile(const std::filesystem::path& path, std::FILE* out, std::FILE* err) {
  auto loaded = load_profile(path);
  if (!loaded) {
    std::fprintf(err, "splatview: %s\n", loaded.error().message().c_str());
    return 2;
  }
  std::fprintf(out, "%s: profile\n%s", path.string().c_str(), profile_summary(loaded.value().profile).c_str());
  const auto& warnings = loaded.value().warnings;
  for (const std::string& warning : warnings) {
    std::fprintf(err, "splatview: %s: %s\n", path.string().c_str(), warning.c_str());
  }
  std::fprintf(out, "warnings: %zu%s\n", warnings.size(), warnings.empty() ? "" : " (listed on stderr)");
  return 0;
}

}  // namespace splatview
