// nerfstudio's camera_path.json: its camera_path entries (camera_to_world, 4x4 row-major in the
// OpenGL camera frame: x right, y up, z back; fov vertical in degrees) read as pinned keyframes, and
// our path written as nerfstudio writes one (frames sampled at the path's fps, our keyframes as its
// keyframes). Ours is x right, y down, z forward: right = column 0, down = -column 1, forward =
// -column 2 of camera_to_world; the position is its last column.
#include <algorithm>
#include <cctype>

#include "core/camera_path_json.h"

namespace splatview::path_json {
namespace {

constexpr const char* kNerfstudioHint = "use a camera_path.json exported by the nerfstudio viewer";
constexpr int kFallbackWidth = 1920, kFallbackHeight = 1080;  // nerfstudio needs a render size


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

}  // namespace

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
  if (auto why = read_int(root, "render_width", 1, kMaxRecordedImageSide, path.width)) return bad(*why);
  if (auto why = read_int(root, "render_height", 1, kMaxRecordedImageSide, path.height)) return bad(*why);
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
                 kTwoKeyframesHint};
  if (n == 1)
    return Error{name, "camera_path lists only one camera",
                 kTwoKeyframesHint};
  if (auto error = check_camera_path(path, name)) return *error;
  return path;
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

}  // namespace splatview::path_json
