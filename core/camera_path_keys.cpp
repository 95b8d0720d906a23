// A camera path as data: the rules it must satisfy (check_camera_path), how long it takes, retiming,
// and keyframes to and from our Camera. The camera move itself is camera_path.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>

#include "core/camera_path.h"
#include "core/camera_path_json.h"

namespace splatview {
namespace {

constexpr const char* kPathHint = "see docs/camera-paths.md";
// Times: a path lasts a millisecond to ~4 months, pinned keyframes are a microsecond apart or more
// (so every segment has a duration to divide by).
constexpr double kMinSeconds = 1e-3, kMaxSeconds = 1e7, kMinTimeStep = 1e-6;
constexpr double kUnitTolerance = 1e-3;  // a quaternion's length may be off by float rounding

bool finite3(glm::vec3 v) { return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z); }

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

}  // namespace

double camera_path_duration(const CameraPath& path) {
  if (path.seconds > 0) return path.seconds;
  const std::size_t n = path.keys.size();
  const std::size_t segments = path.loop ? n : n - 1;
  if (!path.loop && path.keys.back().time_s) return *path.keys.back().time_s;
  double duration = kDefaultSecondsPerSegment * static_cast<double>(segments);
  for (std::size_t i = 0; i < n; ++i) {
    if (path.keys[i].time_s)
      duration = std::max(duration, *path.keys[i].time_s +
                                        kDefaultSecondsPerSegment * static_cast<double>(segments - i));
  }
  return duration;
}

CameraPath retimed(const CameraPath& path, double seconds) {
  CameraPath out = path;
  if (path.keys.size() < 2 || !(seconds > 0)) return out;
  const double scale = seconds / camera_path_duration(path);
  for (Keyframe& key : out.keys)
    if (key.time_s) key.time_s = *key.time_s * scale;
  out.seconds = seconds;
  return out;
}
std::optional<Error> check_camera_path(const CameraPath& path, const std::string& name) {
  auto bad = [&](std::string what) { return Error{name, std::move(what), kPathHint}; };
  const std::size_t n = path.keys.size();
  if (n == 0)
    return Error{name, "the path has no keyframes",
                 "a path needs at least two keyframes: a start and an end (" + std::string(kPathHint) + ")"};
  if (n == 1)
    return Error{name, "the path has only one keyframe",
                 "a path needs at least two keyframes: a start and an end (" + std::string(kPathHint) + ")"};
  if (n > kMaxPathKeyframes)
    return bad("the path has " + std::to_string(n) + " keyframes, over the limit of " +
               std::to_string(kMaxPathKeyframes));
  if (!std::isfinite(path.seconds) || path.seconds < 0 || (path.seconds > 0 && path.seconds < kMinSeconds) ||
      path.seconds > kMaxSeconds)
    return bad("the path's length of " + number(path.seconds) + " s is outside " + number(kMinSeconds) + " to " +
               number(kMaxSeconds) + " s");
  if (path.fps < 0 || path.fps > kMaxPathFps)
    return bad("fps " + std::to_string(path.fps) + " is outside 1 to " + std::to_string(kMaxPathFps));
  if (path.width < 0 || path.height < 0 || path.width > path_json::kMaxRecordedImageSide || path.height > path_json::kMaxRecordedImageSide ||
      (path.width == 0) != (path.height == 0))
    return bad("the image size " + std::to_string(path.width) + "x" + std::to_string(path.height) +
               " is not two sides of 1 to " + std::to_string(path_json::kMaxRecordedImageSide) + " pixels");
  std::size_t previous_pinned = 0;  // keyframe 0 is always at 0 s
  for (std::size_t i = 0; i < n; ++i) {
    const Keyframe& key = path.keys[i];
    const std::string which = "keyframe " + std::to_string(i) + ": ";
    if (!finite3(key.position)) return bad(which + "the position is not 3 finite numbers");
    const glm::quat& q = key.orientation;
    if (!std::isfinite(q.w) || !std::isfinite(q.x) || !std::isfinite(q.y) || !std::isfinite(q.z) ||
        std::fabs(glm::length(q) - 1.0f) > kUnitTolerance)
      return bad(which + "the orientation is not a rotation (not a unit quaternion)");
    if (!std::isfinite(key.fovy_degrees) || !(key.fovy_degrees > 0.0f) || !(key.fovy_degrees < 180.0f))
      return bad(which + "the field of view " + number(key.fovy_degrees) + " degrees is outside (0, 180)");
    if (!key.time_s) continue;
    const double t = *key.time_s;
    if (!std::isfinite(t)) return bad(which + "the time is not a finite number");
    if (i == 0 && t != 0)
      return bad(which + "the time is " + number(t) + " s; the first keyframe is at 0 s");
    const double previous_time = path.keys[previous_pinned].time_s.value_or(0.0);
    if (i > 0 && !(t > previous_time))
      return bad(which + "the time " + number(t) + " s is not after keyframe " + std::to_string(previous_pinned) +
                 "'s " + number(previous_time) + " s (times must increase)");
    if (i > 0 && t - previous_time < kMinTimeStep)
      return bad(which + "the time " + number(t) + " s is less than " + number(kMinTimeStep) +
                 " s after keyframe " + std::to_string(previous_pinned) + "'s");
    if (t > kMaxSeconds) return bad(which + "the time " + number(t) + " s is over " + number(kMaxSeconds) + " s");
    if (path.seconds > 0 && t > path.seconds)
      return bad(which + "the time " + number(t) + " s is after the path's end at " + number(path.seconds) + " s");
    if (path.loop && path.seconds > 0 && t >= path.seconds)
      return bad(which + "the time " + number(t) + " s is not before the loop's end at " + number(path.seconds) +
                 " s (where it is back at keyframe 0)");
    previous_pinned = i;
  }
  return std::nullopt;
}
Keyframe keyframe_from_camera(const Camera& camera, std::optional<double> time_s) {
  const CameraBasis basis = camera_basis(camera);
  Keyframe key;
  key.position = camera.eye;
  key.orientation = glm::normalize(glm::quat_cast(glm::mat3(basis.right, basis.down, basis.forward)));
  key.fovy_degrees = camera.fovy_degrees;
  key.time_s = time_s;
  return key;
}

Camera camera_from_keyframe(const Keyframe& key, int width, int height) {
  const glm::mat3 axes = glm::mat3_cast(key.orientation);  // columns: right, down, forward
  Camera camera;
  camera.eye = key.position;
  camera.target = key.position + axes[2];
  camera.up = -axes[1];
  camera.fovy_degrees = key.fovy_degrees;
  camera.width = width;
  camera.height = height;
  return camera;
}

}  // namespace splatview
