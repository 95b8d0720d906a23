// End to end: no export ever loses a user's file (issue 16's findings). Every writer goes to a
// temporary beside the target and renames it into place only when complete; an output that is an
// input, or an existing file without --force, is refused; extreme inputs get errors that name them.
#include <gtest/gtest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/image.h"
#include "tests/support/run_program.h"
#include "tests/support/test_paths.h"

namespace splatview::test {
namespace {

namespace fs = std::filesystem;

ProgramResult splatview(const std::vector<std::string>& args, double interrupt_after_s = 0,
                        int interrupt_signal = SIGINT) {
  return run_program(built_program("splatview").string(), args, {}, interrupt_after_s, interrupt_signal);
}

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

// Files in `dir` whose name says they are a leftover temporary.
int leftovers(const fs::path& dir) {
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    count += entry.path().filename().string().find(".partial") != std::string::npos;
  return count;
}

void expect_one_line(const ProgramResult& r, int exit_code, const std::string& expected) {
  EXPECT_EQ(r.exit_code, exit_code) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << "stderr: " << r.err;
}

// A 3DGS PLY (ASCII) with Gaussians at the given x positions, other values plain.
std::string ascii_ply(const std::vector<std::string>& xs) {
  std::string ply = "ply\nformat ascii 1.0\nelement vertex " + std::to_string(xs.size()) + "\n";
  for (const char* p : {"x", "y", "z", "f_dc_0", "f_dc_1", "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2",
                        "rot_0", "rot_1", "rot_2", "rot_3"})
    ply += std::string("property float ") + p + "\n";
  ply += "end_header\n";
  for (const std::string& x : xs) ply += x + " 0 0 1 1 1 5 -2 -2 -2 1 0 0 0\n";
  return ply;
}

const std::string kScene = shared_scene("playbot-31k-sh1.ply").string();

// ---- 3. An output that is an input ----------------------------------------------------------------

TEST(FileSafety, AnOutputThatIsTheSceneIsRefusedAndTheSceneKept) {
  const auto dir = fresh_temp_dir("safety-input");
  const std::string original = ascii_ply({"0", "0.1"});
  // The scene's format comes from its content, so a PLY may be named like an output.
  for (const char* name : {"s.png", "s.gif", "s.ply"}) write_text(dir / name, original);
  fs::create_symlink(dir / "s.ply", dir / "link.ply");
  fs::create_hard_link(dir / "s.ply", dir / "hard.ply");
  const std::string ply = (dir / "s.ply").string();
  const struct {
    std::string scene;
    std::vector<std::string> export_args;
  } cases[] = {
      {(dir / "s.png").string(), {"--screenshot", (dir / "s.png").string()}},
      {(dir / "s.gif").string(), {"--turntable", (dir / "s.gif").string(), "--frames", "2"}},
      {ply, {"--convert", ply}},
      {ply, {"--convert", (dir / "link.ply").string()}},  // through a symbolic link
      {ply, {"--convert", (dir / "hard.ply").string()}},  // another name of the same inode
      {(dir / "link.ply").string(), {"--convert", ply}},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {c.scene, "--size", "32x18", "--quiet", "--force"};
    args.insert(args.end(), c.export_args.begin(), c.export_args.end());
    expect_one_line(splatview(args), 2, "never writes over its input");
  }
  for (const char* name : {"s.png", "s.gif", "s.ply"}) EXPECT_EQ(contents(dir / name), original) << name;
  EXPECT_EQ(leftovers(dir), 0);
}

TEST(FileSafety, AnOutputThatIsTheProfileOrItsPhotoIsRefused) {
  const auto dir = fresh_temp_dir("safety-profile");
  // A real PNG: a photo that is not an image is dropped with a warning (profile_loader_test).
  ASSERT_FALSE(write_png(dir / "me.png", Image8{2, 2, 3, std::vector<std::uint8_t>(12, 90)}).has_value());
  const std::string photo = contents(dir / "me.png");
  const std::string profile = "name = \"Ada Example\"\nphoto = \"me.png\"\n";
  write_text(dir / "me.toml", profile);
  const std::string toml = (dir / "me.toml").string();
  expect_one_line(splatview({kScene, "--profile", toml, "--screenshot", (dir / "me.png").string(), "--force",
                             "--size", "32x18"}),
                  2, "never writes over its input");
  EXPECT_EQ(contents(dir / "me.png"), photo);
  fs::create_symlink(dir / "me.toml", dir / "me-link.png");
  expect_one_line(splatview({kScene, "--profile", toml, "--screenshot", (dir / "me-link.png").string(), "--force",
                             "--size", "32x18"}),
                  2, "never writes over its input");
  EXPECT_EQ(contents(dir / "me.toml"), profile);
}

// ---- Issue 17: an existing file is replaced only when asked -----------------------------------------

TEST(FileSafety, AnExistingOutputNeedsForce) {
  const auto dir = fresh_temp_dir("safety-force");
  const fs::path shot = dir / "shot.png", video = dir / "spin.gif", ply = dir / "out.ply", frames = dir / "frames";
  for (const fs::path& p : {shot, video, ply}) write_text(p, "old");
  fs::create_directory(frames);
  write_text(frames / "frame_0000.png", "old");
  write_text(frames / "notes.txt", "mine");
  const std::vector<std::vector<std::string>> exports = {
      {"--screenshot", shot.string()},
      {"--turntable", video.string(), "--frames", "2"},
      {"--turntable", frames.string(), "--frames", "2"},
      {"--convert", ply.string()},
  };
  for (const auto& e : exports) {
    std::vector<std::string> args = {kScene, "--size", "32x18", "--quiet"};
    args.insert(args.end(), e.begin(), e.end());
    expect_one_line(splatview(args), 2, "already exists (add --force to replace it)");
  }
  for (const fs::path& p : {shot, video, ply, frames / "frame_0000.png"}) EXPECT_EQ(contents(p), "old") << p;
  for (const auto& e : exports) {
    std::vector<std::string> args = {kScene, "--size", "32x18", "--quiet", "--force"};
    args.insert(args.end(), e.begin(), e.end());
    const ProgramResult r = splatview(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  for (const fs::path& p : {shot, video, ply, frames / "frame_0000.png"}) EXPECT_NE(contents(p), "old") << p;
  EXPECT_TRUE(fs::exists(frames / "frame_0001.png"));
  EXPECT_EQ(contents(frames / "notes.txt"), "mine");  // a frames folder only loses its old frames
  EXPECT_EQ(leftovers(dir), 0);
}

// ---- 1 and 2. A full disk ----------------------------------------------------------------------------

// A tiny tmpfs, mounted for the test's lifetime; needs root (CI runs as root).
class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_temp_dir("safety-full");
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=64k") != 0)
      GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  fs::path dir_;
  bool mounted_ = false;
};

TEST_F(FullDisk, EveryExportFailsWithOneLineAndKeepsTheOldFile) {
  const fs::path frames = dir_ / "frames";
  fs::create_directory(frames);
  const struct {
    fs::path old_file;
    std::vector<std::string> args;
  } cases[] = {
      {dir_ / "shot.png", {"--screenshot", (dir_ / "shot.png").string(), "--size", "1024x1024"}},
      {dir_ / "spin.mp4", {"--turntable", (dir_ / "spin.mp4").string(), "--size", "320x240", "--frames", "30"}},
      {dir_ / "spin.gif", {"--turntable", (dir_ / "spin.gif").string(), "--size", "320x240", "--frames", "30"}},
      {frames / "frame_0000.png", {"--turntable", frames.string(), "--size", "320x240", "--frames", "10"}},
      {dir_ / "scene.ply", {"--convert", (dir_ / "scene.ply").string()}},
  };
  for (const auto& c : cases) write_text(c.old_file, "old");
  for (const auto& c : cases) {
    std::vector<std::string> args = {kScene, "--quiet", "--force"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const ProgramResult r = splatview(args);
    expect_one_line(r, 1, c.args[1]);
    EXPECT_EQ(contents(c.old_file), "old") << c.args[1];
    EXPECT_EQ(leftovers(dir_), 0) << c.args[1];
  }
}

// ---- Signals -----------------------------------------------------------------------------------------

TEST(FileSafety, SigtermStopsAnExportWith143AndLeavesTheOldFile) {
  const auto dir = fresh_temp_dir("safety-sigterm");
  write_text(dir / "long.mp4", "old");
  const ProgramResult r = splatview(
      {kScene, "--turntable", (dir / "long.mp4").string(), "--frames", "5000", "--size", "320x180", "--quiet", "--force"},
      1.5, SIGTERM);
  EXPECT_EQ(r.exit_code, 143) << r.err;
  EXPECT_EQ(contents(dir / "long.mp4"), "old");
  EXPECT_EQ(leftovers(dir), 0);
}

// ---- 4 and 5. Extreme values -------------------------------------------------------------------------

TEST(FileSafety, AScenePushedToFloatsLimitsIsFramedAndRendered) {
  const auto dir = fresh_temp_dir("safety-extreme");
  write_text(dir / "far.ply", ascii_ply({"-3e38", "3e38"}));
  const ProgramResult r =
      splatview({(dir / "far.ply").string(), "--screenshot", (dir / "far.png").string(), "--size", "32x18"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "far.png"));
}

TEST(FileSafety, TrainingCamerasThatCannotBeRenderedNameTheFileAndTheLimit) {
  const auto dir = fresh_temp_dir("safety-cameras");
  fs::copy_file(shared_scene("playbot-3k-sh2-nonormals-altorder.ply"), dir / "scene.ply");
  const auto camera = [](const std::string& name, int side, double focal) {
    return R"({"id": 0, "img_name": ")" + name + R"(", "width": )" + std::to_string(side) + R"(, "height": )" +
           std::to_string(side) + R"(, "position": [0, -0.5, -4], "rotation": [[1,0,0],[0,1,0],[0,0,1]], "fx": )" +
           std::to_string(focal) + R"(, "fy": )" + std::to_string(focal) + "}";
  };
  const std::string scene = (dir / "scene.ply").string(), shot = (dir / "v.png").string();
  write_text(dir / "cameras.json", "[" + camera("huge", 65536, 60000) + "]");
  expect_one_line(splatview({scene, "--camera", "0", "--screenshot", shot}), 2, "8192");
  EXPECT_FALSE(fs::exists(shot));
  // With --size the camera's own size does not matter.
  EXPECT_EQ(splatview({scene, "--camera", "0", "--screenshot", shot, "--size", "40x30"}).exit_code, 0);
  write_text(dir / "cameras.json", R"([{"id": 0, "img_name": "tiny", "width": 64, "height": 64,
    "position": [0, -0.5, -4], "rotation": [[1,0,0],[0,1,0],[0,0,1]], "fx": 1e-300, "fy": 1e-300}])");
  expect_one_line(splatview({scene, "--camera", "0", "--screenshot", shot, "--force"}), 2, "cameras.json");
}

// Issue 17: an image name made of digits is found by name when no id matches.
TEST(FileSafety, DigitsSelectAnIdFirstThenAName) {
  const auto dir = fresh_temp_dir("safety-camera-name");
  fs::copy_file(shared_scene("playbot-3k-sh2-nonormals-altorder.ply"), dir / "scene.ply");
  write_text(dir / "cameras.json", R"([{"id": 0, "img_name": "00002", "width": 40, "height": 30,
    "position": [0, -0.5, -4], "rotation": [[1,0,0],[0,1,0],[0,0,1]], "fx": 30, "fy": 30}])");
  const ProgramResult r =
      splatview({(dir / "scene.ply").string(), "--camera", "00002", "--screenshot", (dir / "v.png").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace splatview::test
