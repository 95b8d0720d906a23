// Camera paths as JSON: our own format, nerfstudio's camera_path.json, and INRIA cameras.json read as
// a fly-through. docs/camera-paths.md describes each; the mapping of nerfstudio's OpenGL camera frame
// (x right, y up, z back) to ours (x right, y down, z forward) is: right = column 0, down = -column 1,
// forward = -column 2 of its camera_to_world.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <new>
#include <nlohmann/json.hpp>
#include <system_error>

#include "core/camera_path.h"
#include "core/file_bytes.h"

namespace splatview {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr std::uint64_t kMaxPathBytes = 64ull << 20;  // a dense nerfstudio path is ~400 bytes a frame
constexpr const char* kFormatName = "splatview camera path";
constexpr int kFormatVersion = 1;
constexpr const char* kHint = "see docs/camera-paths.md";
constexpr const char* kNerfstudioHint = "use a camera_path.json exported by the nerfstudio viewer";
constexpr double kRotationTolerance = 1e-3;  // files hold rounded or float32 matrices
constexpr int kMaxImageSide = 1 << 16;
constexpr int kFallbackWidth = 1920, kFallbackHeight = 1080;  // nerfstudio needs a render size

bool finite_number(const Json& v) { return v.is_number() && std::isfinite(v.get<double>()); }

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

// A float as the shortest decimal that reads back as the same float, so files stay readable
// (0.3, not 0.30000001192092896) and a write-read-write gives the same text.
double tidy(float v) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  double out = 0;
  std::from_chars(buffer, end, out);
  return out;
}

bool read_vec3(const Json& object, const char* key, glm::dvec3& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array() || it->size() != 3) return false;
  for (int i = 0; i < 3; ++i) {
    if (!finite_number((*it)[i])) return false;
    out[i] = (*it)[i].get<double>();
  }
  return true;
}

// Why `m` (columns) is not a rotation, or nullopt.
std::optional<std::string> not_a_rotation(const glm::dmat3& m) {
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      if (std::fabs(glm::dot(m[a], m[b]) - (a == b ? 1.0 : 0.0)) > kRotationTolerance)
        return "is not a rotation (its axes are not orthonormal)";
  if (glm::determinant(m) < 0) return "is not a rotation (it mirrors: determinant -1)";
  return std::nullopt;
}

glm::quat quat_of(const glm::dmat3& m) { return glm::quat(glm::normalize(glm::quat_cast(m))); }

// An optional whole number within [low, high]; why not, or nullopt (out untouched when absent).
std::optional<std::string> read_int(const Json& root, const char* key, int low, int high, int& out) {
  const auto it = root.find(key);
  if (it == root.end()) return std::nullopt;
  if (!finite_number(*it) || it->get<double>() != std::round(it->get<double>()) || it->get<double>() < low ||
      it->get<double>() > high)
    return std::string("'") + key + "' is not a whole number from " + std::to_string(low) + " to " +
           std::to_string(high);
  out = static_cast<int>(it->get<double>());
  return std::nullopt;
}

// ---- our format ----

