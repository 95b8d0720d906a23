// write_ply: canonical 3DGS PLY out, the same scene back in. A PLY written from a scene loaded from a
// PLY reloads to bit-identical values; a scene decoded from another format, written and reloaded,
// renders exactly as the decoded scene does (what `--convert` promises).
#include "core/formats/ply_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "core/formats/scene_loader.h"
#include "core/ply_reader.h"
#include "render/cpu_renderer.h"
#include "tests/support/test_paths.h"
#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

GaussianScene load(const std::filesystem::path& path) {
  auto loaded = load_scene(path);
  if (!loaded) {
    ADD_FAILURE() << loaded.error().message();
    return {};
  }
  return std::move(loaded).value().scene;
}

// Bit-for-bit equality of two scenes' values (memcmp: -0 != +0 and NaN payloads would count too).
void expect_identical(const GaussianScene& a, const GaussianScene& b, const std::string& what) {
  ASSERT_EQ(a.count(), b.count()) << what;
  ASSERT_EQ(a.sh_degree, b.sh_degree) << what;
  auto same = [](const std::vector<float>& x, const std::vector<float>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
  };
  EXPECT_TRUE(same(a.positions, b.positions)) << what << ": positions";
  EXPECT_TRUE(same(a.scales, b.scales)) << what << ": scales";
  EXPECT_TRUE(same(a.rotations, b.rotations)) << what << ": rotations";
  EXPECT_TRUE(same(a.opacities, b.opacities)) << what << ": opacities";
  EXPECT_TRUE(same(a.sh, b.sh)) << what << ": sh";
}

// Issue 9's front view of PLAYBOT at 160x90.
Image render(const GaussianScene& scene) { return test::render_on_cpu(scene, test::playbot_front(160, 90)); }

// One Gaussian with hand-picked activated values.
GaussianScene one_gaussian(float opacity, float scale, int sh_degree = 0) {
  GaussianScene scene;
  scene.sh_degree = sh_degree;
  scene.resize(1);
  scene.positions = {1.0f, -2.0f, 3.0f};
  scene.scales = {scale, scale, scale};
  scene.rotations = {1.0f, 0.0f, 0.0f, 0.0f};
  scene.opacities = {opacity};
  for (std::size_t i = 0; i < scene.sh.size(); ++i) scene.sh[i] = 0.01f * static_cast<float>(i);
  return scene;
}

// The record of the first vertex of a written file, as floats.
std::vector<float> first_record(const std::filesystem::path& path, std::size_t floats) {
  const std::string text = read_text(path);
  const std::size_t data = text.find("end_header\n") + std::strlen("end_header\n");
  std::vector<float> record(floats);
  std::memcpy(record.data(), text.data() + data, floats * sizeof(float));
  return record;
}

// ---- Layout -------------------------------------------------------------------------------------

TEST(PlyWriter, WritesTheCanonicalInriaLayout) {
  const auto dir = test::fresh_temp_dir("ply-writer-layout");
  const GaussianScene scene = one_gaussian(0.5f, 1.0f, 1);
  ASSERT_FALSE(write_ply(dir / "out.ply", scene));
  const std::string text = read_text(dir / "out.ply");
  std::string expected_header =
      "ply\nformat binary_little_endian 1.0\ncomment written by splatview\nelement vertex 1\n";
  for (const char* p : {"x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2"})
    expected_header += std::string("property float ") + p + "\n";
  for (int j = 0; j < 9; ++j) expected_header += "property float f_rest_" + std::to_string(j) + "\n";
  for (const char* p : {"opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"})
    expected_header += std::string("property float ") + p + "\n";
  expected_header += "end_header\n";
  ASSERT_EQ(text.substr(0, expected_header.size()), expected_header);
  ASSERT_EQ(text.size(), expected_header.size() + 26 * sizeof(float));
  // Values: sigmoid(0) = 0.5 and exp(0) = 1, so the raw opacity and scales are 0; f_rest is
  // channel-major (red's three coefficients, then green's, then blue's) while the scene is
  // coefficient-major (sh[3k + c] = 0.01 * (3k + c)).
  const std::vector<float> r = first_record(dir / "out.ply", 26);
  auto sh = [](int index) { return 0.01f * static_cast<float>(index); };
  const std::vector<float> expected = {1,     -2,    3,      0, 0, 0, sh(0), sh(1), sh(2),  // f_dc
                                       sh(3), sh(6), sh(9),   // red: k = 1, 2, 3
                                       sh(4), sh(7), sh(10),  // green
                                       sh(5), sh(8), sh(11),  // blue
                                       0,     0,     0,      0, 1, 0, 0,     0};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(r[i], expected[i]) << "float " << i;
}

TEST(PlyWriter, RawValuesInvertTheActivations) {
  const auto dir = test::fresh_temp_dir("ply-writer-raw");
  // opacity sigmoid(2) and scale e^-3 as floats: the raw values must come back as 2 and -3.
  const float opacity = static_cast<float>(1.0 / (1.0 + std::exp(-2.0)));
  const float scale = static_cast<float>(std::exp(-3.0));
  ASSERT_FALSE(write_ply(dir / "out.ply", one_gaussian(opacity, scale)));
  const std::vector<float> r = first_record(dir / "out.ply", 17);
  EXPECT_EQ(r[9], 2.0f);
  EXPECT_EQ(r[10], -3.0f);
}

