#pragma once
// Strict parsing of the values users type on the command line (numbers, vectors, sizes,
// colours). Each returns nothing on anything but a complete, well-formed value.
#include <optional>
#include <string>
#include <string_view>

#include <glm/vec3.hpp>

namespace splatview {

std::optional<double> parse_number(std::string_view text);  // finite only
std::optional<long long> parse_integer(std::string_view text);
std::optional<glm::vec3> parse_vec3(std::string_view text);  // "X,Y,Z"

struct ImageSize {
  int width = 0;
  int height = 0;
};
std::optional<ImageSize> parse_size(std::string_view text);  // "WxH", both >= 1

// "+x", "-x", "x", ... "-z", or a vector "X,Y,Z" (normalised, must be non-zero).
std::optional<glm::vec3> parse_up(std::string_view text);

// "R,G,B" with each in [0, 1], "#RRGGBB", or the names "black", "white", "gray".
std::optional<glm::vec3> parse_color(std::string_view text);

// A number as people write it in a message: "1", "0.5", "170", "1e-04" (shortest round trip).
std::string format_number(double value);

}  // namespace splatview