std::optional<std::string> parse_keyframe(const Json& entry, Keyframe& key) {
  if (!entry.is_object()) return "is not an object";
  if (entry.contains("matrix") || entry.contains("camera_to_world"))
    return "has a 'matrix': this looks like nerfstudio's keyframe list, which needs its camera_path";
  for (const auto& item : entry.items()) {
    static const char* const kKnown[] = {"position", "rotation", "target", "up", "fovy_degrees", "time"};
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return item.key() == k; }))
      return "has an unknown key '" + item.key().substr(0, 40) + "'";
  }
  glm::dvec3 position;
  if (!read_vec3(entry, "position", position)) return "has no 'position' of 3 finite numbers";
  key.position = glm::vec3(position);
  const bool has_rotation = entry.contains("rotation"), has_target = entry.contains("target");
  if (has_rotation == has_target) return "needs either 'rotation' or 'target' (not both)";
  if (has_rotation) {
    const Json& rotation = entry["rotation"];
    if (!rotation.is_array() || rotation.size() != 3) return "has a 'rotation' that is not 3 rows of 3 numbers";
    glm::dmat3 m;
    for (int r = 0; r < 3; ++r) {
      const Json& row = rotation[r];
      if (!row.is_array() || row.size() != 3) return "has a 'rotation' that is not 3 rows of 3 numbers";
      for (int c = 0; c < 3; ++c) {
        if (!finite_number(row[c])) return "has a 'rotation' that is not 3 rows of 3 finite numbers";
        m[c][r] = row[c].get<double>();
      }
    }
    if (auto why = not_a_rotation(m)) return "has a 'rotation' that " + *why;
    key.orientation = quat_of(m);
  } else {
    glm::dvec3 target, up(0.0, -1.0, 0.0);
    if (!read_vec3(entry, "target", target)) return "has no 'target' of 3 finite numbers";
    if (entry.contains("up") && !read_vec3(entry, "up", up)) return "has no 'up' of 3 finite numbers";
    Camera camera;
    camera.eye = key.position;
    camera.target = glm::vec3(target);
    camera.up = glm::vec3(up);
    if (!camera_is_valid(camera)) return "has a 'target' at its position or an 'up' along its view";
    key.orientation = keyframe_from_camera(camera).orientation;
  }
  if (const auto fovy = entry.find("fovy_degrees"); fovy != entry.end()) {
    if (!finite_number(*fovy)) return "has an 'fovy_degrees' that is not a finite number";
    const double value = fovy->get<double>();
    if (!(value > 0 && value < 180)) return "has a field of view of " + number(value) + " degrees, outside (0, 180)";
    key.fovy_degrees = static_cast<float>(value);
  }
  if (const auto time = entry.find("time"); time != entry.end()) {
    if (!finite_number(*time)) return "has a 'time' that is not a finite number";
    key.time_s = time->get<double>();
  }
  return std::nullopt;
}

Result<CameraPath> parse_ours(const Json& root, const std::string& name) {
  auto bad = [&](const std::string& what) { return Error{name, what, kHint}; };
  for (const auto& item : root.items()) {
    static const char* const kKnown[] = {"format", "version", "loop",   "ease_in", "ease_out",
                                         "seconds", "fps",    "width", "height",  "keyframes"};
    if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return item.key() == k; }))
      return bad("unknown key '" + item.key().substr(0, 40) + "'");
  }
  if (const auto format = root.find("format"); format != root.end() && *format != kFormatName)
    return bad("'format' is not \"" + std::string(kFormatName) + "\"");
  if (const auto version = root.find("version"); version != root.end()) {
    if (!version->is_number_integer() || version->get<long long>() < 1) return bad("'version' is not 1");
    if (version->get<long long>() > kFormatVersion)
      return Error{name, "camera path version " + std::to_string(version->get<long long>()) + " is newer than this splatview reads",
                   "update splatview"};
  }
  CameraPath path;
  for (auto [key, out] : {std::pair{"loop", &path.loop}, std::pair{"ease_in", &path.ease_in},
                          std::pair{"ease_out", &path.ease_out}}) {
    const auto it = root.find(key);
    if (it == root.end()) continue;
    if (!it->is_boolean()) return bad(std::string("'") + key + "' is not true or false");
    *out = it->get<bool>();
  }
  if (const auto seconds = root.find("seconds"); seconds != root.end()) {
    if (!finite_number(*seconds) || !(seconds->get<double>() > 0)) return bad("'seconds' is not a positive number");
    path.seconds = seconds->get<double>();
  }
  if (auto why = read_int(root, "fps", 1, kMaxPathFps, path.fps)) return bad(*why);
  if (auto why = read_int(root, "width", 1, kMaxImageSide, path.width)) return bad(*why);
  if (auto why = read_int(root, "height", 1, kMaxImageSide, path.height)) return bad(*why);
  const Json& keyframes = root["keyframes"];
  if (!keyframes.is_array()) return bad("'keyframes' is not a list");
  if (keyframes.size() > kMaxPathKeyframes)
    return bad("the path has " + std::to_string(keyframes.size()) + " keyframes, over the limit of " +
               std::to_string(kMaxPathKeyframes));
  path.keys.resize(keyframes.size());
  for (std::size_t i = 0; i < keyframes.size(); ++i)
    if (auto why = parse_keyframe(keyframes[i], path.keys[i]))
      return bad("keyframe " + std::to_string(i) + " " + *why);
  if (auto error = check_camera_path(path, name)) return *error;
  return path;
}

