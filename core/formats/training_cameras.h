#pragma once
// The training views of a scene, from the cameras.json that the INRIA 3DGS training code writes beside
// its point_cloud/ folder: per view an id, the image name, its size, the camera centre ("position"),
// the camera-to-world rotation ("rotation", 3x3, rows; its columns are the camera's x right, y down and
// z forward axes in world space) and the focal lengths fx, fy in pixels.
#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/camera.h"
#include "core/result.h"

namespace splatview {

struct TrainingCamera {
  long long id = 0;
  std::string img_name;
  int width = 0;
  int height = 0;
  std::array<double, 3> position{};                 // camera centre in world space
  std::array<std::array<double, 3>, 3> rotation{};  // camera-to-world, rotation[row][column]
  double fx = 0;
  double fy = 0;
};

// Where the cameras.json of a scene is, if there is one: beside the scene file, or for
// .../point_cloud/iteration_N/point_cloud.ply the training folder that holds point_cloud/.
std::optional<std::filesystem::path> find_training_cameras(const std::filesystem::path& scene);

// Parses cameras.json text; `name` is used in messages. Every entry is checked (types, finite values,
// positive sizes and focal lengths, a proper rotation); a bad one is an Error naming its index.
Result<std::vector<TrainingCamera>> parse_training_cameras(std::string_view json, const std::string& name);

// Reads and parses a cameras.json file.
Result<std::vector<TrainingCamera>> load_training_cameras(const std::filesystem::path& path);

// Picks a view for `--camera SPEC`: the view with that id when SPEC is all digits and such an id
// exists, else the view whose img_name is SPEC. The error lists what is there.
Result<std::size_t> select_training_camera(const std::vector<TrainingCamera>& cameras, std::string_view spec,
                                           const std::string& name);

// The view as a splatview Camera at the training image's size: eye at the centre, looking along the
// camera's z axis, up = -y axis, fovy = 2 atan(height / (2 fy)). Our Camera has square pixels and the
// principal point at the image centre (INRIA's renderer assumes the centre too): when fx != fy the
// horizontal field of view comes out as if fx were fy, i.e. the image is squeezed or stretched
// sideways by fx / fy.
Camera training_view_camera(const TrainingCamera& view);

}  // namespace splatview
