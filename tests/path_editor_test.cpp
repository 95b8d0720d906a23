// The window's Path panel logic (issue 14), driven as the panel drives it: add the current view as
// keyframes, reorder, pin a time, play and scrub; the view shown is the path's camera meanwhile.
#include "app/window/path_editor.h"

#include <gtest/gtest.h>

#include <glm/geometric.hpp>

namespace splatview {
namespace {

Camera view_from(glm::vec3 eye) {
  Camera camera;
  camera.eye = eye;
  camera.target = {0, 0, 0};
  camera.width = 64;
  camera.height = 36;
  return camera;
}

float distance(glm::vec3 a, glm::vec3 b) { return glm::length(a - b); }

TEST(PathEditor, AddReorderAndPlayKeyframes) {
  PathEditor editor;
  editor.add_keyframe(view_from({0, 0, -3}));
  EXPECT_FALSE(editor.sampler().has_value());  // one keyframe is not a path yet
  EXPECT_FALSE(editor.problem().empty());
  editor.add_keyframe(view_from({3, 0, 0}));
  editor.add_keyframe(view_from({0, 0, 3}));
  ASSERT_TRUE(editor.sampler().has_value()) << editor.problem();
  EXPECT_EQ(editor.selected(), 2);

  // Move the last keyframe to the middle: the path now goes (0,0,-3), (0,0,3), (3,0,0).
  editor.move_selected(-1);
  EXPECT_EQ(editor.selected(), 1);
  EXPECT_LT(distance(editor.path().keys[1].position, {0, 0, 3}), 1e-6f);

  // Play: the view follows the path and passes each keyframe at its time.
  editor.play();
  ASSERT_TRUE(editor.previewing());
  const auto& times = editor.sampler()->key_times();
  editor.advance(times[1]);
  const auto camera = editor.preview_camera(64, 36);
  ASSERT_TRUE(camera.has_value());
  EXPECT_LT(distance(camera->eye, {0, 0, 3}), 1e-4f);
  editor.advance(1e3);  // past the end of an open path: stops on its last frame
  EXPECT_FALSE(editor.playing());
  EXPECT_LT(distance(editor.preview_camera(64, 36)->eye, {3, 0, 0}), 1e-4f);

  // Scrub to the start, then leave the preview (as a drag in the view does).
  editor.scrub(0);
  EXPECT_LT(distance(editor.preview_camera(64, 36)->eye, {0, 0, -3}), 1e-4f);
  editor.end_preview();
  EXPECT_FALSE(editor.preview_camera(64, 36).has_value());
}

TEST(PathEditor, PinnedTimesLoopsAndDeletions) {
  PathEditor editor;
  for (glm::vec3 eye : {glm::vec3{0, 0, -3}, glm::vec3{3, 0, 0}, glm::vec3{0, 0, 3}}) editor.add_keyframe(view_from(eye));
  editor.select(1);
  editor.set_selected_time(5.0);
  ASSERT_TRUE(editor.sampler().has_value()) << editor.problem();
  EXPECT_DOUBLE_EQ(editor.sampler()->key_times()[1], 5.0);
  editor.select(2);
  editor.set_selected_time(1.0);  // before keyframe 2's: times would go backwards
  EXPECT_FALSE(editor.sampler().has_value());
  EXPECT_NE(editor.problem().find("keyframe"), std::string::npos) << editor.problem();
  editor.set_selected_time(std::nullopt);
  ASSERT_TRUE(editor.sampler().has_value()) << editor.problem();

  editor.set_loop(true);
  editor.play();
  editor.advance(editor.sampler()->duration() + 0.5);  // a loop wraps round
  EXPECT_TRUE(editor.playing());
  EXPECT_NEAR(editor.playhead(), 0.5, 1e-9);

  editor.remove_selected();
  editor.remove_selected();
  EXPECT_EQ(editor.path().keys.size(), 1u);
  EXPECT_FALSE(editor.sampler().has_value());
  EXPECT_FALSE(editor.previewing());
}

}  // namespace
}  // namespace splatview