// ---- nerfstudio ----

// Row-major 4x4 camera_to_world, flat (16 numbers) or nested (4 rows of 4), as nerfstudio reads it.
std::optional<std::string> read_camera_to_world(const Json& entry, double (&m)[4][4]) {
  const auto it = entry.find("camera_to_world");
  if (it == entry.end() || !it->is_array()) return "has no 'camera_to_world'";
  const Json& v = *it;
  if (v.size() == 16) {
    for (int i = 0; i < 16; ++i) {
      if (!finite_number(v[i])) return "has a 'camera_to_world' that is not 16 finite numbers";
      m[i / 4][i % 4] = v[i].get<double>();
    }
  } else if (v.size() == 4) {
    for (int r = 0; r < 4; ++r) {
      if (!v[r].is_array() || v[r].size() != 4) return "has a 'camera_to_world' that is not 16 finite numbers";
      for (int c = 0; c < 4; ++c) {
        if (!finite_number(v[r][c])) return "has a 'camera_to_world' that is not 16 finite numbers";
        m[r][c] = v[r][c].get<double>();
      }
    }
  } else {
    return "has a 'camera_to_world' that is not 16 finite numbers";
  }
  if (std::fabs(m[3][0]) > 1e-6 || std::fabs(m[3][1]) > 1e-6 || std::fabs(m[3][2]) > 1e-6 ||
      std::fabs(m[3][3] - 1) > 1e-6)
    return "has a 'camera_to_world' whose last row is not 0 0 0 1";
  return std::nullopt;
}

Result<CameraPath> parse_nerfstudio(const Json& root, const std::string& name) {
  auto bad = [&](const std::string& what) { return Error{name, what, kNerfstudioHint}; };
  if (const auto type = root.find("camera_type"); type != root.end()) {
    if (!type->is_string()) return bad("'camera_type' is not a string");
    std::string value = type->get<std::string>();
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    if (value != "perspective")
      return Error{name, "camera_type '" + value.substr(0, 40) + "' is not supported",
                   "splatview renders perspective cameras only"};
  }
  const Json& entries = root["camera_path"];
  if (!entries.is_array()) return bad("'camera_path' is not a list");
  const std::size_t n = entries.size();
  if (n > kMaxPathKeyframes)
    return bad("camera_path has " + std::to_string(n) + " cameras, over the limit of " +
               std::to_string(kMaxPathKeyframes));
  CameraPath path;
  if (auto why = read_int(root, "render_width", 1, kMaxImageSide, path.width)) return bad(*why);
  if (auto why = read_int(root, "render_height", 1, kMaxImageSide, path.height)) return bad(*why);
  if ((path.width == 0) != (path.height == 0)) return bad("it has one of render_width and render_height");
  double fps = kDefaultPathFps;
  if (const auto it = root.find("fps"); it != root.end()) {
    if (!finite_number(*it) || !(it->get<double>() >= 1) || it->get<double>() > kMaxPathFps)
      return bad("'fps' is not a number from 1 to " + std::to_string(kMaxPathFps));
    fps = it->get<double>();
  }
  path.fps = static_cast<int>(std::lround(fps));
  if (const auto it = root.find("is_cycle"); it != root.end()) {
    if (!it->is_boolean()) return bad("'is_cycle' is not true or false");
    path.loop = it->get<bool>();
  }
  // Frame i of n: an open path from 0 to `seconds`, a cycle n frames over one period.
  const double intervals = path.loop ? static_cast<double>(n) : static_cast<double>(n) - 1;
  double seconds = intervals / fps;
  if (const auto it = root.find("seconds"); it != root.end()) {
    if (!finite_number(*it) || !(it->get<double>() > 0)) return bad("'seconds' is not a positive number");
    seconds = it->get<double>();
  }
  path.keys.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Json& entry = entries[i];
    const std::string which = "camera_path[" + std::to_string(i) + "] ";
    if (!entry.is_object()) return bad(which + "is not an object");
    double m[4][4];
    if (auto why = read_camera_to_world(entry, m)) return bad(which + *why);
    // OpenGL camera axes (right, up, back) -> ours (right, down, forward).
    glm::dmat3 axes;
    for (int r = 0; r < 3; ++r) {
      axes[0][r] = m[r][0];
      axes[1][r] = -m[r][1];
      axes[2][r] = -m[r][2];
    }
    if (auto why = not_a_rotation(axes)) return bad(which + "has a 'camera_to_world' whose rotation " + *why);
    const auto fov = entry.find("fov");
    if (fov == entry.end() || !finite_number(*fov)) return bad(which + "has no 'fov' (a number of degrees)");
    if (!(fov->get<double>() > 0 && fov->get<double>() < 180))
      return bad(which + "has a field of view of " + number(fov->get<double>()) + " degrees, outside (0, 180)");
    Keyframe& key = path.keys[i];
    key.position = glm::vec3(m[0][3], m[1][3], m[2][3]);
    key.orientation = quat_of(axes);
    key.fovy_degrees = static_cast<float>(fov->get<double>());
    key.time_s = intervals > 0 ? seconds * static_cast<double>(i) / intervals : 0.0;
  }
  path.seconds = seconds;
  if (n == 0)
    return Error{name, "camera_path lists no cameras",
                 "a path needs at least two keyframes: a start and an end (" + std::string(kHint) + ")"};
  if (n == 1)
    return Error{name, "camera_path lists only one camera",
                 "a path needs at least two keyframes: a start and an end (" + std::string(kHint) + ")"};
  if (auto error = check_camera_path(path, name)) return *error;
  return path;
}

