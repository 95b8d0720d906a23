#pragma once
// The generic half of the profile reader (core/profile.cpp): reading typed values from a toml++ tree with
// the loader's rules — wrong types, unknown keys, oversized text and lists, disallowed links and missing
// files become "line N: ..." warnings, never exceptions or errors. Internal to core; includes toml++.
#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

namespace splatview::profile_detail {

// How a value's type reads in a message: "text", "an integer", "a list", ...
std::string type_name(const toml::node& node);

// Every reader takes the node it reads (null when the key is absent: nothing happens) and a `where` that
// names it in messages ("bio", "publication 3 title").
class TomlReader {
 public:
  explicit TomlReader(std::filesystem::path folder) : folder_(std::move(folder)) {}

  // The warnings so far, in line order (keys are visited in toml++'s order, which is by name).
  std::vector<std::string> take_warnings();

  // Records "line N: what" for the line where `at` begins (at most kMaxProfileWarnings, then a count).
  void warn(const toml::source_region& at, const std::string& what);

  // Warns about every key of `table` not in `known`, naming the table as `where`.
  void check_keys(const toml::table& table, std::initializer_list<std::string_view> known, const std::string& where);

  // The text at `node`, cleaned and capped; nothing (with a warning) when it is not text.
  std::optional<std::string> text(const toml::node* node, const std::string& where, std::size_t max_bytes,
                                  bool single_line = true);

  std::string text_or_empty(const toml::node* node, const std::string& where, std::size_t max_bytes,
                            bool single_line = true);

  // A finite number (integer or floating point), or nothing with a warning.
  std::optional<double> number(const toml::node* node, const std::string& where);

  // The elements of a list of tables, at most kMaxProfileListEntries; other elements are warned about.
  std::vector<const toml::table*> tables(const toml::node* node, const std::string& where,
                                         const std::string& element);

  // A link's URL, or nothing with a warning saying why it will not be opened.
  std::optional<std::string> url(const toml::node* node, const std::string& where);

  // A path relative to the profile's folder that must name an existing file; empty with a warning if not.
  std::filesystem::path existing_file(const toml::node* node, const std::string& where,
                                      const std::string& instead);

 private:
  std::filesystem::path folder_;  // relative paths are resolved here
  std::vector<std::pair<std::size_t, std::string>> warnings_;
  std::size_t dropped_warnings_ = 0;
};

}  // namespace splatview::profile_detail
