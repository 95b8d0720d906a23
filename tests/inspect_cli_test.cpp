// End to end: --show, --crop and --min-opacity as a user runs them (the program itself).
#include <gtest/gtest.h>

#include <vector>

#include <stb_image.h>

#include "core/formats/ply_writer.h"
#include "core/ply_reader.h"
#include "tests/support/run_program.h"
#include "tests/support/test_paths.h"

namespace splatview::test {
namespace {

ProgramResult splatview(const std::vector<std::string>& args) {
  return run_program(built_program("splatview").string(), args);
}

std::vector<unsigned char> png_pixels(const std::filesystem::path& path, int* channels = nullptr) {
  int w = 0, h = 0, c = 0;
  unsigned char* data = stbi_load(path.string().c_str(), &w, &h, &c, 0);
  std::vector<unsigned char> pixels;
  if (data) {
    pixels.assign(data, data + static_cast<std::size_t>(w) * h * c);
    stbi_image_free(data);
  }
  if (channels) *channels = c;
  return pixels;
}

void expect_one_line_error(const ProgramResult& r, const std::string& expected) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(expected), std::string::npos) << "stderr: " << r.err;
}

GaussianScene load(const std::filesystem::path& path) {
  auto loaded = load_ply(path);
  EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message());
  return loaded ? loaded.value().scene : GaussianScene{};
}

template <class Keep>
GaussianScene keep_by_hand(const GaussianScene& scene, const Keep& keep) {
  GaussianScene out;
  out.sh_degree = scene.sh_degree;
  const std::size_t sh = static_cast<std::size_t>(scene.sh_coeffs()) * 3;
  for (std::size_t i = 0; i < scene.count(); ++i) {
    if (!keep(i)) continue;
    for (int a = 0; a < 3; ++a) out.positions.push_back(scene.positions[3 * i + a]);
    for (int a = 0; a < 3; ++a) out.scales.push_back(scene.scales[3 * i + a]);
    for (int a = 0; a < 4; ++a) out.rotations.push_back(scene.rotations[4 * i + a]);
    out.opacities.push_back(scene.opacities[i]);
    for (std::size_t k = 0; k < sh; ++k) out.sh.push_back(scene.sh[sh * i + k]);
  }
  return out;
}

TEST(InspectCli, HelpNamesTheOptionsWithAnExample) {
  const ProgramResult r = splatview({"--help"});
  for (const char* text : {"--show", "depth", "alpha", "centres", "ellipses", "--crop", "--min-opacity",
                           "--show depth --screenshot"})
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
}

TEST(InspectCli, BadValuesAreExit2WithOneLine) {
  expect_one_line_error(splatview({"--show", "normals", "--screenshot", "a.png"}), "--show");
  expect_one_line_error(splatview({"--crop", "1,2,3", "--screenshot", "a.png"}), "--crop");
  expect_one_line_error(splatview({"--crop", "0,0,0,1,1,1,1", "--screenshot", "a.png"}), "--crop");
  expect_one_line_error(splatview({"--crop", "0,0,0,1,nan,1", "--screenshot", "a.png"}), "--crop");
  expect_one_line_error(splatview({"--crop", "0,0,0,1,1e40,1", "--screenshot", "a.png"}), "--crop");
  expect_one_line_error(splatview({"--crop", "0,0,2,1,1,1", "--screenshot", "a.png"}), "z: 2 is not below 1");
  expect_one_line_error(splatview({"--crop", "0,,0,1,1,1", "--screenshot", "a.png"}), "--crop");
  expect_one_line_error(splatview({"--min-opacity", "1.5", "--screenshot", "a.png"}), "--min-opacity");
  expect_one_line_error(splatview({"--min-opacity", "-0.1", "--screenshot", "a.png"}), "--min-opacity");
  expect_one_line_error(splatview({"--show", "depth", "--convert", "a.ply"}), "--show");
}