Result<CameraPath> parse(std::string_view text, const std::string& name) {
  if (text.size() > kMaxPathBytes) return Error{name, "the camera path is too large", kHint};
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {  // parse_error, or out_of_range for 1e999
    // nlohmann's text after its "[json.exception.parse_error.N] " tag says where and why; numbers
    // beyond double's range (1e999) and NaN/Infinity, which JSON does not have, end up here too.
    std::string why = e.what();
    if (const auto tag = why.find("] "); tag != std::string::npos) why = why.substr(tag + 2);
    if (why.size() > 160) why = why.substr(0, 160) + "...";
    return Error{name, "the camera path is not valid JSON (" + why + ")",
                 "write it as JSON; non-finite numbers cannot be written (" + std::string(kHint) + ")"};
  }
  if (root.is_array()) {  // INRIA cameras.json
    Result<std::vector<TrainingCamera>> views = parse_training_cameras(text, name);
    if (!views) return views.error();
    CameraPath path = camera_path_from_training_cameras(views.value());
    if (auto error = check_camera_path(path, name))
      return Error{name, "cameras.json lists only " + std::to_string(views.value().size()) + " camera",
                   "a fly-through needs at least two training cameras"};
    return path;
  }
  if (!root.is_object())
    return Error{name, "the camera path is not a JSON object", kHint};
  if (root.contains("camera_path")) return parse_nerfstudio(root, name);
  if (root.contains("keyframes")) return parse_ours(root, name);
  return Error{name, "the file is not a camera path (it has no 'keyframes' or 'camera_path')",
               "use a splatview path, a nerfstudio camera_path.json or a 3DGS cameras.json (" +
                   std::string(kHint) + ")"};
}

// ---- writing ----

OrderedJson rotation_rows(const glm::quat& q) {
  const glm::mat3 m = glm::mat3_cast(q);
  OrderedJson rows = OrderedJson::array();
  for (int r = 0; r < 3; ++r) rows.push_back({tidy(m[0][r]), tidy(m[1][r]), tidy(m[2][r])});
  return rows;
}

// Row-major 4x4 in nerfstudio's OpenGL frame.
OrderedJson opengl_camera_to_world(const Keyframe& key) {
  const glm::mat3 m = glm::mat3_cast(key.orientation);  // columns: right, down, forward
  const glm::vec3 gl[3] = {m[0], -m[1], -m[2]};          // right, up, back
  OrderedJson flat = OrderedJson::array();
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) flat.push_back(tidy(gl[c][r]));
    flat.push_back(tidy(key.position[r]));
  }
  for (double v : {0.0, 0.0, 0.0, 1.0}) flat.push_back(v);
  return flat;
}

