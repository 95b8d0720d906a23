// The window's list of training views: found beside the scene as --camera finds it, stepped
// through with PageUp/PageDown, and a bad cameras.json reported, not fatal.
#include "app/window/training_camera_list.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/test_paths.h"

namespace splatview {
namespace {

namespace fs = std::filesystem;

std::string views_json(int count) {
  std::string text = "[";
  for (int i = 0; i < count; ++i) {
    if (i) text += ",";
    text += R"({"id": )" + std::to_string(10 + i) + R"(, "img_name": "IMG_)" + std::to_string(i) +
            R"(.JPG", "width": 800, "height": 600, "position": [0, 0, )" + std::to_string(-4 - i) +
            R"(], "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fx": 500, "fy": 500})";
  }
  return text + "]";
}

TrainingCameraList list_of(int count) {
  const fs::path dir = test::fresh_temp_dir("training-camera-list-" + std::to_string(count));
  std::ofstream(dir / "cameras.json") << views_json(count);
  TrainingCameraList list;
  EXPECT_FALSE(list.load_for(dir / "scene.ply").has_value());
  return list;
}

TEST(TrainingCameraList, ReadsTheCamerasJsonBesideTheScene) {
  const TrainingCameraList list = list_of(3);
  ASSERT_EQ(list.cameras().size(), 3u);
  EXPECT_EQ(list.file().filename(), "cameras.json");
  EXPECT_EQ(TrainingCameraList::label(list.cameras()[2]), "12  IMG_2.JPG");
  EXPECT_EQ(list.selected(), -1);
}

TEST(TrainingCameraList, StepsForwardAndBackRoundTheEnds) {
  TrainingCameraList list = list_of(3);
  EXPECT_EQ(list.step(+1), 0);  // PageDown first: the first view
  EXPECT_EQ(list.step(+1), 1);
  EXPECT_EQ(list.step(+1), 2);
  EXPECT_EQ(list.step(+1), 0);  // past the last: round to the first
  EXPECT_EQ(list.step(-1), 2);  // before the first: the last
  list.select(1);
  EXPECT_EQ(list.step(-1), 0);
  list.select(7);  // out of range: none selected
  EXPECT_EQ(list.selected(), -1);
  EXPECT_EQ(list.step(-1), 2);  // PageUp first: the last view
}

TEST(TrainingCameraList, OneViewAndNoViewStepSafely) {
  TrainingCameraList one = list_of(1);
  EXPECT_EQ(one.step(+1), 0);
  EXPECT_EQ(one.step(+1), 0);
  EXPECT_EQ(one.step(-1), 0);
  TrainingCameraList none;
  EXPECT_FALSE(none.load_for(test::fresh_temp_dir("training-camera-list-none") / "scene.ply").has_value());
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.step(+1), -1);
  EXPECT_EQ(none.step(-1), -1);
}

TEST(TrainingCameraList, ABadCamerasJsonIsAnErrorNamingItAndAnEmptyList) {
  const fs::path dir = test::fresh_temp_dir("training-camera-list-bad");
  std::ofstream(dir / "cameras.json") << R"([{"id": 0}])";
  TrainingCameraList list = list_of(2);
  const auto error = list.load_for(dir / "scene.ply");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message().find("cameras.json"), std::string::npos) << error->message();
  EXPECT_TRUE(list.empty());  // the previous scene's views are gone too
  EXPECT_EQ(list.selected(), -1);
}

}  // namespace
}  // namespace splatview
