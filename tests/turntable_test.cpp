// The turntable export, end to end through the splatview program and checked with ffprobe.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <thread>

#include <stb_image.h>

#include "app/turntable_job.h"
#include "app/window/background_tasks.h"
#include "tests/support/run_program.h"
#include "tests/support/test_scenes.h"
#include "tests/support/test_paths.h"

namespace splatview::test {
namespace {

namespace fs = std::filesystem;

ProgramResult splatview(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                        double interrupt_after_s = 0) {
  return run_program(built_program("splatview").string(), args, env, interrupt_after_s);
}

// ffprobe's view of the first video stream: codec,width,height,rate,frames,pix_fmt.
std::string probe(const fs::path& video) {
  const ProgramResult r = run_program("/usr/bin/ffprobe",
                                      {"-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
                                       "stream=codec_name,width,height,r_frame_rate,nb_read_frames,pix_fmt", "-of",
                                       "csv=p=0", video.string()});
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// Files in `dir` whose name says they are a leftover temporary.
int leftovers(const fs::path& dir) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    count += entry.path().filename().string().find(".partial") != std::string::npos;
  return count;
}

void expect_one_line_error(const ProgramResult& r, const std::string& expected) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
}

const std::vector<std::string> kShort = {"--frames", "12", "--size", "160x90", "--quiet"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(Turntable, Mp4IsH264Yuv420pWithTheRightSizeCountAndRate) {
  const auto dir = fresh_temp_dir("tt-mp4");
  const ProgramResult r = splatview(with({"--turntable", (dir / "orbit.mp4").string()}, kShort));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(probe(dir / "orbit.mp4"), "h264,160,90,yuv420p,30/1,12");
  EXPECT_EQ(leftovers(dir), 0);
}

TEST(Turntable, GifLoopsWithTheRightSizeAndCount) {
  const auto dir = fresh_temp_dir("tt-gif");
  const ProgramResult r = splatview(with({"--turntable", (dir / "orbit.gif").string(), "--fps", "25"}, kShort));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // GIF stores delays in 1/100 s, so 25 fps is exact.
  EXPECT_EQ(probe(dir / "orbit.gif").substr(0, 22), "gif,160,90,bgra,25/1,1");
  EXPECT_NE(probe(dir / "orbit.gif").find(",12"), std::string::npos);
  // The NETSCAPE2.0 application extension makes it loop.
  std::ifstream in(dir / "orbit.gif", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find("NETSCAPE2.0"), std::string::npos);
}

TEST(Turntable, OddSizesAreRoundedUpToEvenForH264AndSaid) {
  const auto dir = fresh_temp_dir("tt-odd");
  const ProgramResult r =
      splatview({"--turntable", (dir / "odd.mp4").string(), "--frames", "4", "--size", "161x91"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("162x92"), std::string::npos) << r.err;
  EXPECT_EQ(probe(dir / "odd.mp4"), "h264,162,92,yuv420p,30/1,4");

  const ProgramResult quiet =
      splatview({"--turntable", (dir / "quiet.mp4").string(), "--frames", "4", "--size", "161x91", "-q"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("162x92"), std::string::npos) << "-q hides the note: " << quiet.err;
}

TEST(Turntable, PngFolderFrameZeroEqualsTheScreenshot) {
  const auto dir = fresh_temp_dir("tt-png");
  const ProgramResult r = splatview(with({"--turntable", (dir / "frames").string()}, kShort));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (int k = 0; k < 12; ++k) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%04d.png", k);
    EXPECT_TRUE(fs::exists(dir / "frames" / name)) << name;
  }
  EXPECT_FALSE(fs::exists(dir / "frames" / "frame_0012.png"));  // seamless: frame N would be frame 0
  const ProgramResult shot =
      splatview({"--screenshot", (dir / "shot.png").string(), "--size", "160x90", "--azimuth", "0"});
  ASSERT_EQ(shot.exit_code, 0) << shot.err;

  int w0, h0, c0, w1, h1, c1;
  unsigned char* frame = stbi_load((dir / "frames" / "frame_0000.png").string().c_str(), &w0, &h0, &c0, 0);
  unsigned char* screenshot = stbi_load((dir / "shot.png").string().c_str(), &w1, &h1, &c1, 0);
  ASSERT_TRUE(frame && screenshot);
  ASSERT_EQ(w0, w1);
  ASSERT_EQ(h0, h1);
  ASSERT_EQ(c0, c1);
  EXPECT_EQ(0, std::memcmp(frame, screenshot, static_cast<std::size_t>(w0) * h0 * c0));
  stbi_image_free(frame);
  stbi_image_free(screenshot);
  EXPECT_EQ(leftovers(dir), 0);
}

TEST(Turntable, TransparentFramesAreRgba) {
  const auto dir = fresh_temp_dir("tt-alpha");
  ASSERT_EQ(splatview(with({"--turntable", (dir / "f").string(), "--background", "transparent"}, kShort)).exit_code, 0);
  int w, h, c;
  unsigned char* frame = stbi_load((dir / "f" / "frame_0003.png").string().c_str(), &w, &h, &c, 0);
  ASSERT_TRUE(frame);
  EXPECT_EQ(c, 4);
  EXPECT_EQ(frame[3], 0);  // the corner is empty
  stbi_image_free(frame);
}

TEST(Turntable, AnglesMakeASeamlessLoopInEitherDirection) {
  TurntableRequest request;
  request.frames = 8;
  request.turns = 2;
  EXPECT_FLOAT_EQ(turntable_angle(request, 0), 0.0f);
  EXPECT_FLOAT_EQ(turntable_angle(request, 1), 90.0f);   // 2 turns over 8 frames
  EXPECT_FLOAT_EQ(turntable_angle(request, 8), 720.0f);  // would equal frame 0
  request.clockwise = true;
  EXPECT_FLOAT_EQ(turntable_angle(request, 1), -90.0f);

  // A full turn brings the camera back; a quarter counterclockwise about +z takes +x to +y.
  Camera camera;
  camera.target = {0, 0, 0};
  camera.eye = {2, 0, 1};
  camera.up = {0, 0, 1};
  const Camera quarter = rotate_about_up(camera, 90.0f);
  EXPECT_NEAR(quarter.eye.x, 0.0f, 1e-5f);
  EXPECT_NEAR(quarter.eye.y, 2.0f, 1e-5f);
  EXPECT_NEAR(quarter.eye.z, 1.0f, 1e-5f);
  const Camera full = rotate_about_up(camera, 360.0f);
  EXPECT_NEAR(full.eye.x, 2.0f, 1e-5f);
  EXPECT_NEAR(full.eye.y, 0.0f, 1e-5f);
}

// A renderer whose frames fail from the `fails_from`-th on, as a GPU out of memory would.
class FailingRenderer final : public Renderer {
 public:
  explicit FailingRenderer(int fails_from) : fails_from_(fails_from) {}
  std::string name() const override { return "stub"; }
  std::string device_description() const override { return "a stub"; }
  void render(const GaussianScene&, const Camera& camera, const RenderSettings& settings, Image& out,
              FrameStats& stats) override {
    out.resize(camera.width, camera.height);
    std::fill(out.rgb.begin(), out.rgb.end(), settings.background[0]);
    stats = {};
    failure_ = ++frames_ >= fails_from_ ? "out of memory" : "";
  }
  std::string last_failure() const override { return failure_; }

 private:
  int fails_from_, frames_ = 0;
  std::string failure_;
};

TEST(Turntable, AFrameThatFailsToRenderStopsTheExportAndLeavesNothing) {
  for (const char* name : {"spin.mp4", "frames"}) {
    const fs::path output = fresh_temp_dir("turntable-render-fails") / name;
    TurntableRequest request;
    request.output = output;
    request.start.width = 64;
    request.start.height = 48;
    request.frames = 10;
    FailingRenderer renderer(4);
    std::atomic<bool> cancel{false};
    const VideoOutcome outcome = run_turntable(GaussianScene{}, renderer, request, {}, cancel);
    EXPECT_EQ(outcome.status, VideoOutcome::Status::kFailed) << name;
    EXPECT_TRUE(outcome.failed_at_run_time) << name;
    EXPECT_EQ(outcome.error.message(), "rendering failed on the stub backend: out of memory (try the CPU backend: --backend cpu)");
    EXPECT_EQ(outcome.totals.done, 3) << name;
    EXPECT_FALSE(fs::exists(output)) << name << ": a partial export was left behind";
  }
}

TEST(Turntable, BadRequestsAreExit2WithOneLineAndLeaveNothing) {
  const auto dir = fresh_temp_dir("tt-bad");
  expect_one_line_error(splatview(with({"--turntable", "/nonexistent-dir/orbit.mp4"}, kShort)), "/nonexistent-dir");
  expect_one_line_error(splatview(with({"--turntable", (dir / "orbit.avi").string()}, kShort)), ".avi");
  expect_one_line_error(splatview({"--turntable", (dir / "o.mp4").string(), "--frames", "0"}), "--frames");
  expect_one_line_error(splatview({"--turntable", (dir / "o.mp4").string(), "--size", "100000x100000"}), "--size");
  expect_one_line_error(splatview(with({"--turntable", (dir / "o.mp4").string(), "--background", "transparent"}, kShort)),
                        "transparent");
  expect_one_line_error(splatview(with({"--turntable", (dir / "o.mp4").string()}, kShort), {"PATH=/nonexistent"}),
                        "apt install ffmpeg");
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(Turntable, CtrlCStopsAndLeavesNoPartialFile) {
  const auto dir = fresh_temp_dir("tt-sigint");
  const ProgramResult r = splatview(
      {"--turntable", (dir / "long.mp4").string(), "--frames", "5000", "--size", "320x180", "--quiet"}, {}, 1.5);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(dir));
}

// Issue 17: a window export dropped mid-way (the window closed, or SIGTERM, which the window turns
// into a normal close) cancels, joins and leaves no partial file behind.
TEST(Turntable, AWindowExportDestroyedMidwayLeavesNothing) {
  const auto dir = fresh_temp_dir("tt-window-task");
  auto scene = std::make_shared<const GaussianScene>(cached_shared_scene("playbot-31k-sh1.ply"));
  TurntableRequest request;
  request.output = dir / "spin.mp4";
  request.start = playbot_front(320, 180);
  request.frames = 5000;
  auto task = start_turntable_task(scene, request, Backend::kCpu, 1);
  while (task->done < 20) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(task->running());
  task.reset();
  EXPECT_TRUE(fs::is_empty(dir));
}

}  // namespace
}  // namespace splatview::test