std::string ours_json(const CameraPath& path) {
  OrderedJson root;
  root["format"] = kFormatName;
  root["version"] = kFormatVersion;
  root["loop"] = path.loop;
  root["ease_in"] = path.ease_in;
  root["ease_out"] = path.ease_out;
  if (path.seconds > 0) root["seconds"] = path.seconds;
  if (path.fps > 0) root["fps"] = path.fps;
  if (path.width > 0) {
    root["width"] = path.width;
    root["height"] = path.height;
  }
  OrderedJson keys = OrderedJson::array();
  for (const Keyframe& key : path.keys) {
    OrderedJson entry;
    entry["position"] = {tidy(key.position.x), tidy(key.position.y), tidy(key.position.z)};
    entry["rotation"] = rotation_rows(key.orientation);
    entry["fovy_degrees"] = tidy(key.fovy_degrees);
    if (key.time_s) entry["time"] = *key.time_s;
    keys.push_back(std::move(entry));
  }
  root["keyframes"] = std::move(keys);
  return root.dump(2) + "\n";
}

Result<std::string> nerfstudio_json(const CameraPath& path) {
  Result<CameraPathSampler> built = CameraPathSampler::build(path, "camera path");
  if (!built) return built.error();
  const CameraPathSampler& sampler = built.value();
  const int fps = path.fps > 0 ? path.fps : kDefaultPathFps;
  const int width = path.width > 0 ? path.width : kFallbackWidth;
  const int height = path.height > 0 ? path.height : kFallbackHeight;
  const double aspect = static_cast<double>(width) / height;
  OrderedJson root;
  OrderedJson keys = OrderedJson::array();
  for (const Keyframe& key : path.keys)
    keys.push_back({{"matrix", opengl_camera_to_world(key)}, {"fov", tidy(key.fovy_degrees)}, {"aspect", aspect}});
  root["keyframes"] = std::move(keys);
  root["camera_type"] = "perspective";
  root["render_height"] = height;
  root["render_width"] = width;
  root["fps"] = fps;
  root["seconds"] = sampler.duration();
  root["is_cycle"] = path.loop;
  root["smoothness_value"] = 0.5;  // nerfstudio's default; its viewer reads it back, we do not
  OrderedJson frames = OrderedJson::array();
  const int count = sampler.frame_count(fps);
  for (int i = 0; i < count; ++i) {
    const Keyframe key = sampler.keyframe_at(sampler.frame_time(i, count));
    frames.push_back({{"camera_to_world", opengl_camera_to_world(key)},
                      {"fov", tidy(key.fovy_degrees)},
                      {"aspect", aspect}});
  }
  root["camera_path"] = std::move(frames);
  return root.dump(2) + "\n";
}

}  // namespace

Result<CameraPath> parse_camera_path(std::string_view text, const std::string& name) {
  try {
    return parse(text, name);
  } catch (const Json::exception& e) {  // not expected: every access checks its type first
    return Error{name, std::string("bad camera path (") + e.what() + ")", kHint};
  } catch (const std::bad_alloc&) {
    return Error{name, "out of memory reading the camera path", "close other programs or use a smaller file"};
  }
}

Result<CameraPath> load_camera_path(const std::filesystem::path& path) {
  Result<FileBytes> file = FileBytes::open(path, kMaxPathBytes, "a camera path (.json)");
  if (!file) return file.error();
  const auto bytes = file.value().bytes();
  return parse_camera_path(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                           path.string());
}

Result<std::string> camera_path_json(const CameraPath& path, PathFormat format) {
  try {
    if (format == PathFormat::kNerfstudio) return nerfstudio_json(path);
    if (auto error = check_camera_path(path, "camera path")) return *error;
    return ours_json(path);
  } catch (const std::bad_alloc&) {
    return Error{"camera path", "out of memory writing the camera path", ""};
  }
}

std::optional<Error> save_camera_path(const std::filesystem::path& file, const CameraPath& path,
                                      PathFormat format) {
  const std::string name = file.string();
  Result<std::string> text = camera_path_json(path, format);
  if (!text) return Error{name, text.error().what, text.error().hint};
  // Minimal on purpose: the app's shared writer (temporary file, fsync, rename) replaces this.
  const std::filesystem::path temporary = file.parent_path() / ("." + file.filename().string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text.value();
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return Error{name, "cannot write the camera path", "check that the folder exists and is writable"};
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, file, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return Error{name, "cannot write the camera path (" + ec.message() + ")", "check the folder"};
  }
  return std::nullopt;
}

}  // namespace splatview
