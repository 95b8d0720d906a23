#include "core/formats/training_cameras.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <nlohmann/json.hpp>
#include <numbers>
#include <system_error>

#include "core/formats/decode_support.h"

namespace splatview {
namespace {

using Json = nlohmann::json;

constexpr std::uint64_t kMaxJsonBytes = 64ull << 20;  // ~1 KB a view: tens of thousands of views
constexpr std::size_t kMaxCameras = 100000;
// Image sizes are only recorded here; rendering at a camera's size is checked against the one
// render limit (kMaxImageSide in core/camera.h) where it happens.
constexpr int kMaxRecordedImageSide = 1 << 16;
constexpr double kMaxFovyDegrees = 179.0;
constexpr double kRotationTolerance = 1e-3;  // INRIA writes float64 of a float32 rotation
constexpr const char* kHint = "use the cameras.json written by the 3DGS training code";

bool finite_number(const Json& v) { return v.is_number() && std::isfinite(v.get<double>()); }

// One view, or an error text saying what is wrong with it.
std::optional<std::string> parse_view(const Json& entry, TrainingCamera& view) {
  if (!entry.is_object()) return "is not an object";
  const auto id = entry.find("id");
  if (id == entry.end() || !id->is_number_integer()) return "has no integer 'id'";
  view.id = id->get<long long>();
  const auto img = entry.find("img_name");
  if (img == entry.end() || !img->is_string()) return "has no string 'img_name'";
  view.img_name = img->get<std::string>();
  for (auto [key, out] : {std::pair{"width", &view.width}, std::pair{"height", &view.height}}) {
    const auto it = entry.find(key);
    if (it == entry.end() || !it->is_number_integer()) return std::string("has no integer '") + key + "'";
    const auto value = it->get<long long>();
    if (value < 1 || value > kMaxRecordedImageSide)
      return std::string("has ") + key + " " + std::to_string(value) + " (must be 1 to " +
             std::to_string(kMaxRecordedImageSide) + ")";
    *out = static_cast<int>(value);
  }
  const auto position = entry.find("position");
  if (position == entry.end() || !position->is_array() || position->size() != 3 ||
      !finite_number((*position)[0]) || !finite_number((*position)[1]) || !finite_number((*position)[2]))
    return "has no 'position' of 3 finite numbers";
  for (int i = 0; i < 3; ++i) view.position[i] = (*position)[i].get<double>();
  const auto rotation = entry.find("rotation");
  if (rotation == entry.end() || !rotation->is_array() || rotation->size() != 3)
    return "has no 'rotation' of 3 rows";
  for (int r = 0; r < 3; ++r) {
    const Json& row = (*rotation)[r];
    if (!row.is_array() || row.size() != 3 || !finite_number(row[0]) || !finite_number(row[1]) ||
        !finite_number(row[2]))
      return "has a 'rotation' row that is not 3 finite numbers";
    for (int c = 0; c < 3; ++c) view.rotation[r][c] = row[c].get<double>();
  }
  // A rotation: orthonormal columns (R^T R = I) and no mirroring (det = +1).
  const auto& R = view.rotation;
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) {
      double dot = 0;
      for (int k = 0; k < 3; ++k) dot += R[k][a] * R[k][b];
      if (std::fabs(dot - (a == b ? 1.0 : 0.0)) > kRotationTolerance)
        return "has a 'rotation' that is not a rotation matrix";
    }
  }
  const double det = R[0][0] * (R[1][1] * R[2][2] - R[1][2] * R[2][1]) -
                     R[0][1] * (R[1][0] * R[2][2] - R[1][2] * R[2][0]) +
                     R[0][2] * (R[1][0] * R[2][1] - R[1][1] * R[2][0]);
  if (det < 0) return "has a 'rotation' that mirrors (determinant -1)";
  for (auto [key, out] : {std::pair{"fx", &view.fx}, std::pair{"fy", &view.fy}}) {
    const auto it = entry.find(key);
    if (it == entry.end() || !finite_number(*it) || !(it->get<double>() > 0))
      return std::string("has no positive '") + key + "'";
    *out = it->get<double>();
  }
  // A pinhole camera cannot see 180 degrees; tiny focal lengths would make the view degenerate.
  const double fovy_degrees = 2.0 * std::atan(view.height / (2.0 * view.fy)) * 180.0 / std::numbers::pi;
  if (!(fovy_degrees < kMaxFovyDegrees))
    return "has a focal length 'fy' too small for its height: the field of view would reach " +
           std::to_string(static_cast<int>(std::lround(fovy_degrees))) + " degrees (at most " +
           std::to_string(static_cast<int>(kMaxFovyDegrees)) + ")";
  return std::nullopt;
}

