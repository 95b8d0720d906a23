#include "core/ply_header.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <system_error>
#include <utility>

namespace splatview::ply {
namespace {

struct TypeName {
  std::string_view name;
  ScalarType type;
};

// Both spellings of PLY 1.0: the original names and the sized aliases.
constexpr TypeName kTypeNames[] = {
    {"char", ScalarType::kInt8},       {"int8", ScalarType::kInt8},       {"uchar", ScalarType::kUInt8},
    {"uint8", ScalarType::kUInt8},     {"short", ScalarType::kInt16},     {"int16", ScalarType::kInt16},
    {"ushort", ScalarType::kUInt16},   {"uint16", ScalarType::kUInt16},   {"int", ScalarType::kInt32},
    {"int32", ScalarType::kInt32},     {"uint", ScalarType::kUInt32},     {"uint32", ScalarType::kUInt32},
    {"float", ScalarType::kFloat32},   {"float32", ScalarType::kFloat32}, {"double", ScalarType::kFloat64},
    {"float64", ScalarType::kFloat64},
};

bool find_type(std::string_view name, ScalarType& type) {
  for (const TypeName& entry : kTypeNames) {
    if (entry.name == name) {
      type = entry.type;
      return true;
    }
  }
  return false;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

// The text after the first token of `line`, without leading or trailing blanks.
std::string rest_of_line(std::string_view line, std::string_view keyword) {
  std::size_t i = line.find(keyword) + keyword.size();
  while (i < line.size() && is_blank(line[i])) ++i;
  std::size_t end = line.size();
  while (end > i && is_blank(line[end - 1])) --end;
  return std::string(line.substr(i, end - i));
}

}  // namespace

std::size_t type_size(ScalarType type) {
  switch (type) {
    case ScalarType::kInt8:
    case ScalarType::kUInt8: return 1;
    case ScalarType::kInt16:
    case ScalarType::kUInt16: return 2;
    case ScalarType::kInt32:
    case ScalarType::kUInt32:
    case ScalarType::kFloat32: return 4;
    case ScalarType::kFloat64: return 8;
  }
  return 0;
}

const char* type_name(ScalarType type) {
  switch (type) {
    case ScalarType::kInt8: return "char";
    case ScalarType::kUInt8: return "uchar";
    case ScalarType::kInt16: return "short";
    case ScalarType::kUInt16: return "ushort";
    case ScalarType::kInt32: return "int";
    case ScalarType::kUInt32: return "uint";
    case ScalarType::kFloat32: return "float";
    case ScalarType::kFloat64: return "double";
  }
  return "?";
}

bool is_integer(ScalarType type) {
  return type != ScalarType::kFloat32 && type != ScalarType::kFloat64;
}

bool Element::has_list() const {
  return std::any_of(properties.begin(), properties.end(), [](const Property& p) { return p.is_list; });
}

std::size_t Element::record_size() const {
  std::size_t size = 0;
  for (const Property& p : properties) size += type_size(p.type);
  return size;
}

std::string in_quotes(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (text.size() > kMax) out += "...";
  out += "'";
  return out;
}

Result<Header> parse_header(std::span<const std::byte> bytes, const std::string& name) {
  auto fail = [&name](std::string what, std::string hint = kReexportHint) {
    return Error{name, std::move(what), std::move(hint)};
  };
  const char* data = reinterpret_cast<const char*>(bytes.data());
  const std::size_t size = bytes.size();
  if (size == 0) return fail("empty file (not a PLY file)", "choose a 3DGS .ply file");
  if (size < 3 || std::memcmp(data, "ply", 3) != 0) {
    return fail("not a PLY file (missing 'ply' magic)", "choose a 3DGS .ply file");
  }

  Header header;
  bool have_format = false;
  std::size_t property_total = 0;
  const std::size_t window = std::min(size, kMaxHeaderBytes);
  std::size_t pos = 0;
  std::size_t line_no = 0;
  while (true) {
    if (pos >= window) {
      if (size > kMaxHeaderBytes) return fail("truncated header (no end_header within 64 KiB)");
      return fail("truncated header (no end_header)");
    }
    const void* newline = std::memchr(data + pos, '\n', window - pos);
    const std::size_t end =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - data) : window;
    ++line_no;
    if (end - pos > kMaxLineBytes) {
      return fail("header line " + std::to_string(line_no) + " too long (over 4 KiB)");
    }
    if (!newline && window < size) return fail("truncated header (no end_header within 64 KiB)");
    std::string_view line(data + pos, end - pos);
    const std::size_t next = newline ? end + 1 : end;
    pos = next;
    const std::vector<std::string_view> tokens = split(line);
    const std::string at = " at line " + std::to_string(line_no);

    if (line_no == 1) {
      if (tokens.size() != 1 || tokens[0] != "ply") return fail("not a PLY file (missing 'ply' magic)");
      continue;
    }
    if (tokens.empty()) continue;  // a blank line: harmless
    const std::string_view keyword = tokens[0];

    if (keyword == "end_header") {
      header.data_offset = next;
      header.line_count = line_no;
      break;
    }
    if (keyword == "comment") {
      header.comments.push_back(rest_of_line(line, keyword));
    } else if (keyword == "obj_info") {
      header.comments.push_back("obj_info " + rest_of_line(line, keyword));
    } else if (keyword == "format") {
      if (have_format) return fail("duplicate format line" + at);
      if (tokens.size() != 3) return fail("bad format line" + at);
      if (tokens[1] == "ascii") {
        header.format = Format::kAscii;
      } else if (tokens[1] == "binary_little_endian") {
        header.format = Format::kBinaryLittleEndian;
      } else if (tokens[1] == "binary_big_endian") {
        header.format = Format::kBinaryBigEndian;
      } else {
        return fail("unsupported format " + in_quotes(tokens[1]),
                    "use ascii, binary_little_endian or binary_big_endian");
      }
      if (tokens[2] != "1.0" && tokens[2] != "1")
        return fail("unsupported PLY version " + in_quotes(tokens[2]));
      have_format = true;
    } else if (keyword == "element") {
      if (tokens.size() != 3) return fail("bad element line" + at);
      if (header.elements.size() >= kMaxElements) {
        return fail("too many elements (over " + std::to_string(kMaxElements) + ")");
      }
      Element element;
      element.name = std::string(tokens[1]);
      const std::string_view count = tokens[2];
      const std::string what_element = " for element " + in_quotes(element.name);
      if (!count.empty() && count[0] == '-') return fail("negative count " + in_quotes(count) + what_element);
      const auto [ptr, ec] = std::from_chars(count.data(), count.data() + count.size(), element.count);
      if (ec == std::errc::result_out_of_range ||
          (ec == std::errc{} && ptr == count.data() + count.size() && element.count > kMaxCount)) {
        return fail("count " + in_quotes(count) + what_element + " is too large (over 2^32 - 1)");
      }
      if (ec != std::errc{} || ptr != count.data() + count.size()) {
        return fail("bad count " + in_quotes(count) + what_element + at);
      }
      if (element.name == "vertex") {
        for (const Element& other : header.elements) {
          if (other.name == "vertex") return fail("duplicate element 'vertex'" + at);
        }
      }
      header.elements.push_back(std::move(element));
    } else if (keyword == "property") {
      if (header.elements.empty()) return fail("property before any element" + at);
      if (++property_total > kMaxProperties) {
        return fail("too many properties (over " + std::to_string(kMaxProperties) + ")");
      }
      Property property;
      if (tokens.size() >= 2 && tokens[1] == "list") {
        if (tokens.size() != 5) return fail("bad list property line" + at);
        if (!find_type(tokens[2], property.count_type))
          return fail("unknown property type " + in_quotes(tokens[2]) + at);
        if (!find_type(tokens[3], property.type))
          return fail("unknown property type " + in_quotes(tokens[3]) + at);
        if (!is_integer(property.count_type)) {
          return fail("list count type " + in_quotes(tokens[2]) + " is not an integer type" + at);
        }
        property.is_list = true;
        property.name = std::string(tokens[4]);
      } else {
        if (tokens.size() != 3) return fail("bad property line" + at);
        if (!find_type(tokens[1], property.type))
          return fail("unknown property type " + in_quotes(tokens[1]) + at);
        property.name = std::string(tokens[2]);
      }
      Element& element = header.elements.back();
      for (const Property& other : element.properties) {
        if (other.name == property.name) {
          return fail("duplicate property " + in_quotes(property.name) + " in element " +
                      in_quotes(element.name));
        }
      }
      element.properties.push_back(std::move(property));
    } else {
      return fail("unknown header line " + in_quotes(line) + at);
    }
  }
  if (!have_format) return fail("missing format line");
  return header;
}

}  // namespace splatview::ply
