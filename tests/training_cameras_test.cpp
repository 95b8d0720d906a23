// INRIA cameras.json: parsing, finding it beside a scene, picking a view, and turning a view into our
// Camera. No real cameras.json ships in the shared data, so the views here are written by hand with
// values worked out on paper: the INRIA training code writes, per view, the camera centre as
// "position" and the camera-to-world rotation as "rotation" (rows; columns = the camera's x right,
// y down, z forward axes in world space), fx and fy in pixels.
#include "core/formats/training_cameras.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <glm/geometric.hpp>
#include <string>

#include "core/camera.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

// View 0 looks along +z from (0, -0.5, -4): identity rotation. View 1 looks along +x from (-4, 0, 0):
// z_cam = (1,0,0), y_cam = (0,1,0) (down, world -y is up), x_cam = y_cam x z_cam = (0,0,-1); the
// rotation's rows are then (x0 y0 z0) = (0 0 1), (0 1 0), (-1 0 0).
const std::string kTwoViews = R"([
  {"id": 0, "img_name": "view_front", "width": 800, "height": 600,
   "position": [0.0, -0.5, -4.0],
   "rotation": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
   "fy": 500.0, "fx": 500.0},
  {"id": 1, "img_name": "view_side", "width": 1000, "height": 500,
   "position": [-4.0, 0.0, 0.0],
   "rotation": [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]],
   "fy": 500.0, "fx": 600.0}
])";

constexpr double kDegrees = 180.0 / 3.14159265358979323846;

std::vector<TrainingCamera> parse_ok(const std::string& text) {
  auto parsed = parse_training_cameras(text, "cameras.json");
  if (!parsed) {
    ADD_FAILURE() << parsed.error().message();
    return {};
  }
  return parsed.value();
}

std::string error_of(const std::string& text) {
  auto parsed = parse_training_cameras(text, "cameras.json");
  if (parsed) {
    ADD_FAILURE() << "parsed without error: " << text.substr(0, 80);
    return {};
  }
  EXPECT_EQ(parsed.error().file, "cameras.json");
  EXPECT_FALSE(parsed.error().hint.empty());
  return parsed.error().what;
}

// Camera-space coordinates (x right, y down, z forward) of world point p, by our Camera's basis.
glm::vec3 to_camera(const Camera& camera, glm::vec3 p) {
  const CameraBasis basis = camera_basis(camera);
  const glm::vec3 d = p - camera.eye;
  return {glm::dot(d, basis.right), glm::dot(d, basis.down), glm::dot(d, basis.forward)};
}

TEST(TrainingCameras, ParsesEveryField) {
  const auto views = parse_ok(kTwoViews);
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0].id, 0);
  EXPECT_EQ(views[0].img_name, "view_front");
  EXPECT_EQ(views[0].width, 800);
  EXPECT_EQ(views[0].height, 600);
  EXPECT_EQ(views[0].position[1], -0.5);
  EXPECT_EQ(views[1].rotation[2][0], -1.0);
  EXPECT_EQ(views[1].fx, 600.0);
  EXPECT_EQ(views[1].fy, 500.0);
}

TEST(TrainingCameras, IdentityRotationLooksAlongZWithMinusYUp) {
  const Camera camera = training_view_camera(parse_ok(kTwoViews)[0]);
  EXPECT_EQ(camera.eye, glm::vec3(0.0f, -0.5f, -4.0f));
  EXPECT_EQ(camera.target, glm::vec3(0.0f, -0.5f, -3.0f));
  EXPECT_EQ(camera.up, glm::vec3(0.0f, -1.0f, 0.0f));
  EXPECT_EQ(camera.width, 800);
  EXPECT_EQ(camera.height, 600);
  // fovy = 2 atan(300 / 500) = 61.9275 degrees; then our focal length is fy again.
  EXPECT_NEAR(camera.fovy_degrees, 2 * std::atan(0.6) * kDegrees, 1e-4);
  EXPECT_NEAR(focal_length_pixels(camera), 500.0f, 1e-3f);
}