// Opacity 0 and 1 and scale 0 (a fully transparent or saturated splat, a flat one) have no finite
// logit or log; the writer stores finite raw values that the reader activates back to exactly them.
// Huge and tiny scales are ones a PLY can hold: exp of a float raw value.
TEST(PlyWriter, SaturatedValuesRoundTripAsFiniteRawValues) {
  const auto dir = test::fresh_temp_dir("ply-writer-saturated");
  const auto huge = static_cast<float>(std::exp(80.0));
  const auto tiny = static_cast<float>(std::exp(-80.0));
  for (const auto& [opacity, scale] : {std::pair{0.0f, 0.0f}, std::pair{1.0f, tiny}, std::pair{1.0f, huge}}) {
    ASSERT_FALSE(write_ply(dir / "out.ply", one_gaussian(opacity, scale)));
    const std::vector<float> r = first_record(dir / "out.ply", 17);
    for (float v : r) EXPECT_TRUE(std::isfinite(v));
    auto back = load_ply(dir / "out.ply");
    ASSERT_TRUE(back.ok()) << back.error().message();
    ASSERT_EQ(back.value().scene.count(), 1u);
    EXPECT_EQ(back.value().scene.opacities[0], opacity);
    EXPECT_EQ(back.value().scene.scales[0], scale);
  }
}

TEST(PlyWriter, KeepsTheSceneComments) {
  const auto dir = test::fresh_temp_dir("ply-writer-comments");
  GaussianScene scene = one_gaussian(0.5f, 1.0f);
  scene.comments = {"PLAYBOT by Stephane Agullo (sa3d.fr) CC-BY-4.0", "two\nlines"};
  ASSERT_FALSE(write_ply(dir / "out.ply", scene));
  auto back = load_ply(dir / "out.ply");
  ASSERT_TRUE(back.ok()) << back.error().message();
  const std::vector<std::string> expected = {"PLAYBOT by Stephane Agullo (sa3d.fr) CC-BY-4.0", "two lines",
                                             "written by splatview"};
  EXPECT_EQ(back.value().scene.comments, expected);
  // Writing it again does not pile up our own comment.
  ASSERT_FALSE(write_ply(dir / "again.ply", back.value().scene));
  EXPECT_EQ(load_ply(dir / "again.ply").value().scene.comments, expected);
}

// ---- Round trips ----------------------------------------------------------------------------------

// PLY -> scene -> PLY -> scene gives the very same floats, for every PLY in the shared folder (binary
// LE and BE, ASCII, double, the alternative property order, SH degrees 0 to 3).
TEST(PlyWriterRoundTrip, EveryShippedPlyReloadsBitIdentically) {
  const auto dir = test::fresh_temp_dir("ply-writer-roundtrip");
  for (const auto& path : test::shared_ply_scenes()) {
    const GaussianScene original = load(path);
    ASSERT_FALSE(write_ply(dir / "out.ply", original)) << path;
    expect_identical(load(dir / "out.ply"), original, path.filename().string());
  }
}

// Other formats -> PLY -> scene: the same floats, so the same image, as decoding the original.
TEST(PlyWriterRoundTrip, ConvertedScenesRenderExactlyAsTheOriginals) {
  const auto dir = test::fresh_temp_dir("ply-writer-convert");
  for (const char* file : {"playbot-31k-sh2.sog", "playbot-31k-sh2-v3.spz", "playbot-31k-sh2-v4.spz",
                           "playbot-31k-sh2.compressed.ply", "playbot-31k.splat"}) {
    const GaussianScene decoded = load(test::shared_scene(file));
    ASSERT_FALSE(write_ply(dir / "converted.ply", decoded)) << file;
    const GaussianScene converted = load(dir / "converted.ply");
    expect_identical(converted, decoded, file);
    const Image a = render(decoded);
    const Image b = render(converted);
    EXPECT_EQ(a.rgb, b.rgb) << file;
    EXPECT_EQ(a.alpha, b.alpha) << file;
  }
}

// ---- Failures ---------------------------------------------------------------------------------------

TEST(PlyWriterErrors, AMissingFolderIsAnErrorAndLeavesNothing) {
  const auto dir = test::fresh_temp_dir("ply-writer-missing");
  const auto target = dir / "no-such-folder" / "out.ply";
  const auto error = write_ply(target, one_gaussian(0.5f, 1.0f));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->file, target.string());
  EXPECT_FALSE(error->hint.empty());
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST(PlyWriterErrors, AnEmptySceneIsAnError) {
  const auto dir = test::fresh_temp_dir("ply-writer-empty");
  GaussianScene empty;
  EXPECT_TRUE(write_ply(dir / "out.ply", empty).has_value());
  EXPECT_FALSE(std::filesystem::exists(dir / "out.ply"));
}

TEST(PlyWriterErrors, AReadOnlyFolderIsAnErrorAndTheOldFileSurvives) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  const auto dir = test::fresh_temp_dir("ply-writer-readonly");
  { std::ofstream(dir / "out.ply") << "previous"; }
  ::chmod(dir.c_str(), 0555);
  const auto error = write_ply(dir / "out.ply", one_gaussian(0.5f, 1.0f));
  ::chmod(dir.c_str(), 0755);
  EXPECT_TRUE(error.has_value());
  EXPECT_EQ(read_text(dir / "out.ply"), "previous");
}

TEST(PlyWriter, ReplacesAnExistingFileAndLeavesNoTemporaryFile) {
  const auto dir = test::fresh_temp_dir("ply-writer-replace");
  { std::ofstream(dir / "out.ply") << "previous"; }
  ASSERT_FALSE(write_ply(dir / "out.ply", one_gaussian(0.5f, 1.0f)));
  EXPECT_EQ(read_text(dir / "out.ply").substr(0, 4), "ply\n");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace splatview
