#pragma once
// A researcher's profile, read from TOML (docs/profile-format.md): who they are, what they wrote, their
// CV, and optionally the scene they show and how. The loader validates everything a user can get wrong:
// a missing name is an error; wrong types, unknown keys, disallowed links, missing files and oversized
// text or lists are warnings ("line N: ...") and the offending value is dropped or truncated.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/vec3.hpp>

#include "core/result.h"

namespace splatview {

// Limits that keep a hostile or mistaken file from exhausting memory or slowing the panel.
inline constexpr std::size_t kMaxProfileBytes = 4u << 20;    // a real profile is a few KiB
inline constexpr std::size_t kMaxProfileListEntries = 10000;  // per list (publications, authors, ...)
inline constexpr std::size_t kMaxShortTextBytes = 1000;       // names, titles, labels, dates, venues
inline constexpr std::size_t kMaxLongTextBytes = 20000;       // bio, quote, notes, news, details
inline constexpr std::size_t kMaxUrlBytes = 2048;             // what browsers reliably accept
inline constexpr std::size_t kMaxProfileWarnings = 1000;      // the rest are counted in one last line

struct ProfileLink {
  std::string label;
  std::string url;  // always an allowed link (see link_problem)
};

struct NewsItem {
  std::string date;  // free text, e.g. "01/2025"
  std::string text;
  std::string url;   // optional; empty when none
};

struct Publication {
  std::string title;
  std::vector<std::string> authors;  // in order, with equal-contribution marks as written ("A. B*")
  std::string venue;
  std::string note;                  // e.g. "Oral", "* Equal Contribution"
  std::vector<ProfileLink> links;    // in file order
};

// One line of a CV section (Education, Experience, Service, Awards, ...). Every field is optional.
struct CvEntry {
  std::string heading;  // e.g. the degree, the role, the award
  std::string detail;   // free text; may hold several lines
  std::string place;    // e.g. the institution
  std::string dates;    // free text, e.g. "Sept. 2019 – June 2023"
  std::string url;      // optional link
};

struct CvSection {
  std::string title;
  std::vector<CvEntry> entries;
};

// The scene a profile shows and its starting view ("my scene, my way").
struct ProfileScene {
  std::filesystem::path file;      // resolved against the profile's folder; empty when none or missing
  std::string up = "-y";           // as written: "+x", "-y", ... or "X,Y,Z"
  glm::vec3 up_vector{0.0f, -1.0f, 0.0f};
  float azimuth = 0.0f;            // degrees
  float elevation = 10.0f;         // degrees, within [-89, 89]
  std::optional<float> distance;   // empty: auto-framed
  float orbit_speed = 10.0f;       // degrees per second; 0 holds the view still, negative turns the other way
};

struct Profile {
  std::string name;                // the only required key
  std::string role;
  std::filesystem::path photo;     // resolved against the profile's folder; empty when none or missing
  std::string bio;
  std::string quote;
  std::vector<ProfileLink> links;
  std::vector<NewsItem> news;
  std::vector<Publication> publications;
  std::vector<CvSection> sections;
  std::optional<ProfileScene> scene;
};

struct LoadedProfile {
  Profile profile;
  std::vector<std::string> warnings;  // each "line N: what (what happens)"
};

// Reads and validates a profile file (at most kMaxProfileBytes).
Result<LoadedProfile> load_profile(const std::filesystem::path& path);

// Parses profile text. `name_for_messages` names the file in errors, and its folder is where relative
// photo and scene paths are resolved.
Result<LoadedProfile> parse_profile(std::string_view text, const std::filesystem::path& name_for_messages);

// Why `url` must not be opened, or nothing when it may: only http://HOST..., https://HOST... and
// mailto:... are allowed, at most kMaxUrlBytes, with no spaces or control characters.
std::optional<std::string> link_problem(std::string_view url);
inline bool is_allowed_link(std::string_view url) { return !link_problem(url); }

// True when `author` names the person `name`, ignoring case, surrounding spaces and the marks papers
// put on names (equal contribution "*", "†", "‡", "#", superscript digits): "Hexu Zhao*" is "Hexu Zhao".
bool is_same_person(std::string_view author, std::string_view name);

// Up to two letters for an avatar: the first letters of the first and last words ("Hexu Zhao" → "HZ"),
// whole UTF-8 characters, upper-cased when ASCII.
std::string initials(std::string_view name);

}  // namespace splatview
