#include "core/text_values.h"

#include <charconv>
#include <cmath>
#include <string>

#include <glm/geometric.hpp>

namespace splatview {

std::optional<double> parse_number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<glm::vec3> parse_vec3(std::string_view text) {
  glm::vec3 v(0.0f);
  for (int i = 0; i < 3; ++i) {
    const std::size_t comma = text.find(',');
    if ((i < 2) == (comma == std::string_view::npos)) return std::nullopt;
    const auto number = parse_number(text.substr(0, comma));
    if (!number) return std::nullopt;
    v[i] = static_cast<float>(*number);
    text = i < 2 ? text.substr(comma + 1) : std::string_view();
  }
  return v;
}

std::optional<ImageSize> parse_size(std::string_view text) {
  const std::size_t x = text.find_first_of("xX");
  if (x == std::string_view::npos) return std::nullopt;
  const auto w = parse_integer(text.substr(0, x));
  const auto h = parse_integer(text.substr(x + 1));
  if (!w || !h || *w < 1 || *h < 1 || *w > 1'000'000 || *h > 1'000'000) return std::nullopt;
  return ImageSize{static_cast<int>(*w), static_cast<int>(*h)};
}

std::optional<glm::vec3> parse_up(std::string_view text) {
  float sign = 1.0f;
  std::string_view axis = text;
  if (!axis.empty() && (axis.front() == '+' || axis.front() == '-')) {
    sign = axis.front() == '-' ? -1.0f : 1.0f;
    axis.remove_prefix(1);
  }
  if (axis == "x" || axis == "X") return glm::vec3(sign, 0, 0);
  if (axis == "y" || axis == "Y") return glm::vec3(0, sign, 0);
  if (axis == "z" || axis == "Z") return glm::vec3(0, 0, sign);
  const auto v = parse_vec3(text);
  if (!v || glm::length(*v) < 1e-6f) return std::nullopt;
  return glm::normalize(*v);
}

std::optional<glm::vec3> parse_color(std::string_view text) {
  if (text == "black") return glm::vec3(0.0f);
  if (text == "white") return glm::vec3(1.0f);
  if (text == "gray" || text == "grey") return glm::vec3(0.5f);
  if (!text.empty() && text.front() == '#') {
    if (text.size() != 7) return std::nullopt;
    glm::vec3 c(0.0f);
    for (int i = 0; i < 3; ++i) {
      unsigned value = 0;
      const char* first = text.data() + 1 + 2 * i;
      const auto [end, error] = std::from_chars(first, first + 2, value, 16);
      if (error != std::errc() || end != first + 2) return std::nullopt;
      c[i] = static_cast<float>(value) / 255.0f;
    }
    return c;
  }
  const auto v = parse_vec3(text);
  if (!v) return std::nullopt;
  for (int i = 0; i < 3; ++i)
    if ((*v)[i] < 0.0f || (*v)[i] > 1.0f) return std::nullopt;
  return v;
}

std::string format_number(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

}  // namespace splatview
