// End to end: the splatview program as a user runs it from a terminal.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>

#include <stb_image.h>

#include "core/formats/ply_writer.h"
#include "core/ply_reader.h"
#include "cuda/cuda_device.h"
#include "tests/support/run_program.h"
#include "tests/support/test_paths.h"

namespace splatview::test {
namespace {

namespace fs = std::filesystem;

ProgramResult splatview(const std::vector<std::string>& args) {
  return run_program(built_program("splatview").string(), args);
}

struct Png {
  int width = 0, height = 0, channels = 0;
  std::vector<unsigned char> pixels;
};

Png read_png(const std::filesystem::path& path) {
  Png png;
  unsigned char* data = stbi_load(path.string().c_str(), &png.width, &png.height, &png.channels, 0);
  if (data) {
    png.pixels.assign(data, data + static_cast<std::size_t>(png.width) * png.height * png.channels);
    stbi_image_free(data);
  }
  return png;
}

// Bad input gets exit 2 and exactly one line on stderr that contains `expected`.
void expect_one_line_error(const ProgramResult& r, const std::string& expected) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << "stderr: " << r.err;
}

TEST(Cli, HelpListsEveryOptionAndExamples) {
  const ProgramResult r = splatview({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--screenshot", "--size", "--backend", "--eye", "--target", "--up", "--azimuth",
                             "--elevation", "--distance", "--fovy", "--background", "--sh-degree",
                             "--scale-modifier", "--threads", "--help", "--version", "Examples", "Exit status", "--turntable",
                             "--frames", "--fps", "--turns", "--direction", "--quiet", "--convert", "--camera",
                             "--profile", "--check-profile", "--capture-window", "--frames-before-capture", "--force",
                             "--path", "--video", "--at", "--seconds", "--compare", "--compare-layout", "--compare-line",
                             "--labels", "--max-gaussians", "--spz-frame", "--import-profile", "143", "OUT.gltf",
                             "OUT.spz", "--convert scene.gltf", "--convert scene.spz"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
}

TEST(Cli, VersionPrintsOneLine) {
  const ProgramResult r = splatview({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("splatview ", 0), 0u) << r.out;
  EXPECT_EQ(line_count(r.out), 1);
}

TEST(Cli, ScreenshotOfTheBundledSceneShowsTheRobot) {
  const auto dir = fresh_temp_dir("cli-shot");
  const auto shot = dir / "shot.png";
  const ProgramResult r = splatview({"--screenshot", shot.string(), "--size", "320x180", "--backend", "cpu"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Png png = read_png(shot);
  ASSERT_EQ(png.width, 320);
  ASSERT_EQ(png.height, 180);
  ASSERT_EQ(png.channels, 3);
  // Not blank: a good part of the frame is covered, and the orange robot body is there
  // (red well above blue).
  std::size_t covered = 0, orange = 0;
  for (std::size_t i = 0; i < png.pixels.size(); i += 3) {
    const int red = png.pixels[i], green = png.pixels[i + 1], blue = png.pixels[i + 2];
    covered += red + green + blue > 30;
    orange += red > 150 && red > blue + 80 && green > 60;
  }
  const std::size_t pixels = 320u * 180u;
  EXPECT_GT(covered, pixels / 10);
  EXPECT_LT(covered, pixels * 9 / 10);
  EXPECT_GT(orange, 50u);
}

TEST(Cli, TransparentBackgroundWritesRgbaWithClearCorners) {
  const auto dir = fresh_temp_dir("cli-alpha");
  const auto shot = dir / "slide.png";
  const ProgramResult r = splatview({"--screenshot", shot.string(), "--size", "160x90", "--background", "transparent"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Png png = read_png(shot);
  ASSERT_EQ(png.channels, 4);
  EXPECT_EQ(png.pixels[3], 0);  // top-left corner: nothing there
  const std::size_t centre = (45u * 160u + 80u) * 4u;
  EXPECT_GT(png.pixels[centre + 3], 0);
}

TEST(Cli, BackgroundColourFillsEmptyPixels) {
  const auto dir = fresh_temp_dir("cli-bg");
  const auto shot = dir / "bg.png";
  const ProgramResult r = splatview({"--screenshot", shot.string(), "--size", "64x36", "--background", "#336699"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Png png = read_png(shot);
  ASSERT_EQ(png.channels, 3);
  EXPECT_EQ(png.pixels[0], 0x33);
  EXPECT_EQ(png.pixels[1], 0x66);
  EXPECT_EQ(png.pixels[2], 0x99);
}

TEST(Cli, MissingSceneFileIsExit2WithOneLine) {
  expect_one_line_error(splatview({"/nonexistent/scene.ply", "--screenshot", "/tmp/x.png"}), "/nonexistent/scene.ply");
}

TEST(Cli, NotAPlyIsExit2WithOneLine) {
  const auto dir = fresh_temp_dir("cli-bad");
  const auto file = dir / "notes.ply";
  std::ofstream(file) << "these are my notes, not a scene\n";
  const ProgramResult r = splatview({file.string(), "--screenshot", (dir / "x.png").string()});
  expect_one_line_error(r, file.string());
  EXPECT_FALSE(std::filesystem::exists(dir / "x.png"));
}

TEST(Cli, TruncatedPlyIsExit2WithOneLine) {
  const auto dir = fresh_temp_dir("cli-trunc");
  const auto file = dir / "cut.ply";
  std::ifstream in(shared_scene("playbot-31k-sh1.ply"), std::ios::binary);
  std::string bytes(100000, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::ofstream(file, std::ios::binary) << bytes;
  expect_one_line_error(splatview({file.string(), "--screenshot", (dir / "x.png").string()}), file.string());
}

TEST(Cli, BadOptionsAreExit2WithOneLineNamingTheFlag) {
  expect_one_line_error(splatview({"--frobnicate"}), "--frobnicate");
  expect_one_line_error(splatview({"--size", "0x100", "--screenshot", "a.png"}), "--size");
  expect_one_line_error(splatview({"--size", "100000x100000", "--screenshot", "a.png"}), "--size");
  expect_one_line_error(splatview({"--sh-degree", "7", "--screenshot", "a.png"}), "--sh-degree");
  expect_one_line_error(splatview({"--screenshot", "a.jpg"}), "--screenshot");
  expect_one_line_error(splatview({"--background", "#12345", "--screenshot", "a.png"}), "--background");
  expect_one_line_error(splatview({"--eye", "1,2", "--screenshot", "a.png"}), "--eye");
  expect_one_line_error(splatview({"--backend", "vulkan", "--screenshot", "a.png"}), "--backend");
  expect_one_line_error(splatview({"--fovy"}), "--fovy");
  expect_one_line_error(splatview({"a.ply", "b.ply"}), "b.ply");
}

TEST(Cli, CameraWithoutDirectionIsExit2) {
  expect_one_line_error(splatview({"--eye", "0,0,0", "--target", "0,0,0", "--screenshot", "/tmp/never.png"}),
                        "camera");
}

TEST(Cli, UnwritableOutputIsExit2WithOneLine) {
  expect_one_line_error(splatview({"--screenshot", "/nonexistent-dir/shot.png", "--size", "32x32"}),
                        "/nonexistent-dir/shot.png");
}

TEST(Cli, EverySharedSceneFormatRenders) {
  const auto dir = fresh_temp_dir("cli-formats");
  int opened = 0;
  for (const auto& entry : fs::directory_iterator(shared_scene(""))) {
    if (entry.path().extension() == ".md") continue;
    const ProgramResult r =
        splatview({entry.path().string(), "--screenshot", (dir / "x.png").string(), "--size", "64x36", "--quiet", "--force"});
    EXPECT_EQ(r.exit_code, 0) << entry.path() << ": " << r.err;
    ++opened;
  }
  EXPECT_GE(opened, 13);
}

TEST(Cli, ConvertWritesAPlyThatRendersTheSame) {
  const auto dir = fresh_temp_dir("cli-convert");
  const std::string splat = shared_scene("playbot-31k.splat").string();
  ASSERT_EQ(splatview({splat, "--convert", (dir / "robot.ply").string()}).exit_code, 0);
  ASSERT_EQ(splatview({splat, "--screenshot", (dir / "a.png").string(), "--size", "96x54"}).exit_code, 0);
  ASSERT_EQ(splatview({(dir / "robot.ply").string(), "--screenshot", (dir / "b.png").string(), "--size", "96x54"})
                .exit_code,
            0);
  const Png a = read_png(dir / "a.png"), b = read_png(dir / "b.png");
  EXPECT_EQ(a.pixels, b.pixels);
  expect_one_line_error(splatview({splat, "--convert", (dir / "robot.txt").string()}), "--convert");
}

// Issue 19: --convert OUT.glb writes glTF KHR_gaussian_splatting that renders as the source did.
TEST(Cli, ConvertToGlbRendersTheSame) {
  const auto dir = fresh_temp_dir("cli-convert-glb");
  const std::string ply = shared_scene("playbot-31k-sh2.ply").string();
  ASSERT_EQ(splatview({ply, "--convert", (dir / "robot.glb").string()}).exit_code, 0);
  ASSERT_EQ(splatview({ply, "--screenshot", (dir / "a.png").string(), "--size", "96x54"}).exit_code, 0);
  ASSERT_EQ(splatview({(dir / "robot.glb").string(), "--screenshot", (dir / "b.png").string(), "--size", "96x54"})
                .exit_code,
            0);
  EXPECT_EQ(read_png(dir / "a.png").pixels, read_png(dir / "b.png").pixels);
}

// Issue 19: --render-mode classic|mip. A bad value is exit 2 with one line; --help shows it.
TEST(Cli, RenderModeIsListedAndABadValueIsExit2WithOneLine) {
  EXPECT_NE(splatview({"--help"}).out.find("--render-mode M"), std::string::npos);
  expect_one_line_error(splatview({"--render-mode", "antialiased", "--screenshot", "/tmp/never.png"}), "--render-mode");
  expect_one_line_error(splatview({"--render-mode=", "--screenshot", "/tmp/never.png"}), "classic or mip");
}

// Columns [x0, x0 + width) of an RGB image.
std::vector<unsigned char> columns_of(const Png& png, int x0, int width) {
  std::vector<unsigned char> out;
  for (int y = 0; y < png.height; ++y) {
    const auto* row = png.pixels.data() + (static_cast<std::size_t>(y) * png.width + x0) * png.channels;
    out.insert(out.end(), row, row + static_cast<std::size_t>(width) * png.channels);
  }
  return out;
}

// A PLY marked `SplatRenderMode: mip` renders in mip mode with no flag; --render-mode overrides
// the file in screenshots, for the compared scene too, and in what --convert records.
TEST(Cli, TheFileChoosesTheRenderModeAndTheFlagOverridesIt) {
  const auto dir = fresh_temp_dir("cli-render-mode");
  const std::string classic = shared_scene("playbot-31k-sh1.ply").string();
  auto loaded = load_ply(classic);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  loaded.value().scene.render_mode = RenderMode::kMip;
  const std::string mip = (dir / "mip.ply").string();
  ASSERT_FALSE(write_ply(mip, loaded.value().scene));

  const std::vector<std::string> view = {"--eye", "0,-1,-3.2", "--target", "0,-0.4,0", "--quiet", "--force"};
  auto shot = [&](std::vector<std::string> args, const std::string& png, const std::string& size) {
    args.insert(args.end(), {"--screenshot", (dir / png).string(), "--size", size});
    args.insert(args.end(), view.begin(), view.end());
    const ProgramResult r = splatview(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return read_png(dir / png);
  };
  const Png plain = shot({classic}, "plain.png", "48x54");
  const Png marked = shot({mip}, "marked.png", "48x54");
  ASSERT_EQ(plain.pixels.size(), marked.pixels.size());
  EXPECT_NE(plain.pixels, marked.pixels) << "mip mode should change the image";
  EXPECT_EQ(shot({classic, "--render-mode", "mip"}, "forced-mip.png", "48x54").pixels, marked.pixels);
  EXPECT_EQ(shot({mip, "--render-mode", "classic"}, "forced-classic.png", "48x54").pixels, plain.pixels);

  // Side by side, each half is its own scene seen by a camera of half the width: B keeps its
  // file's mode unless the flag says otherwise.
  const Png side = shot({classic, "--compare", mip, "--compare-layout", "side"}, "side.png", "96x54");
  EXPECT_EQ(columns_of(side, 0, 48), plain.pixels);
  EXPECT_EQ(columns_of(side, 48, 48), marked.pixels);
  const Png side_classic =
      shot({classic, "--compare", mip, "--compare-layout", "side", "--render-mode", "classic"}, "side-c.png", "96x54");
  EXPECT_EQ(columns_of(side_classic, 48, 48), plain.pixels);

  // --convert records the mode in use.
  ASSERT_EQ(splatview({mip, "--convert", (dir / "kept.ply").string()}).exit_code, 0);
  EXPECT_EQ(load_ply(dir / "kept.ply").value().scene.render_mode, RenderMode::kMip);
  ASSERT_EQ(splatview({mip, "--render-mode", "classic", "--convert", (dir / "unmarked.ply").string()}).exit_code, 0);
  EXPECT_EQ(load_ply(dir / "unmarked.ply").value().scene.render_mode, RenderMode::kClassic);
  ASSERT_EQ(splatview({classic, "--render-mode", "mip", "--convert", (dir / "marked.ply").string()}).exit_code, 0);
  EXPECT_EQ(load_ply(dir / "marked.ply").value().scene.render_mode, RenderMode::kMip);
}

// --convert OUT.gltf writes the JSON and its buffer beside it; OUT.spz writes SPZ. Both open again
// (the .gltf exactly as the source renders, the .spz within its quantisation), and both refuse to
// write over an existing file without --force (the .gltf's .bin too) or over the input even with it.
TEST(Cli, ConvertToGltfAndSpzOpenAgain) {
  const auto dir = fresh_temp_dir("cli-convert-gltf-spz");
  const std::string ply = shared_scene("playbot-31k-sh2.ply").string();
  const std::string gltf = (dir / "robot.gltf").string(), spz = (dir / "robot.spz").string();
  ProgramResult r = splatview({ply, "--convert", gltf});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "robot.bin"));
  r = splatview({ply, "--convert", spz});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("31000 Gaussians, SH degree 2"), std::string::npos) << r.err;
  ASSERT_EQ(splatview({ply, "--screenshot", (dir / "a.png").string(), "--size", "96x54"}).exit_code, 0);
  ASSERT_EQ(splatview({gltf, "--screenshot", (dir / "b.png").string(), "--size", "96x54"}).exit_code, 0);
  EXPECT_EQ(read_png(dir / "a.png").pixels, read_png(dir / "b.png").pixels);
  ASSERT_EQ(splatview({spz, "--screenshot", (dir / "c.png").string(), "--size", "96x54"}).exit_code, 0);
  const Png a = read_png(dir / "a.png"), c = read_png(dir / "c.png");
  ASSERT_EQ(a.pixels.size(), c.pixels.size());
  double squares = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) squares += std::pow((a.pixels[i] - c.pixels[i]) / 255.0, 2);
  const double db = 10 * std::log10(static_cast<double>(a.pixels.size()) / squares);
  EXPECT_GE(db, 40.0) << "the SPZ renders far from the PLY (8-bit images; spz_writer_test holds the 45 dB floor)";

  expect_one_line_error(splatview({ply, "--convert", gltf}), "already exists");
  expect_one_line_error(splatview({ply, "--convert", spz}), "already exists");
  fs::remove(dir / "robot.gltf");
  expect_one_line_error(splatview({ply, "--convert", gltf}), "robot.bin: already exists");
  EXPECT_EQ(splatview({ply, "--convert", gltf, "--force"}).exit_code, 0);
  EXPECT_EQ(splatview({ply, "--convert", spz, "--force"}).exit_code, 0);
  expect_one_line_error(splatview({spz, "--convert", spz, "--force"}), "never writes over its input");
  expect_one_line_error(splatview({gltf, "--convert", gltf, "--force"}), "never writes over its input");
  fs::copy_file(ply, dir / "scene.ply");
  fs::rename(dir / "scene.ply", dir / "scene.bin");  // a scene named like the .gltf's buffer
  expect_one_line_error(splatview({(dir / "scene.bin").string(), "--convert", (dir / "scene.gltf").string(), "--force"}),
                        "never writes over its input");
  EXPECT_FALSE(fs::exists(dir / "scene.gltf"));
}

// A .gltf's buffer is an input too: converting onto a .gltf whose buffer would be that file is refused,
// even with --force, and the buffer is left as it was.
TEST(Cli, ConvertNeverWritesOverTheBufferAGltfWasReadFrom) {
  const auto dir = fresh_temp_dir("cli-convert-gltf-buffer");
  const std::string ply = shared_scene("playbot-31k-sh2.ply").string();
  ASSERT_EQ(splatview({ply, "--convert", (dir / "shared.gltf").string()}).exit_code, 0);
  fs::rename(dir / "shared.gltf", dir / "scene.gltf");  // scene.gltf now reads its data from shared.bin
  const auto before = fs::file_size(dir / "shared.bin");
  const auto written = fs::last_write_time(dir / "shared.bin");
  expect_one_line_error(splatview({(dir / "scene.gltf").string(), "--convert", (dir / "shared.gltf").string(), "--force"}),
                        "shared.bin, which this run reads");
  EXPECT_EQ(fs::file_size(dir / "shared.bin"), before);
  EXPECT_EQ(fs::last_write_time(dir / "shared.bin"), written);
  EXPECT_FALSE(fs::exists(dir / "shared.gltf"));
}

TEST(Cli, TrainingCameraFromCamerasJsonSetsPoseAndSize) {
  const auto dir = fresh_temp_dir("cli-camera");
  fs::copy_file(shared_scene("playbot-3k-sh2-nonormals-altorder.ply"), dir / "scene.ply");
  // Looks along +z from (0, -0.5, -4) (identity camera-to-world rotation), 80x60 pixels.
  std::ofstream(dir / "cameras.json") << R"([{"id": 0, "img_name": "front", "width": 80, "height": 60,
    "position": [0.0, -0.5, -4.0], "rotation": [[1,0,0],[0,1,0],[0,0,1]], "fx": 60.0, "fy": 60.0}])";
  const ProgramResult r = splatview({(dir / "scene.ply").string(), "--camera", "front", "--screenshot",
                                     (dir / "view.png").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Png png = read_png(dir / "view.png");
  EXPECT_EQ(png.width, 80);
  EXPECT_EQ(png.height, 60);
  expect_one_line_error(splatview({(dir / "scene.ply").string(), "--camera", "7", "--screenshot", "/tmp/n.png"}),
                        "7");
  expect_one_line_error(splatview({shared_scene("playbot-31k.splat").string(), "--camera", "0", "--screenshot",
                                   "/tmp/n.png"}),
                        "cameras.json");
}

TEST(Cli, TooManyThreadsAreClampedWithOneNoteNotATbbWarning) {
  const auto dir = fresh_temp_dir("cli-threads");
  const auto shot = dir / "shot.png";
  const ProgramResult r = splatview({"--screenshot", shot.string(), "--size", "64x36", "--backend", "cpu", "--threads", "1000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("note: --threads 1000 is more than the"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("TBB"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << "the note and the summary line: " << r.err;

  const ProgramResult quiet = splatview({"--screenshot", (dir / "quiet.png").string(), "--size", "64x36", "--backend",
                                         "cpu", "--threads", "1000", "-q"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("--threads"), std::string::npos) << quiet.err;
  EXPECT_EQ(quiet.err.find("TBB"), std::string::npos) << quiet.err;
}

TEST(Cli, CudaBackendWithoutADeviceIsExit2WithTheReason) {
  if (query_cuda_device().usable) GTEST_SKIP() << "this machine has a CUDA device: --backend cuda works here";
  const ProgramResult r = splatview({"--backend", "cuda", "--screenshot", "/tmp/never.png", "--size", "32x32"});
  expect_one_line_error(r, "--backend cuda");
}

}  // namespace
}  // namespace splatview::test
