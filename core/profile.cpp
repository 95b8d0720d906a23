#include "core/profile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "core/photo.h"
#include "core/profile_text.h"
#include "core/profile_toml.h"
#include "core/text_values.h"

namespace splatview {
namespace {

using profile_detail::clean_text;
using profile_detail::type_name;

constexpr std::string_view kFormatHint = "see docs/profile-format.md";

// Reads the parsed TOML into a Profile, collecting warnings.
class ProfileReader : public profile_detail::TomlReader {
 public:
  using TomlReader::TomlReader;

  Profile read(const toml::table& root) {
    Profile profile;
    check_keys(root, {"name", "role", "photo", "bio", "quote", "links", "news", "publications", "sections", "scene"},
               "");
    profile.role = text_or_empty(root.get("role"), "role", kMaxShortTextBytes);
    if (root.contains("photo")) {
      profile.photo = existing_file(root.get("photo"), "photo", "the initials avatar is shown instead");
      if (!profile.photo.empty()) {
        if (auto bad = check_photo(profile.photo)) {
          warn(root.get("photo")->source(), "photo " + bad->message() + "; the initials avatar is shown instead");
          profile.photo.clear();
        }
      }
    }
    profile.bio = text_or_empty(root.get("bio"), "bio", kMaxLongTextBytes, false);
    profile.quote = text_or_empty(root.get("quote"), "quote", kMaxLongTextBytes, false);
    profile.links = links(root.get("links"));
    profile.news = news(root.get("news"));
    profile.publications = publications(root.get("publications"));
    profile.sections = sections(root.get("sections"));
    if (const toml::node* scene_node = root.get("scene")) profile.scene = scene(*scene_node);
    return profile;
  }

 private:
  std::optional<ProfileLink> link(const toml::table& table, const std::string& where) {
    check_keys(table, {"label", "url"}, where);
    if (!table.contains("url")) {
      warn(table.source(), where + " has no url (dropped)");
      return std::nullopt;
    }
    auto address = url(table.get("url"), where + " url");
    if (!address) return std::nullopt;
    std::string label = text_or_empty(table.get("label"), where + " label", kMaxShortTextBytes);
    if (label.empty()) {
      warn(table.source(), where + " has no label (its URL is shown instead)");
      label = clean_text(*address, kMaxShortTextBytes, true).text;
    }
    return ProfileLink{std::move(label), std::move(*address)};
  }

  std::vector<ProfileLink> links(const toml::node* node) {
    std::vector<ProfileLink> result;
    std::size_t index = 0;
    for (const toml::table* table : tables(node, "links", "link")) {
      if (auto item = link(*table, "link " + std::to_string(++index))) result.push_back(std::move(*item));
    }
    return result;
  }

  std::vector<NewsItem> news(const toml::node* node) {
    std::vector<NewsItem> result;
    std::size_t index = 0;
    for (const toml::table* table : tables(node, "news", "news item")) {
      const std::string where = "news item " + std::to_string(++index);
      check_keys(*table, {"date", "text", "url"}, where);
      NewsItem item;
      const toml::node* date = table->get("date");
      if (const auto* toml_date = date ? date->as_date() : nullptr) {  // date = 2025-01-15, unquoted
        const toml::date& d = toml_date->get();
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
        item.date = buffer;
      } else {
        item.date = text_or_empty(date, where + " date", kMaxShortTextBytes);
      }
      item.text = text_or_empty(table->get("text"), where + " text", kMaxLongTextBytes, false);
      item.url = url(table->get("url"), where + " url").value_or(std::string());
      if (item.text.empty()) {
        warn(table->source(), where + " has no text (dropped)");
        continue;
      }
      result.push_back(std::move(item));
    }
    return result;
  }

  std::vector<std::string> authors(const toml::node* node, const std::string& where) {
    std::vector<std::string> result;
    if (node == nullptr) return result;
    const auto* array = node->as_array();
    if (array == nullptr) {
      warn(node->source(), where + " must be a list of names, e.g. [\"A. Author\", \"B. Author\"], not " +
                               type_name(*node) + " (ignored)");
      return result;
    }
    std::size_t index = 0;
    for (const auto& item : *array) {
      ++index;
      if (result.size() == kMaxProfileListEntries) {
        warn(item.source(), "more than " + std::to_string(kMaxProfileListEntries) + " entries in " + where +
                                "; the rest are dropped");
        break;
      }
      auto name = text(&item, where + " " + std::to_string(index), kMaxShortTextBytes);
      if (name && !name->empty()) result.push_back(std::move(*name));
    }
    return result;
  }

