// The desktop window, for real: splatview under xvfb-run (Mesa llvmpipe, no GPU) with
// --capture-window, then the captured framebuffer is checked.
#include <gtest/gtest.h>

#include <fstream>

#include <stb_image.h>

#include "tests/support/run_program.h"
#include "tests/support/test_paths.h"

namespace splatview::test {
namespace {

namespace fs = std::filesystem;

struct Capture {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

// Runs the window with a fresh config folder; returns the exit code and fills `capture`.
ProgramResult run_window(const fs::path& dir, const std::vector<std::string>& extra, Capture& capture) {
  std::vector<std::string> args = {"-a", "-s", "-screen 0 1600x900x24", built_program("splatview").string(),
                                   "--capture-window", (dir / "window.png").string(), "--frames-before-capture", "5"};
  args.insert(args.end(), extra.begin(), extra.end());
  const ProgramResult r = run_program("/usr/bin/xvfb-run", args, {"XDG_CONFIG_HOME=" + (dir / "config").string()});
  int channels = 0;
  if (unsigned char* data = stbi_load((dir / "window.png").string().c_str(), &capture.width, &capture.height, &channels, 3)) {
    capture.rgb.assign(data, data + static_cast<std::size_t>(capture.width) * capture.height * 3);
    stbi_image_free(data);
  }
  return r;
}

bool have_xvfb() { return fs::exists("/usr/bin/xvfb-run"); }

TEST(Window, ShowsTheSceneBesideThePanels) {
  if (!have_xvfb()) GTEST_SKIP() << "xvfb-run is not installed (scripts/setup installs it)";
  const auto dir = fresh_temp_dir("window");
  Capture capture;
  const ProgramResult r = run_window(dir, {}, capture);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(capture.width, 1600);
  ASSERT_EQ(capture.height, 900);

  // The robot's orange body is in the scene part of the window (right of the profile panel).
  int orange = 0;
  for (int y = 0; y < capture.height; ++y)
    for (int x = capture.width / 2; x < capture.width; ++x) {
      const unsigned char* p = capture.at(x, y);
      orange += p[0] > 150 && p[0] > p[2] + 80 && p[1] > 60;
    }
  EXPECT_GT(orange, 500);

  // The profile panel is drawn on the left: its region is not the black background (panel
  // background, text, the initials avatar).
  int panel_lit = 0;
  for (int y = 0; y < capture.height; ++y)
    for (int x = 0; x < 400; ++x) panel_lit += capture.at(x, y)[0] + capture.at(x, y)[1] + capture.at(x, y)[2] > 30;
  EXPECT_GT(panel_lit, 400 * capture.height * 9 / 10);

  // The stats overlay is drawn: its top-right region is not the black background.
  int lit = 0;
  for (int y = 10; y < 120; ++y)
    for (int x = capture.width - 250; x < capture.width - 20; ++x) lit += capture.at(x, y)[0] > 40;
  EXPECT_GT(lit, 1000);
}

TEST(Window, RemembersItsSizeAndNothingElse) {
  if (!have_xvfb()) GTEST_SKIP() << "xvfb-run is not installed (scripts/setup installs it)";
  const auto dir = fresh_temp_dir("window-layout");
  fs::create_directories(dir / "config" / "splatview");
  {
    std::ofstream ini(dir / "config" / "splatview" / "window.ini");
    ini << "width=1000\nheight=700\npanel_on_left=1\npanel_width=300\npanel_visible=1\n";
  }
  Capture capture;
  const ProgramResult r = run_window(dir, {}, capture);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(capture.width, 1000);
  EXPECT_EQ(capture.height, 700);
  std::ifstream ini(dir / "config" / "splatview" / "window.ini");
  const std::string saved((std::istreambuf_iterator<char>(ini)), std::istreambuf_iterator<char>());
  EXPECT_NE(saved.find("width=1000"), std::string::npos) << saved;
  EXPECT_EQ(saved.find("scene"), std::string::npos) << "only size and layout are kept";
}

TEST(Window, SizeSetsTheFirstWindowAsMuchAsTheScreenHolds) {
  if (!have_xvfb()) GTEST_SKIP() << "xvfb-run is not installed (scripts/setup installs it)";
  const auto dir = fresh_temp_dir("window-size");
  Capture capture;
  ProgramResult r = run_window(dir, {"--size", "800x500"}, capture);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(capture.width, 800);
  EXPECT_EQ(capture.height, 500);
  EXPECT_EQ(r.err.find("--size"), std::string::npos) << r.err;

  r = run_window(dir, {"--size", "2400x600"}, capture);  // the screen is 1600x900
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(capture.width, 1600);
  EXPECT_EQ(capture.height, 600);
  EXPECT_NE(r.err.find("note: --size 2400x600 is more than the screen holds; the window opens at 1600x600"),
            std::string::npos)
      << r.err;
}

TEST(Window, NoDisplayIsAClearErrorNotACrash) {
  const ProgramResult r = run_program(built_program("splatview").string(), {}, {"DISPLAY=", "WAYLAND_DISPLAY="});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("--screenshot"), std::string::npos) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
}

}  // namespace
}  // namespace splatview::test
