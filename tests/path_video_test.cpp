// Camera paths end to end (issue 14): --path with --video and --screenshot --at, through the
// splatview program; a nerfstudio camera written by hand renders as the equivalent --eye/--target.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <stb_image.h>

#include "tests/support/run_program.h"
#include "tests/support/test_paths.h"

namespace splatview::test {
namespace {

namespace fs = std::filesystem;

ProgramResult splatview(const std::vector<std::string>& args) {
  return run_program(built_program("splatview").string(), args);
}

void write_text(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

std::vector<unsigned char> read_rgb(const fs::path& png, int& width, int& height) {
  int channels = 0;
  unsigned char* data = stbi_load(png.string().c_str(), &width, &height, &channels, 3);
  std::vector<unsigned char> pixels;
  if (data) pixels.assign(data, data + static_cast<std::size_t>(width) * height * 3);
  stbi_image_free(data);
  return pixels;
}

void expect_one_line_error(const ProgramResult& r, const std::string& expected) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
}

const std::string kScene = shared_scene("playbot-31k-sh1.ply").string();

// Two keyframes about the robot, 2 seconds at 10 fps.
const char* kPath = R"({"keyframes": [
  {"position": [0, -0.4, -3], "target": [0, -0.4, 0]},
  {"position": [3, -0.8, 0], "target": [0, -0.4, 0], "fovy_degrees": 40}],
  "seconds": 2, "fps": 10})";

// ffprobe's codec,width,height,rate,frames of a video.
std::string probe(const fs::path& video) {
  const ProgramResult r = run_program("/usr/bin/ffprobe", {"-v", "error", "-select_streams", "v:0", "-count_frames",
                                                           "-show_entries", "stream=codec_name,width,height,r_frame_rate,nb_read_frames",
                                                           "-of", "csv=p=0", video.string()});
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

TEST(PathVideo, APathBecomesAVideoOfTheFilesLengthAndRate) {
  const auto dir = fresh_temp_dir("path-video");
  write_text(dir / "path.json", kPath);
  const ProgramResult r =
      splatview({kScene, "--path", (dir / "path.json").string(), "--video", (dir / "fly.mp4").string(), "--size", "96x54", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // An open path puts its first frame on the first keyframe and its last on the end: 2 s x 10 + 1.
  EXPECT_EQ(probe(dir / "fly.mp4"), "h264,96,54,10/1,21");
  const ProgramResult longer = splatview({kScene, "--path", (dir / "path.json").string(), "--video",
                                          (dir / "fly.gif").string(), "--size", "64x36", "--seconds", "3", "--fps", "5", "-q"});
  ASSERT_EQ(longer.exit_code, 0) << longer.err;
  EXPECT_EQ(probe(dir / "fly.gif"), "gif,64,36,5/1,16");
}

TEST(PathVideo, TheScreenshotAtAKeyframesTimeIsThatKeyframesView) {
  const auto dir = fresh_temp_dir("path-at");
  write_text(dir / "path.json", kPath);
  ASSERT_EQ(splatview({kScene, "--path", (dir / "path.json").string(), "--screenshot", (dir / "end.png").string(),
                       "--at", "2", "--size", "96x54"})
                .exit_code,
            0);
  ASSERT_EQ(splatview({kScene, "--eye", "3,-0.8,0", "--target", "0,-0.4,0", "--fovy", "40", "--screenshot",
                       (dir / "eye.png").string(), "--size", "96x54"})
                .exit_code,
            0);
  int w0 = 0, h0 = 0, w1 = 0, h1 = 0;
  const auto a = read_rgb(dir / "end.png", w0, h0), b = read_rgb(dir / "eye.png", w1, h1);
  ASSERT_EQ(a.size(), b.size());
  int worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(int(a[i]) - int(b[i])));
  EXPECT_LE(worst, 2);  // the same camera, up to float rounding through the path's quaternion
}

// nerfstudio's camera_to_world is OpenGL's camera (x right, y up, z back): looking along +z from
// (0, -0.4, -3) with -y up is R = diag(1, -1, -1) there.
TEST(PathVideo, ANerfstudioCameraRendersAsTheEquivalentEyeAndTarget) {
  const auto dir = fresh_temp_dir("path-nerfstudio");
  const std::string frame = R"({"camera_to_world": [1,0,0,0, 0,-1,0,-0.4, 0,0,-1,-3, 0,0,0,1], "fov": 50, "aspect": 1.7778})";
  write_text(dir / "camera_path.json", R"({"camera_type": "perspective", "render_width": 96, "render_height": 54,
    "fps": 10, "seconds": 1, "camera_path": [)" + frame + "," + frame + "]}");
  const ProgramResult ns = splatview({kScene, "--path", (dir / "camera_path.json").string(), "--screenshot",
                                      (dir / "ns.png").string(), "--at", "0.5"});
  ASSERT_EQ(ns.exit_code, 0) << ns.err;
  ASSERT_EQ(splatview({kScene, "--eye", "0,-0.4,-3", "--target", "0,-0.4,0", "--up", "-y", "--fovy", "50",
                       "--screenshot", (dir / "eye.png").string(), "--size", "96x54"})
                .exit_code,
            0);
  int w0 = 0, h0 = 0, w1 = 0, h1 = 0;
  const auto a = read_rgb(dir / "ns.png", w0, h0), b = read_rgb(dir / "eye.png", w1, h1);
  EXPECT_EQ(w0, 96);  // the file's render size
  ASSERT_EQ(a.size(), b.size());
  int worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(int(a[i]) - int(b[i])));
  EXPECT_LE(worst, 2);
}

TEST(PathVideo, BadPathsAndOptionsAreExit2WithOneLine) {
  const auto dir = fresh_temp_dir("path-bad");
  const std::string out = (dir / "o.mp4").string();
  write_text(dir / "not.json", "{ keyframes: ");
  expect_one_line_error(splatview({kScene, "--path", (dir / "not.json").string(), "--video", out}), "not.json");
  write_text(dir / "one.json", R"({"keyframes": [{"position": [0, 0, -3], "target": [0, 0, 0]}]})");
  expect_one_line_error(splatview({kScene, "--path", (dir / "one.json").string(), "--video", out}), "two keyframes");
  write_text(dir / "fov.json", R"({"keyframes": [{"position": [0, 0, -3], "target": [0, 0, 0]},
    {"position": [1, 0, -3], "target": [0, 0, 0], "fovy_degrees": 180}]})");
  expect_one_line_error(splatview({kScene, "--path", (dir / "fov.json").string(), "--video", out}), "keyframe 1");
  expect_one_line_error(splatview({kScene, "--video", out}), "--path");
  expect_one_line_error(splatview({kScene, "--screenshot", (dir / "s.png").string(), "--at", "1"}), "--at");
  expect_one_line_error(splatview({kScene, "--screenshot", (dir / "s.png").string(), "--frames", "3"}), "--frames");
  expect_one_line_error(splatview({kScene, "--path", (dir / "missing.json").string(), "--video", out}), "missing.json");
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace splatview::test
