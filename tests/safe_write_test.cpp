// core/safe_write: files that belong together are replaced together or not at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/safe_write.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

namespace fs = std::filesystem;

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(SafeWrite, FilesThatBelongTogetherAreAllReplaced) {
  const auto dir = test::fresh_temp_dir("safe-write-pair");
  std::ofstream(dir / "a.bin") << "old bin";
  const FileContents files[] = {{dir / "a.bin", "new bin"}, {dir / "a.gltf", "new gltf"}};
  ASSERT_FALSE(write_files_safely(files).has_value());
  EXPECT_EQ(contents(dir / "a.bin"), "new bin");
  EXPECT_EQ(contents(dir / "a.gltf"), "new gltf");
  EXPECT_EQ(entries(dir), 2u);  // no temporaries left
}

TEST(SafeWrite, OneFileThatCannotBeWrittenReplacesNone) {
  const auto dir = test::fresh_temp_dir("safe-write-fail");
  std::ofstream(dir / "a.bin") << "old bin";
  const FileContents files[] = {{dir / "a.bin", "new bin"}, {dir / "missing" / "a.gltf", "new gltf"}};
  const auto error = write_files_safely(files);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->file, (dir / "missing" / "a.gltf").string());
  EXPECT_EQ(contents(dir / "a.bin"), "old bin");
  EXPECT_EQ(entries(dir), 1u);  // the finished temporary of a.bin is gone too
}

}  // namespace
}  // namespace splatview