TEST(TrainingCameras, RotatedViewLooksAlongItsZColumn) {
  const Camera camera = training_view_camera(parse_ok(kTwoViews)[1]);
  EXPECT_EQ(camera.eye, glm::vec3(-4.0f, 0.0f, 0.0f));
  EXPECT_EQ(camera.target, glm::vec3(-3.0f, 0.0f, 0.0f));
  EXPECT_EQ(camera.up, glm::vec3(0.0f, -1.0f, 0.0f));
  EXPECT_NEAR(camera.fovy_degrees, 2 * std::atan(0.5) * kDegrees, 1e-4);  // 53.1301: from fy, not fx
}

// The point that matters: our Camera sees a world point where the training camera saw it. Camera
// coordinates are R^T (p - position) by hand: view 0, p = (1, 0.5, 0): (1, 1, 4); view 1,
// p = (0, 0.3, 0.2): (x_cam . d, y_cam . d, z_cam . d) with d = (4, 0.3, 0.2): (-0.2, 0.3, 4).
TEST(TrainingCameras, ProjectsWorldPointsLikeTheTrainingCamera) {
  const auto views = parse_ok(kTwoViews);
  const glm::vec3 a = to_camera(training_view_camera(views[0]), {1.0f, 0.5f, 0.0f});
  EXPECT_NEAR(a.x, 1.0f, 1e-6f);
  EXPECT_NEAR(a.y, 1.0f, 1e-6f);
  EXPECT_NEAR(a.z, 4.0f, 1e-6f);
  const glm::vec3 b = to_camera(training_view_camera(views[1]), {0.0f, 0.3f, 0.2f});
  EXPECT_NEAR(b.x, -0.2f, 1e-6f);
  EXPECT_NEAR(b.y, 0.3f, 1e-6f);
  EXPECT_NEAR(b.z, 4.0f, 1e-6f);
}

TEST(TrainingCameras, SelectsByIdOrImageName) {
  const auto views = parse_ok(kTwoViews);
  EXPECT_EQ(select_training_camera(views, "1", "cameras.json").value(), 1u);
  EXPECT_EQ(select_training_camera(views, "0", "cameras.json").value(), 0u);
  EXPECT_EQ(select_training_camera(views, "view_side", "cameras.json").value(), 1u);
  for (const char* missing : {"2", "view_top", "", "99999999999999999999999"}) {
    auto picked = select_training_camera(views, missing, "cameras.json");
    ASSERT_FALSE(picked.ok()) << missing;
    EXPECT_NE(picked.error().hint.find("view_front"), std::string::npos) << picked.error().message();
  }
}

TEST(TrainingCameras, FoundBesideTheSceneOrBesideItsPointCloudFolder) {
  const auto dir = test::fresh_temp_dir("training-cameras-find");
  // INRIA's output: model/cameras.json and model/point_cloud/iteration_30000/point_cloud.ply.
  const auto iteration = dir / "model" / "point_cloud" / "iteration_30000";
  std::filesystem::create_directories(iteration);
  std::ofstream(iteration / "point_cloud.ply") << "ply\n";
  EXPECT_FALSE(find_training_cameras(iteration / "point_cloud.ply").has_value());
  std::ofstream(dir / "model" / "cameras.json") << kTwoViews;
  EXPECT_EQ(find_training_cameras(iteration / "point_cloud.ply"), dir / "model" / "cameras.json");
  // Beside the scene wins.
  std::ofstream(iteration / "cameras.json") << kTwoViews;
  EXPECT_EQ(find_training_cameras(iteration / "point_cloud.ply"), iteration / "cameras.json");
  auto loaded = load_training_cameras(iteration / "cameras.json");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().size(), 2u);
}

TEST(TrainingCameras, AMissingFileIsAnError) {
  auto loaded = load_training_cameras(test::fresh_temp_dir("training-cameras-missing") / "cameras.json");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().what.find("cannot open"), std::string::npos);
}

