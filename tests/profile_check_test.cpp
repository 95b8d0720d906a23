// `--check-profile`: the summary of the bundled profile, warnings on stderr, and exit codes 0 and 2.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "app/panels/profile_check.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

std::string contents(std::FILE* file) {
  std::rewind(file);
  std::string text;
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, read);
  return text;
}

struct Captured {
  int code = -1;
  std::string out;
  std::string err;
};

Captured check(const std::filesystem::path& path) {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  Captured captured;
  captured.code = run_check_profile(path, out, err);
  captured.out = contents(out);
  captured.err = contents(err);
  std::fclose(out);
  std::fclose(err);
  return captured;
}

TEST(CheckProfile, BundledProfilePrintsACompleteSummaryAndNoWarnings) {
  const Captured result = check(test::source_path("data/profiles/hexu-zhao.toml"));
  EXPECT_EQ(result.code, 0);
  EXPECT_EQ(result.err, "");
  for (const char* expected :
       {"name:   Hexu Zhao\n", "photo:  (none: initials avatar \"HZ\")", "links (9):", "news (2):",
        "publications (6, with 10 links):", "  2. CLM: Removing the GPU Memory Barrier for 3D Gaussian Splatting\n",
        "     Hexu Zhao*, Xiwen Min*, Xiaoteng Liu,", "     arXiv <https://arxiv.org/abs/2511.04951>",
        "sections (5):", "  Experience (4):", "up -y, azimuth 0°, elevation 10°, distance auto", "warnings: 0\n"}) {
    EXPECT_NE(result.out.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << result.out;
  }
}

TEST(CheckProfile, WarningsGoToStderrWithTheFileAndLine) {
  const auto dir = test::fresh_temp_dir("check-profile");
  const auto path = dir / "me.toml";
  std::ofstream(path) << "name = \"Ada\"\nfavourite = 1\n[[links]]\nlabel = \"x\"\nurl = \"javascript:x\"\n";
  const Captured result = check(path);
  EXPECT_EQ(result.code, 0);
  EXPECT_NE(result.out.find("warnings: 2 (listed on stderr)"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("splatview: " + path.string() + ": line 2: unknown key 'favourite'"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("splatview: " + path.string() + ": line 5: link 1 url 'javascript:x' is not allowed"),
            std::string::npos)
      << result.err;
}

TEST(CheckProfile, AnErrorIsOneLineOnStderrAndExitCodeTwo) {
  const auto dir = test::fresh_temp_dir("check-profile-bad");
  const auto path = dir / "bad.toml";
  std::ofstream(path) << "role = \"no name\"\n";
  const Captured result = check(path);
  EXPECT_EQ(result.code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err.rfind("splatview: " + path.string() + ": the profile has no name (", 0), 0u) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);

  const Captured missing = check(dir / "absent.toml");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no such file"), std::string::npos);
}

}  // namespace
}  // namespace splatview
