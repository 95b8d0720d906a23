// "Copy as command line": the command printed for the view on screen, read back by the real
// command-line parser, gives the same camera and look.
#include "app/window/view_command_line.h"

#include <gtest/gtest.h>

#include "app/cli.h"
#include "app/view_setup.h"

namespace splatview {
namespace {

// What a POSIX shell makes of a line of plain words, single-quoted parts and backslash escapes
// (all the writer uses).
std::vector<std::string> shell_words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false, quoted = false, escaped = false;
  for (char c : line) {
    if (escaped) {
      word += c;
      escaped = false;
    } else if (quoted) {
      if (c == '\'') quoted = false;
      else word += c;
    } else if (c == '\'') {
      quoted = in_word = true;
    } else if (c == '\\') {
      escaped = in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

CommandLineView odd_view() {
  CommandLineView view;
  view.scene = "/home/me/my scans/it's here.ply";
  view.camera.eye = {0.1f, -1.0f / 3.0f, -3.14159274f};
  view.camera.target = {1e-5f, 2.5f, 1234.5678f};
  view.camera.up = {0.0f, -0.70710677f, 0.70710677f};
  view.camera.fovy_degrees = 47.123456f;
  view.camera.width = 3840;
  view.camera.height = 2160;
  return view;
}

Camera parsed_camera(const std::vector<std::string>& words, CliOptions* out = nullptr) {
  EXPECT_EQ(words.at(0), "splatview");
  auto options = parse_command_line(std::vector<std::string>(words.begin() + 1, words.end()));
  EXPECT_TRUE(options.ok()) << (options.ok() ? "" : options.error().message());
  if (!options.ok()) return {};
  if (out) *out = options.value();
  SceneFraming framing;  // unused: --eye and --target are both given
  auto camera = camera_from_options(options.value(), framing, "scene");
  EXPECT_TRUE(camera.ok());
  return camera.ok() ? camera.value() : Camera{};
}

TEST(ViewCommandLine, TheRealParserGivesBackTheSameCamera) {
  const CommandLineView view = odd_view();
  const std::vector<std::string> words = shell_words(view_command_line(view));
  EXPECT_EQ(words, view_command_words(view));  // the quoting survives the shell
  CliOptions options;
  const Camera camera = parsed_camera(words, &options);
  EXPECT_EQ(options.scene, view.scene);
  // Exactly the same floats: each number is printed as the shortest text that reads back as it.
  EXPECT_EQ(camera.eye, view.camera.eye);
  EXPECT_EQ(camera.target, view.camera.target);
  EXPECT_NEAR(camera.up.y, view.camera.up.y, 1e-7f);  // --up is normalised again
  EXPECT_NEAR(camera.up.z, view.camera.up.z, 1e-7f);
  EXPECT_EQ(camera.fovy_degrees, view.camera.fovy_degrees);
  EXPECT_EQ(camera.width, 3840);
  EXPECT_EQ(camera.height, 2160);
  ASSERT_TRUE(options.screenshot.has_value());
  EXPECT_EQ(*options.screenshot, "view.png");
}

TEST(ViewCommandLine, CarriesTheLookOnlyWhereItDiffersFromTheDefaults) {
  CommandLineView view = odd_view();
  view.scene = "scene.ply";
  EXPECT_EQ(view_command_line(view),
            "splatview scene.ply --eye 0.1,-0.33333334,-3.1415927 --target 1e-05,2.5,1234.5677 --up "
            "0,-0.70710677,0.70710677 --fovy 47.123455 --size 3840x2160 --screenshot view.png");
  view.settings.background[0] = 1.0f;
  view.settings.background[1] = 0.5f;
  view.settings.max_sh_degree = 1;
  view.scene_sh_degree = 3;
  view.settings.scale_modifier = 0.75f;
  view.settings.render_mode = RenderMode::kMip;
  CliOptions options;
  parsed_camera(view_command_words(view), &options);
  EXPECT_EQ(options.background, glm::vec3(1.0f, 0.5f, 0.0f));
  EXPECT_FALSE(options.transparent);
  EXPECT_EQ(options.sh_degree, 1);
  EXPECT_EQ(options.scale_modifier, 0.75f);
  EXPECT_EQ(options.render_mode, RenderMode::kMip);
  view.transparent = true;
  parsed_camera(view_command_words(view), &options);
  EXPECT_TRUE(options.transparent);
}

TEST(ViewCommandLine, NumbersAsPeopleWriteThem) {
  EXPECT_EQ(float_text(0.1f), "0.1");
  EXPECT_EQ(float_text(-2.5f), "-2.5");
  EXPECT_EQ(float_text(50.0f), "50");
  EXPECT_EQ(float_text(-0.0f), "0");
  EXPECT_EQ(float_text(1e-5f), "1e-05");
}

TEST(ViewCommandLine, QuotesOnlyWhatAShellWouldSplitOrExpand) {
  EXPECT_EQ(shell_quoted("scene.ply"), "scene.ply");
  EXPECT_EQ(shell_quoted("/a/b-c_d,1:2+3=4@5%6"), "/a/b-c_d,1:2+3=4@5%6");
  EXPECT_EQ(shell_quoted("my scene.ply"), "'my scene.ply'");
  EXPECT_EQ(shell_quoted("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quoted("$HOME*"), "'$HOME*'");
  EXPECT_EQ(shell_quoted(""), "''");
}

}  // namespace
}  // namespace splatview
