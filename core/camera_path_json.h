#pragma once
// Internal to the camera-path readers and writers (camera_path_io.cpp: our format, detection and
// files; camera_path_nerfstudio.cpp: nerfstudio camera_path.json): what both use.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/camera_path.h"

namespace splatview::path_json {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

inline constexpr const char* kHint = "see docs/camera-paths.md";
inline constexpr const char* kTwoKeyframesHint =
    "a path needs at least two keyframes: a start and an end (see docs/camera-paths.md)";
inline constexpr double kRotationTolerance = 1e-3;  // files hold rounded or float32 matrices
// Sizes a file may record; rendering at one is checked against kMaxImageSide (core/camera.h).
inline constexpr int kMaxRecordedImageSide = 1 << 16;

inline bool finite_number(const Json& v) { return v.is_number() && std::isfinite(v.get<double>()); }

inline std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

// A float as the shortest decimal that reads back as the same float, so files stay readable
// (0.3, not 0.30000001192092896) and a write-read-write gives the same text.
inline double tidy(float v) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  double out = 0;
  std::from_chars(buffer, end, out);
  return out;
}

// Why `m` (columns) is not a rotation, or nullopt.
inline std::optional<std::string> not_a_rotation(const glm::dmat3& m) {
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      if (std::fabs(glm::dot(m[a], m[b]) - (a == b ? 1.0 : 0.0)) > kRotationTolerance)
        return "is not a rotation (its axes are not orthonormal)";
  if (glm::determinant(m) < 0) return "is not a rotation (it mirrors: determinant -1)";
  return std::nullopt;
}

inline glm::quat quat_of(const glm::dmat3& m) { return glm::quat(glm::normalize(glm::quat_cast(m))); }

// An optional whole number within [low, high]; why not, or nullopt (out untouched when absent).
inline std::optional<std::string> read_int(const Json& root, const char* key, int low, int high, int& out) {
  const auto it = root.find(key);
  if (it == root.end()) return std::nullopt;
  if (!finite_number(*it) || it->get<double>() != std::round(it->get<double>()) || it->get<double>() < low ||
      it->get<double>() > high)
    return std::string("'") + key + "' is not a whole number from " + std::to_string(low) + " to " +
           std::to_string(high);
  out = static_cast<int>(it->get<double>());
  return std::nullopt;
}

// nerfstudio camera_path.json (camera_path_nerfstudio.cpp).
Result<CameraPath> parse_nerfstudio(const Json& root, const std::string& name);
Result<std::string> nerfstudio_json(const CameraPath& path);

}  // namespace splatview::path_json