// A near-orthonormal rotation (as float32 values written with double digits are) is accepted.
TEST(TrainingCameras, AcceptsARotationWithFloatRoundingNoise) {
  const auto views = parse_ok(R"([{"id": 3, "img_name": "a", "width": 10, "height": 10,
      "position": [0, 0, 0], "rotation": [[0.99999994, 0, 0], [0, 1.0000001, 0], [0, 0, 1]], "fx": 5, "fy": 5}])");
  EXPECT_EQ(views.size(), 1u);
}

// ---- Bad cameras.json ----------------------------------------------------------------------------

const std::string kGood =
    R"({"id": 0, "img_name": "a", "width": 10, "height": 10, "position": [0, 0, 0],
        "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fx": 5, "fy": 5})";

// kGood with `from` replaced by `to`, as a one-view list.
std::string one_view_with(const std::string& from, const std::string& to) {
  std::string view = kGood;
  const std::size_t at = view.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  view.replace(at, from.size(), to);
  return "[" + view + "]";
}

TEST(BadTrainingCameras, ReportWhatIsWrong) {
  struct Case {
    std::string text;
    std::string fragment;
  };
  const Case cases[] = {
      {"", "not valid JSON"},
      {"[{\"id\": 0,", "not valid JSON"},
      {"{\"id\": 0}", "not a list"},
      {"[]", "no cameras"},
      {"[1]", "camera 0 is not an object"},
      {"[" + kGood + ", 7]", "camera 1 is not an object"},
      {one_view_with("\"id\": 0", "\"id\": 1.5"), "integer 'id'"},
      {one_view_with("\"img_name\": \"a\"", "\"img_name\": 4"), "'img_name'"},
      {one_view_with("\"width\": 10", "\"width\": 0"), "width 0"},
      {one_view_with("\"height\": 10", "\"height\": 100000"), "height 100000"},
      {one_view_with("\"width\": 10", "\"width\": \"10\""), "integer 'width'"},
      {one_view_with("\"position\": [0, 0, 0]", "\"position\": [0, 0]"), "'position'"},
      {one_view_with("\"position\": [0, 0, 0]", "\"position\": [0, \"x\", 0]"), "'position'"},
      {one_view_with("\"position\": [0, 0, 0]", "\"position\": [0, 1e999, 0]"), "not valid JSON"},
      {one_view_with("[[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "[[1, 0, 0], [0, 1, 0]]"), "'rotation' of 3 rows"},
      {one_view_with("[[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "[[1, 0, 0], [0, 1, 0], [0, 0]]"), "rotation' row"},
      {one_view_with("[[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "[[2, 0, 0], [0, 1, 0], [0, 0, 1]]"),
       "not a rotation"},
      {one_view_with("[[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "[[1, 0.1, 0], [0, 1, 0], [0, 0, 1]]"),
       "not a rotation"},
      {one_view_with("[[1, 0, 0], [0, 1, 0], [0, 0, 1]]", "[[1, 0, 0], [0, 1, 0], [0, 0, -1]]"), "mirrors"},
      {one_view_with("\"fx\": 5", "\"fx\": -5"), "positive 'fx'"},
      {one_view_with("\"fy\": 5", "\"fy\": 0"), "positive 'fy'"},
      {one_view_with(", \"fy\": 5", ""), "positive 'fy'"},
  };
  for (const Case& c : cases) {
    const std::string what = error_of(c.text);
    EXPECT_NE(what.find(c.fragment), std::string::npos) << "input: " << c.text << "\nwhat: " << what;
  }
}

TEST(BadTrainingCameras, TooManyViewsAreRefusedBeforeBeingChecked) {
  std::string text = "[";
  for (int i = 0; i <= 100000; ++i) text += i ? ",0" : "0";
  text += "]";
  EXPECT_NE(error_of(text).find("over the limit"), std::string::npos);
}

TEST(BadTrainingCameras, DeepNestingIsAnErrorNotACrash) {
  const std::string text = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(error_of(text).empty());
}

}  // namespace
}  // namespace splatview
