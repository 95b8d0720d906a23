#include "core/profile_toml.h"

#include <algorithm>
#include <cmath>
#include <system_error>

#include "core/profile.h"
#include "core/profile_text.h"

namespace splatview::profile_detail {
namespace {

// Levenshtein distance, for "did you mean" on unknown keys (keys are short: capped at 64 bytes).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  if (a.size() > 64 || b.size() > 64) return 64;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::string: return "text";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

std::vector<std::string> TomlReader::take_warnings() {
  std::stable_sort(warnings_.begin(), warnings_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> result;
  result.reserve(warnings_.size() + 1);
  for (auto& [line, text] : warnings_) result.push_back("line " + std::to_string(line) + ": " + text);
  if (dropped_warnings_ > 0) {
    result.push_back("... and " + std::to_string(dropped_warnings_) + " more warnings not shown");
  }
  return result;
}

void TomlReader::warn(const toml::source_region& at, const std::string& what) {
  if (warnings_.size() >= kMaxProfileWarnings) {
    ++dropped_warnings_;
    return;
  }
  warnings_.emplace_back(at.begin.line, what);
}

void TomlReader::check_keys(const toml::table& table, std::initializer_list<std::string_view> known,
                            const std::string& where) {
  for (const auto& [key, node] : table) {
    const std::string_view name = key.str();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = "unknown key '" + clean_text(name, 64, true).text + "'";
    if (!where.empty()) message += " in " + where;
    message += " (ignored";
    for (const std::string_view candidate : known) {
      if (edit_distance(name, candidate) <= 2) {
        message += "; did you mean '" + std::string(candidate) + "'?";
        break;
      }
    }
    warn(key.source(), message + ")");
  }
}

std::optional<std::string> TomlReader::text(const toml::node* node, const std::string& where,
                                            std::size_t max_bytes, bool single_line) {
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_string();
  if (value == nullptr) {
    warn(node->source(), where + " must be text, not " + type_name(*node) + " (ignored)");
    return std::nullopt;
  }
  auto cleaned = clean_text(value->get(), max_bytes, single_line);
  if (cleaned.truncated) {
    warn(node->source(), where + " is " + std::to_string(value->get().size()) + " bytes long; only the first " +
                             std::to_string(max_bytes) + " are kept");
  }
  return std::move(cleaned.text);
}

std::string TomlReader::text_or_empty(const toml::node* node, const std::string& where, std::size_t max_bytes,
                                      bool single_line) {
  return text(node, where, max_bytes, single_line).value_or(std::string());
}

std::optional<double> TomlReader::number(const toml::node* node, const std::string& where) {
  if (node == nullptr) return std::nullopt;
  std::optional<double> value;
  if (const auto* integer = node->as_integer()) value = static_cast<double>(integer->get());
  if (const auto* floating = node->as_floating_point()) value = floating->get();
  if (!value) {
    warn(node->source(), where + " must be a number, not " + type_name(*node) + " (ignored)");
    return std::nullopt;
  }
  if (!std::isfinite(*value)) {
    warn(node->source(), where + " must be a finite number (ignored)");
    return std::nullopt;
  }
  return value;
}

std::vector<const toml::table*> TomlReader::tables(const toml::node* node, const std::string& where,
                                                   const std::string& element) {
  std::vector<const toml::table*> result;
  if (node == nullptr) return result;
  const auto* array = node->as_array();
  if (array == nullptr) {
    warn(node->source(), where + " must be a list of tables ([[" + where + "]]), not " + type_name(*node) +
                             " (ignored)");
    return result;
  }
  std::size_t index = 0;
  for (const auto& item : *array) {
    ++index;
    if (result.size() == kMaxProfileListEntries) {
      warn(item.source(), "more than " + std::to_string(kMaxProfileListEntries) + " entries in " + where + "; " +
                              element + " " + std::to_string(index) + " and the rest are dropped");
      break;
    }
    if (const auto* table = item.as_table()) {
      result.push_back(table);
    } else {
      warn(item.source(), element + " " + std::to_string(index) + " must be a table, not " + type_name(item) +
                              " (ignored)");
    }
  }
  return result;
}

std::optional<std::string> TomlReader::url(const toml::node* node, const std::string& where) {
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_string();
  if (value == nullptr) {
    warn(node->source(), where + " must be text, not " + type_name(*node) + " (dropped)");
    return std::nullopt;
  }
  const std::string& raw = value->get();
  if (auto problem = link_problem(raw)) {
    warn(node->source(),
         where + " '" + clean_text(raw, 80, true).text + "' is not allowed: " + *problem + " (dropped)");
    return std::nullopt;
  }
  CheckedUrl checked = check_link_host(raw);
  if (!checked.warning.empty())
    warn(node->source(), where + " '" + clean_text(raw, 80, true).text + "': " + checked.warning);
  return std::move(checked.url);
}

std::filesystem::path TomlReader::existing_file(const toml::node* node, const std::string& where,
                                                const std::string& instead) {
  auto written = text(node, where, kMaxShortTextBytes);
  if (!written || written->empty()) {
    if (written) warn(node->source(), where + " is empty (" + instead + ")");
    return {};
  }
  const std::filesystem::path resolved = (folder_ / std::filesystem::path(*written)).lexically_normal();
  std::error_code error;
  if (!std::filesystem::is_regular_file(resolved, error)) {
    warn(node->source(), where + " '" + *written + "' not found at " + resolved.string() + " (" + instead + ")");
    return {};
  }
  return resolved;
}
}  // namespace splatview::profile_detail