Result<std::vector<TrainingCamera>> parse(std::string_view text, const std::string& name) {
  if (text.size() > kMaxJsonBytes) return Error{name, "cameras.json is too large", kHint};
  const Json root = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Error{name, "cameras.json is not valid JSON", kHint};
  if (!root.is_array()) return Error{name, "cameras.json is not a list of cameras", kHint};
  if (root.empty()) return Error{name, "cameras.json lists no cameras", kHint};
  if (root.size() > kMaxCameras)
    return Error{name,
                 "cameras.json lists " + std::to_string(root.size()) + " cameras, over the limit of " +
                     std::to_string(kMaxCameras),
                 kHint};
  std::vector<TrainingCamera> cameras(root.size());
  for (std::size_t i = 0; i < root.size(); ++i) {
    if (auto why = parse_view(root[i], cameras[i]))
      return Error{name, "camera " + std::to_string(i) + " " + *why, kHint};
  }
  return cameras;
}

}  // namespace

std::optional<std::filesystem::path> find_training_cameras(const std::filesystem::path& scene) {
  std::error_code ec;
  const std::filesystem::path folder = scene.parent_path();
  std::vector<std::filesystem::path> candidates = {folder / "cameras.json"};
  // .../point_cloud/iteration_N/point_cloud.ply -> .../cameras.json
  if (folder.parent_path().filename() == "point_cloud")
    candidates.push_back(folder.parent_path().parent_path() / "cameras.json");
  if (folder.filename() == "point_cloud") candidates.push_back(folder.parent_path() / "cameras.json");
  for (const auto& candidate : candidates) {
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

Result<std::vector<TrainingCamera>> parse_training_cameras(std::string_view json, const std::string& name) {
  try {
    return parse(json, name);
  } catch (const Json::exception& e) {  // not expected: every access checks its type first
    return Error{name, std::string("bad cameras.json: ") + e.what(), kHint};
  } catch (const std::bad_alloc&) {
    return formats::out_of_memory(name);
  }
}

Result<std::vector<TrainingCamera>> load_training_cameras(const std::filesystem::path& path) {
  const std::string name = path.string();
  Result<std::vector<std::byte>> bytes = formats::read_file_bounded(path, kMaxJsonBytes, name);
  if (!bytes) return bytes.error();
  const auto& data = bytes.value();
  return parse_training_cameras(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()),
                                name);
}

Result<std::size_t> select_training_camera(const std::vector<TrainingCamera>& cameras, std::string_view spec,
                                           const std::string& name) {
  long long wanted = -1;
  const bool number = !spec.empty() && spec.find_first_not_of("0123456789") == std::string_view::npos &&
                      std::from_chars(spec.data(), spec.data() + spec.size(), wanted).ec == std::errc{};
  // Digits are an id first, then a name: image names such as "00002" are common.
  if (number)
    for (std::size_t i = 0; i < cameras.size(); ++i)
      if (cameras[i].id == wanted) return i;
  for (std::size_t i = 0; i < cameras.size(); ++i)
    if (cameras[i].img_name == spec) return i;
  std::string listed;
  for (std::size_t i = 0; i < cameras.size() && i < 3; ++i)
    listed += (i ? ", " : "") + std::to_string(cameras[i].id) + " (" + cameras[i].img_name + ")";
  if (cameras.size() > 3) listed += ", ...";
  return Error{
      name,
      "no training camera " + std::string(number ? "with id or name " : "named ") + std::string(spec.substr(0, 60)),
      "there are " + std::to_string(cameras.size()) + ": " + listed};
}

Camera training_view_camera(const TrainingCamera& view) {
  const auto& R = view.rotation;
  const glm::vec3 eye(view.position[0], view.position[1], view.position[2]);
  const glm::vec3 forward(R[0][2], R[1][2], R[2][2]);  // column 2: the camera's z axis
  const glm::vec3 down(R[0][1], R[1][1], R[2][1]);     // column 1: the camera's y axis
  Camera camera;
  camera.eye = eye;
  camera.target = eye + forward;
  camera.up = -down;
  camera.width = view.width;
  camera.height = view.height;
  camera.fovy_degrees =
      static_cast<float>(2.0 * std::atan(view.height / (2.0 * view.fy)) * 180.0 / std::numbers::pi);
  return camera;
}

}  // namespace splatview
