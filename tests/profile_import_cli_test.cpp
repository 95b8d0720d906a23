// `splatview --import-profile` as a user runs it: TOML on stdout or into --output (never replacing a file
// without --force, never a source), a summary and the warnings on stderr, the output accepted by
// --check-profile, and every bad source refused with exit 2 and one line. `--profile` takes a page directly.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/support/run_program.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

using test::line_count;

test::ProgramResult splatview(const std::vector<std::string>& args) {
  return test::run_program(test::built_program("splatview").string(), args);
}

std::string fixture(const std::string& name) {
  return test::source_path("tests/data/profile_import/" + name).string();
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ImportProfileCli : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::fresh_temp_dir("import_profile_cli"); }
  std::string write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
};

TEST_F(ImportProfileCli, WritesTomlToStdoutWithASummaryOnStderr) {
  const auto result = splatview({"--import-profile", fixture("plain-html/index.html"), "--base-url", "https://jonas.example.edu/"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("name = \"Jonas Weber\""), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("splatview: imported name 'Jonas Weber', role, photo"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("warning: " + fixture("plain-html/index.html") + " line 34: section 'Hobbies'"),
            std::string::npos) << result.err;
}

TEST_F(ImportProfileCli, OutputPassesCheckProfileAndIsNeverReplacedWithoutForce) {
  const std::string output = (dir_ / "me.toml").string();
  const std::vector<std::string> import = {"--import-profile", fixture("academicpages/about.md"),
                                           fixture("papers.bib"), "--output", output};
  auto first = splatview(import);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(first.out.empty());
  const auto check = splatview({"--check-profile", output});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("warnings: 0"), std::string::npos) << check.out << check.err;

  write("me.toml", "name = \"Kept\"\n");
  auto second = splatview(import);
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_EQ(line_count(second.err), 1) << second.err;
  EXPECT_NE(second.err.find("already exists (pass --force"), std::string::npos) << second.err;
  EXPECT_EQ(read_text(output), "name = \"Kept\"\n");

  std::vector<std::string> forced = import;
  forced.push_back("--force");
  auto third = splatview(forced);
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_NE(read_text(output).find("name = \"Mira Okafor\""), std::string::npos);
}

TEST_F(ImportProfileCli, NeverWritesOverASource) {
  const std::string page = write("page.md", "# Ada Example\n\n## Bio\n\nHello.\n");
  const auto result = splatview({"--import-profile", page, "--output", page, "--force"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(line_count(result.err), 1) << result.err;
  EXPECT_EQ(read_text(page), "# Ada Example\n\n## Bio\n\nHello.\n");
}

TEST_F(ImportProfileCli, EveryBadSourceExitsTwoWithOneLineNamingIt) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {write("binary.md", std::string("\x7f" "ELF\0\0\0\0", 8)), "binary data"},
      {write("empty.html", ""), "empty"},
      {write("noname.md", "Some words and no heading.\n"), "pass --name"},
      {write("open.bib", "@article{x, title = {Open\n"), "unbalanced braces"},
      {write("types.bib", "@gizmo{x, title = {A}}\n"), "no BibTeX entry"},
      {write("huge.md", std::string((8u << 20) + 1, '#')), "over the limit"},
      {(dir_ / "missing.html").string(), "missing.html"},
      {write("notes.odt", "x"), "not a source splatview imports"},
  };
  for (const auto& [path, needle] : cases) {
    const auto result = splatview({"--import-profile", path});
    EXPECT_EQ(result.exit_code, 2) << path;
    EXPECT_EQ(line_count(result.err), 1) << path << ": " << result.err;
    EXPECT_NE(result.err.find(needle), std::string::npos) << path << ": " << result.err;
    EXPECT_NE(result.err.find(std::filesystem::path(path).filename().string()), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty());
  }
}

TEST_F(ImportProfileCli, BadUsageExitsTwo) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--import-profile"}, {"--import-profile", fixture("papers.bib"), "--output"},
           {"--import-profile", fixture("papers.bib"), "--frobnicate"}}) {
    const auto result = splatview(args);
    EXPECT_EQ(result.exit_code, 2) << args.back();
    EXPECT_EQ(line_count(result.err), 1) << result.err;
  }
}

TEST_F(ImportProfileCli, ProfileOptionImportsAPageInMemory) {
  // A bad page given to --profile stops before any window or export, with one line.
  const auto bad = splatview({"--profile", write("empty.md", ""), "--screenshot", (dir_ / "x.png").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(line_count(bad.err), 1) << bad.err;
  EXPECT_NE(bad.err.find("empty"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace splatview
