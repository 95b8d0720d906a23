// bench/make-large-scene: the large test scene is deterministic, SH degree 3 with a zero fourth band,
// and made of the real Gaussians it names, turned consistently.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>

#include "core/ply_reader.h"
#include "tests/support/run_program.h"
#include "tests/support/test_paths.h"

namespace splatview::test {
namespace {

std::string bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ProgramResult make(const std::filesystem::path& out, const std::string& count, const std::string& seed) {
  return run_program(built_program("make-large-scene").string(),
                     {"--count", count, "--seed", seed, "--output", out.string(), "--scenes", shared_scenes_dir().string()});
}

TEST(MakeLargeScene, WritesTheCountAskedAtShDegree3AndSaysWhatItWrote) {
  const auto dir = fresh_temp_dir("large-scene");
  const auto run = make(dir / "a.ply", "501000", "7");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("501000 Gaussians, SH degree 3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("2 copies of playbot-500k-sh0.ply"), std::string::npos) << run.out;
  const auto loaded = load_ply(dir / "a.ply");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const GaussianScene& s = loaded.value().scene;
  ASSERT_EQ(s.count(), 501000u);
  ASSERT_EQ(s.sh_degree, 3);
  EXPECT_TRUE(loaded.value().warnings.empty());
  bool bands_1_2_used = false;
  for (std::size_t i = 0; i < s.count(); i += 97) {
    const float* sh = &s.sh[48 * i];
    for (int k = 9; k < 16; ++k)
      for (int c = 0; c < 3; ++c) ASSERT_EQ(sh[3 * k + c], 0.0f) << "band 3 of Gaussian " << i;
    for (int k = 1; k < 9; ++k) bands_1_2_used = bands_1_2_used || sh[3 * k] != 0.0f;
  }
  EXPECT_TRUE(bands_1_2_used);

  // The first copy is the whole body scene turned about the up (y) axis: heights, scales and
  // opacities are the original's, and each point keeps its distance from the axis of its copy.
  const auto body = load_ply(shared_scene("playbot-500k-sh0.ply"));
  ASSERT_TRUE(body.ok());
  const GaussianScene& b = body.value().scene;
  for (std::size_t i = 0; i < b.count(); i += 1013) {
    EXPECT_NEAR(s.positions[3 * i + 1], b.positions[3 * i + 1], 1e-5) << i;
    EXPECT_EQ(s.scales[3 * i], b.scales[3 * i]) << i;
    EXPECT_EQ(s.opacities[i], b.opacities[i]) << i;
    EXPECT_EQ(s.sh[48 * i], b.sh[3 * i]) << i;  // DC is not turned
  }
}

TEST(MakeLargeScene, TheSameSeedGivesTheSameFileAndAnotherSeedAnother) {
  const auto dir = fresh_temp_dir("large-scene-seed");
  ASSERT_EQ(make(dir / "a.ply", "20000", "1").exit_code, 0);
  ASSERT_EQ(make(dir / "b.ply", "20000", "1").exit_code, 0);
  ASSERT_EQ(make(dir / "c.ply", "20000", "2").exit_code, 0);
  EXPECT_EQ(bytes_of(dir / "a.ply"), bytes_of(dir / "b.ply"));
  EXPECT_NE(bytes_of(dir / "a.ply"), bytes_of(dir / "c.ply"));
}

TEST(MakeLargeScene, BadOptionsAreRefusedWithExitCode2) {
  const auto dir = fresh_temp_dir("large-scene-bad");
  EXPECT_EQ(make(dir / "a.ply", "0", "1").exit_code, 2);
  EXPECT_EQ(make(dir / "a.ply", "lots", "1").exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.ply"));
}

}  // namespace
}  // namespace splatview::test