  // A publication's links: a table of label = url in file order, or a list of {label, url} tables.
  std::vector<ProfileLink> publication_links(const toml::node* node, const std::string& where) {
    std::vector<ProfileLink> result;
    if (node == nullptr) return result;
    if (const auto* table = node->as_table()) {
      std::vector<std::pair<const toml::key*, const toml::node*>> entries;
      for (const auto& [key, value] : *table) entries.emplace_back(&key, &value);
      // toml++ keeps keys sorted by name; the author's order is the order in the file.
      std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const auto& pa = a.first->source().begin;
        const auto& pb = b.first->source().begin;
        return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
      });
      for (const auto& [key, value] : entries) {
        if (result.size() == kMaxProfileListEntries) {
          warn(key->source(), "more than " + std::to_string(kMaxProfileListEntries) + " entries in " + where +
                                  "; the rest are dropped");
          break;
        }
        const std::string label = clean_text(key->str(), kMaxShortTextBytes, true).text;
        auto address = url(value, where + " '" + label + "'");
        if (!address) continue;
        result.push_back(ProfileLink{label.empty() ? *address : label, std::move(*address)});
      }
      return result;
    }
    if (node->is_array()) {
      std::size_t index = 0;
      for (const toml::table* table : tables(node, where, "link")) {
        if (auto item = link(*table, where + " " + std::to_string(++index))) result.push_back(std::move(*item));
      }
      return result;
    }
    warn(node->source(), where + " must be a table such as { arXiv = \"https://...\" }, not " + type_name(*node) +
                             " (ignored)");
    return result;
  }

  std::vector<Publication> publications(const toml::node* node) {
    std::vector<Publication> result;
    std::size_t index = 0;
    for (const toml::table* table : tables(node, "publications", "publication")) {
      const std::string where = "publication " + std::to_string(++index);
      check_keys(*table, {"title", "authors", "venue", "note", "links"}, where);
      Publication publication;
      publication.title = text_or_empty(table->get("title"), where + " title", kMaxShortTextBytes);
      publication.authors = authors(table->get("authors"), where + " authors");
      publication.venue = text_or_empty(table->get("venue"), where + " venue", kMaxShortTextBytes);
      publication.note = text_or_empty(table->get("note"), where + " note", kMaxLongTextBytes, false);
      publication.links = publication_links(table->get("links"), where + " links");
      if (publication.title.empty()) {
        warn(table->source(), where + " has no title (dropped)");
        continue;
      }
      result.push_back(std::move(publication));
    }
    return result;
  }

  std::vector<CvSection> sections(const toml::node* node) {
    std::vector<CvSection> result;
    std::size_t index = 0;
    for (const toml::table* table : tables(node, "sections", "section")) {
      const std::string where = "section " + std::to_string(++index);
      check_keys(*table, {"title", "entries"}, where);
      CvSection section;
      section.title = text_or_empty(table->get("title"), where + " title", kMaxShortTextBytes);
      if (section.title.empty()) {
        warn(table->source(), where + " has no title (dropped)");
        continue;
      }
      const std::string entries_where = "section '" + clean_text(section.title, 64, true).text + "' entries";
      std::size_t entry_index = 0;
      for (const toml::table* entry_table : tables(table->get("entries"), entries_where, "entry")) {
        const std::string entry_where = "section '" + clean_text(section.title, 64, true).text + "' entry " +
                                        std::to_string(++entry_index);
        check_keys(*entry_table, {"heading", "detail", "place", "dates", "url"}, entry_where);
        CvEntry entry;
        entry.heading = text_or_empty(entry_table->get("heading"), entry_where + " heading", kMaxShortTextBytes);
        entry.detail = text_or_empty(entry_table->get("detail"), entry_where + " detail", kMaxLongTextBytes, false);
        entry.place = text_or_empty(entry_table->get("place"), entry_where + " place", kMaxShortTextBytes);
        entry.dates = text_or_empty(entry_table->get("dates"), entry_where + " dates", kMaxShortTextBytes);
        entry.url = url(entry_table->get("url"), entry_where + " url").value_or(std::string());
        if (entry.heading.empty() && entry.detail.empty() && entry.place.empty() && entry.dates.empty()) {
          warn(entry_table->source(), entry_where + " is empty (dropped)");
          continue;
        }
        section.entries.push_back(std::move(entry));
      }
      result.push_back(std::move(section));
    }
    return result;
  }

