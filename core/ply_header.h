#pragma once
// Internal to the PLY reader: the header of a PLY file, parsed and checked against hard limits so that
// nothing later sizes an allocation or a loop from an unchecked header number.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace splatview::ply {

inline constexpr std::size_t kMaxHeaderBytes = 64 * 1024;  // the whole header, end_header included
inline constexpr std::size_t kMaxLineBytes = 4 * 1024;     // one header line
inline constexpr std::size_t kMaxElements = 1000;
inline constexpr std::size_t kMaxProperties = 1000;      // over all elements together
inline constexpr std::uint64_t kMaxCount = 0xFFFFFFFFu;  // an element's record count

// Hint for most bad-file errors.
inline constexpr const char* kReexportHint = "re-export the scene as a 3DGS PLY";

enum class Format { kAscii, kBinaryLittleEndian, kBinaryBigEndian };

enum class ScalarType : std::uint8_t { kInt8, kUInt8, kInt16, kUInt16, kInt32, kUInt32, kFloat32, kFloat64 };

std::size_t type_size(ScalarType type);
const char* type_name(ScalarType type);  // the PLY 1.0 spelling: char, uchar, ..., double
bool is_integer(ScalarType type);

struct Property {
  std::string name;
  ScalarType type = ScalarType::kFloat32;  // a list's item type
  bool is_list = false;
  ScalarType count_type = ScalarType::kUInt8;  // lists only; always an integer type
};

struct Element {
  std::string name;
  std::uint64_t count = 0;  // <= kMaxCount
  std::vector<Property> properties;

  bool has_list() const;
  std::size_t record_size() const;  // bytes of one binary record; for elements without lists
};

struct Header {
  Format format = Format::kBinaryLittleEndian;
  std::vector<Element> elements;
  std::vector<std::string> comments;  // comment text; obj_info lines as "obj_info <text>"
  std::size_t data_offset = 0;        // the first byte after the end_header line
  std::size_t line_count = 0;         // lines in the header: the data starts on line line_count + 1
};

// Parses and checks the header; errors name the file `name`.
Result<Header> parse_header(std::span<const std::byte> bytes, const std::string& name);

// `text` made safe to show inside quotes in a message: at most 40 characters, unprintables as '?'.
std::string in_quotes(std::string_view text);

}  // namespace splatview::ply
