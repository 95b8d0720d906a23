// Camera paths as JSON: our own format, the detection of nerfstudio's camera_path.json
// (camera_path_nerfstudio.cpp) and INRIA cameras.json (a fly-through, camera_path_training.cpp),
// and the file reading and writing. docs/camera-paths.md describes each format.
#include <algorithm>
#include <new>
#include <system_error>

#include "core/camera_path.h"
#include "core/camera_path_json.h"
#include "core/file_bytes.h"
#include "core/safe_write.h"

namespace splatview {
namespace {

using namespace path_json;

constexpr std::uint64_t kMaxPathBytes = 64ull << 20;  // a dense nerfstudio path is ~400 bytes a frame
constexpr const char* kFormatName = "splatview camera path";
constexpr int kFormatVersion = 1;

bool read_vec3(const Json& object, const char* key, glm::dvec3& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array() || it->size() != 3) return false;
  for (int i = 0; i < 3; ++i) {
    if (!finite_number((*it)[i])) return false;
    out[i] = (*it)[i].get<double>();
  }
  return true;
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
  if (auto why = read_int(root, "width", 1, kMaxRecordedImageSide, path.width)) return bad(*why);
  if (auto why = read_int(root, "height", 1, kMaxRecordedImageSide, path.height)) return bad(*why);
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
  return write_file_safely(file, text.value());
}

}  // namespace splatview