  std::optional<ProfileScene> scene(const toml::node& node) {
    const auto* table = node.as_table();
    if (table == nullptr) {
      warn(node.source(), "scene must be a table ([scene]), not " + type_name(node) + " (ignored)");
      return std::nullopt;
    }
    check_keys(*table, {"file", "up", "azimuth", "elevation", "distance", "orbit_speed"}, "[scene]");
    ProfileScene scene;
    if (table->contains("file")) {
      scene.file = existing_file(table->get("file"), "scene file", "the scene given on the command line or the "
                                                                    "bundled one is shown instead");
    }
    if (auto up = text(table->get("up"), "scene up", 64)) {
      if (auto vector = parse_up(*up)) {
        scene.up = *up;
        scene.up_vector = *vector;
      } else {
        warn(table->get("up")->source(), "scene up '" + *up + "' is not an axis such as \"-y\" or \"0,-1,0\" (-y is "
                                         "used)");
      }
    }
    if (auto azimuth = number(table->get("azimuth"), "scene azimuth")) {
      scene.azimuth = static_cast<float>(std::fmod(*azimuth, 360.0));
    }
    if (auto elevation = number(table->get("elevation"), "scene elevation")) {
      const double clamped = std::clamp(*elevation, -89.0, 89.0);
      if (clamped != *elevation) {
        warn(table->get("elevation")->source(), "scene elevation must be within -89 and 89 degrees (" +
                                                    std::to_string(static_cast<int>(clamped)) + " is used)");
      }
      scene.elevation = static_cast<float>(clamped);
    }
    if (auto distance = number(table->get("distance"), "scene distance")) {
      if (*distance > 0.0 && *distance <= 1e9) {
        scene.distance = static_cast<float>(*distance);
      } else {
        warn(table->get("distance")->source(), "scene distance must be above 0 and at most 1e9 (the scene is "
                                               "framed automatically instead)");
      }
    }
    if (auto speed = number(table->get("orbit_speed"), "scene orbit_speed")) {
      const double clamped = std::clamp(*speed, -360.0, 360.0);
      if (clamped != *speed) {
        warn(table->get("orbit_speed")->source(), "scene orbit_speed must be within -360 and 360 degrees per "
                                                  "second (" + std::to_string(static_cast<int>(clamped)) +
                                                  " is used)");
      }
      scene.orbit_speed = static_cast<float>(clamped);
    }
    return scene;
  }

};

Result<LoadedProfile> read_profile(const toml::table& root, const std::filesystem::path& name) {
  const std::string file = name.string();
  const std::string name_hint = "add a line such as name = \"Ada Example\" at the top; it is the only required key";
  const toml::node* name_node = root.get("name");
  if (name_node == nullptr) return Error{file, "the profile has no name", name_hint};
  const std::string line = "line " + std::to_string(name_node->source().begin.line) + ": ";
  const auto* name_value = name_node->as_string();
  if (name_value == nullptr) return Error{file, line + "name must be text, not " + type_name(*name_node), name_hint};

  ProfileReader reader(name.parent_path());
  auto written_name = reader.text(name_node, "name", kMaxShortTextBytes);
  if (!written_name || written_name->empty()) return Error{file, line + "name is empty", name_hint};

  LoadedProfile loaded;
  loaded.profile = reader.read(root);
  loaded.profile.name = std::move(*written_name);
  loaded.warnings = reader.take_warnings();
  return loaded;
}

std::string size_text(std::size_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buffer;
}

Error too_large(const std::string& file, std::size_t bytes) {
  return Error{file,
               "the profile is " + size_text(bytes) + ", more than the " + size_text(kMaxProfileBytes) + " allowed",
               "a profile holds text and links; keep long documents in separate files and link to them"};
}

}  // namespace

Result<LoadedProfile> parse_profile(std::string_view text, const std::filesystem::path& name_for_messages) {
  const std::string file = name_for_messages.string();
  if (text.size() > kMaxProfileBytes) return too_large(file, text.size());
  if (auto problem = profile_detail::find_deep_nesting(text)) {
    return Error{file, "line " + std::to_string(problem->line) + ": " + problem->what,
                 "a profile needs at most three levels; " + std::string(kFormatHint)};
  }
  try {
    toml::table root = toml::parse(text, std::string_view(file));
    return read_profile(root, name_for_messages);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    return Error{file,
                 "line " + std::to_string(where.line) + ", column " + std::to_string(where.column) +
                     ": not valid TOML: " + std::string(error.description()),
                 "fix the syntax there; " + std::string(kFormatHint)};
  } catch (const std::exception& error) {  // e.g. std::bad_alloc: never let it leave core
    return Error{file, std::string("could not be read: ") + error.what(), ""};
  }
}

Result<LoadedProfile> load_profile(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return Error{file, "no such file", "check the path"};
  }
  if (!std::filesystem::is_regular_file(path, error)) {
    return Error{file, "not a regular file", "give the path of a .toml profile"};
  }
  const auto size = std::filesystem::file_size(path, error);
  if (error) return Error{file, "cannot read its size: " + error.message(), ""};
  if (size > kMaxProfileBytes) return too_large(file, static_cast<std::size_t>(size));

  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{file, "cannot be opened for reading", "check its permissions"};
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_profile(text, path);
}

}  // namespace splatview