// --convert with --crop writes exactly the Gaussians inside the box, with their values.
TEST(InspectCli, ConvertWithACropWritesExactlyTheGaussiansInside) {
  const auto dir = fresh_temp_dir("inspect-cli-crop");
  const std::string source = shared_scene("playbot-31k-sh2.ply").string();
  ASSERT_EQ(splatview({source, "--convert", (dir / "all.ply").string(), "-q"}).exit_code, 0);
  const ProgramResult r =
      splatview({source, "--crop", "-0.3,-1,-0.3,0.3,0,0.3", "--min-opacity", "0.1", "--convert", (dir / "crop.ply").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("hidden by --crop/--min-opacity"), std::string::npos) << r.err;
  const GaussianScene all = load(dir / "all.ply"), cropped = load(dir / "crop.ply");
  const GaussianScene expected = keep_by_hand(all, [&](std::size_t i) {
    const float* p = all.positions.data() + 3 * i;
    return p[0] >= -0.3f && p[0] <= 0.3f && p[1] >= -1.f && p[1] <= 0.f && p[2] >= -0.3f && p[2] <= 0.3f &&
           all.opacities[i] >= 0.1f;
  });
  EXPECT_GT(expected.count(), 100u);
  EXPECT_LT(expected.count(), all.count());
  ASSERT_EQ(cropped.count(), expected.count());
  EXPECT_EQ(cropped.positions, expected.positions);
  EXPECT_EQ(cropped.scales, expected.scales);
  EXPECT_EQ(cropped.rotations, expected.rotations);
  EXPECT_EQ(cropped.opacities, expected.opacities);
  EXPECT_EQ(cropped.sh, expected.sh);
}

// A screenshot with a threshold is the screenshot of the scene with those Gaussians removed (from
// the same camera: auto-framing would frame the smaller scene differently).
TEST(InspectCli, ScreenshotWithAThresholdEqualsTheSceneWithThoseRemoved) {
  const auto dir = fresh_temp_dir("inspect-cli-threshold");
  const std::string source = shared_scene("playbot-31k-sh2.ply").string();
  ASSERT_EQ(splatview({source, "--convert", (dir / "all.ply").string(), "-q"}).exit_code, 0);
  const GaussianScene all = load(dir / "all.ply");
  const GaussianScene kept = keep_by_hand(all, [&](std::size_t i) { return all.opacities[i] >= 0.3f; });
  ASSERT_LT(kept.count(), all.count());
  ASSERT_FALSE(write_ply(dir / "kept.ply", kept));
  ASSERT_EQ(splatview({(dir / "all.ply").string(), "--min-opacity", "0.3", "--screenshot", (dir / "a.png").string(),
                       "--size", "320x180", "-q", "--eye", "0.3,-0.8,-2.6", "--target", "0,-0.4,0"})
                .exit_code,
            0);
  ASSERT_EQ(splatview({(dir / "kept.ply").string(), "--screenshot", (dir / "b.png").string(), "--size", "320x180", "-q",
                       "--eye", "0.3,-0.8,-2.6", "--target", "0,-0.4,0"})
                .exit_code,
            0);
  const auto a = png_pixels(dir / "a.png"), b = png_pixels(dir / "b.png");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, b);
  // And it differs from the whole scene's.
  ASSERT_EQ(splatview({(dir / "all.ply").string(), "--screenshot", (dir / "c.png").string(), "--size", "320x180", "-q",
                       "--eye", "0.3,-0.8,-2.6", "--target", "0,-0.4,0"})
                .exit_code,
            0);
  EXPECT_NE(a, png_pixels(dir / "c.png"));
}

// Every mode renders the bundled scene, each picture different from the others and not empty.
TEST(InspectCli, EveryShowModeRendersItsOwnPicture) {
  const auto dir = fresh_temp_dir("inspect-cli-modes");
  const std::string source = shared_scene("playbot-31k-sh2.ply").string();
  std::vector<std::vector<unsigned char>> pictures;
  for (const char* mode : {"color", "depth", "alpha", "centres", "ellipses"}) {
    const auto out = dir / (std::string(mode) + ".png");
    const ProgramResult r = splatview({source, "--show", mode, "--screenshot", out.string(), "--size", "160x90", "-q"});
    ASSERT_EQ(r.exit_code, 0) << mode << ": " << r.err;
    const auto pixels = png_pixels(out);
    int lit = 0;
    for (unsigned char v : pixels) lit += v > 8 ? 1 : 0;
    EXPECT_GT(lit, 300) << mode;
    for (const auto& other : pictures) EXPECT_NE(pixels, other) << mode;
    pictures.push_back(pixels);
  }
}

}  // namespace
}  // namespace splatview
