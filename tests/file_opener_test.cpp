// Opening files in the window: what a drop or the Open field leads to. A bad file must leave
// nothing to apply (the scene and profile on screen stay) and put its one-line error in the UI.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "app/window/file_opener.h"
#include "tests/support/run_program.h"
#include "tests/support/test_paths.h"

namespace splatview::test {
namespace {

// Polls like the frame loop until the opener has nothing pending (or a few seconds pass).
std::optional<OpenedFile> poll_until_settled(FileOpener& opener, Notice& message) {
  for (int i = 0; i < 500; ++i) {
    if (auto opened = opener.poll(message)) return opened;
    if (!opener.loading()) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

TEST(FileOpener, AGoodSceneLoadsOffTheCallingThreadAndIsHandedOutOnce) {
  FileOpener opener;
  Notice message;
  message.error("old error");
  opener.open(shared_scene("playbot-31k.splat"), message);
  EXPECT_TRUE(message.empty());
  const auto opened = poll_until_settled(opener, message);
  ASSERT_TRUE(opened && opened->scene) << message.text;
  EXPECT_EQ(opened->scene->scene.count(), 31000u);
  EXPECT_FALSE(opener.poll(message).has_value());
}

// The window reads files as the command line asked (--max-gaussians, --spz-frame), not by the defaults.
TEST(FileOpener, ScenesAreReadWithTheLoadOptionsItWasGiven) {
  FileOpener limited;
  SceneLoadOptions small;
  small.limits.max_gaussians = 1000;
  limited.set_load_options(small);
  Notice message;
  limited.open(shared_scene("playbot-31k.splat"), message);
  EXPECT_FALSE(poll_until_settled(limited, message).has_value());
  EXPECT_NE(message.text.find("31,000"), std::string::npos) << message.text;
  EXPECT_EQ(line_count(message.text), 1) << message.text;

  const auto spz = shared_scene("playbot-31k-sh2-v3.spz");
  FileOpener standard, legacy;
  SceneLoadOptions rdf;
  rdf.spz_frame = SpzFrame::kRdf;
  legacy.set_load_options(rdf);
  standard.open(spz, message);
  legacy.open(spz, message);
  const auto a = poll_until_settled(standard, message), b = poll_until_settled(legacy, message);
  ASSERT_TRUE(a && a->scene && b && b->scene) << message.text;
  ASSERT_EQ(a->scene->scene.count(), b->scene->scene.count());
  // RUB read as RDF: y and z come out negated against the standard reading.
  for (std::size_t i = 0; i < a->scene->scene.count(); i += 1000) {
    EXPECT_EQ(b->scene->scene.positions[3 * i], a->scene->scene.positions[3 * i]);
    EXPECT_EQ(b->scene->scene.positions[3 * i + 1], -a->scene->scene.positions[3 * i + 1]);
    EXPECT_EQ(b->scene->scene.positions[3 * i + 2], -a->scene->scene.positions[3 * i + 2]);
  }
}

TEST(FileOpener, ABadSceneLeavesNothingToApplyAndSaysWhyInOneLine) {
  const auto dir = fresh_temp_dir("opener-bad");
  const auto bad = dir / "broken.ply";
  std::ofstream(bad) << "ply\nformat binary_little_endian 1.0\nelement vertex 1000000\nend_header\n";
  FileOpener opener;
  Notice message;
  opener.open(bad, message);
  EXPECT_FALSE(poll_until_settled(opener, message).has_value());
  EXPECT_NE(message.text.find(bad.string()), std::string::npos) << message.text;
  EXPECT_TRUE(message.is_error);
  EXPECT_EQ(line_count(message.text), 1) << message.text;
}

TEST(FileOpener, ABadProfileLeavesNothingToApply) {
  const auto dir = fresh_temp_dir("opener-profile");
  const auto bad = dir / "me.toml";
  std::ofstream(bad) << "role = \"no name\"\n";
  FileOpener opener;
  Notice message;
  opener.open(bad, message);
  EXPECT_FALSE(opener.poll(message).has_value());
  EXPECT_NE(message.text.find("name"), std::string::npos) << message.text;

  opener.open(source_path("data/profiles/hexu-zhao.toml"), message);
  const auto opened = opener.poll(message);
  ASSERT_TRUE(opened && opened->profile) << message.text;
  EXPECT_EQ(opened->profile->profile.name, "Hexu Zhao");
}

TEST(FileOpener, ADroppedHomepageIsImportedIntoANewProfile) {
  FileOpener opener;
  Notice message;
  opener.open(source_path("tests/data/profile_import/plain-html/index.html"), message);
  const auto opened = opener.poll(message);
  ASSERT_TRUE(opened && opened->profile) << message.text;
  EXPECT_EQ(opened->profile->profile.name, "Jonas Weber");
  EXPECT_NE(message.text.find("section 'Hobbies' skipped"), std::string::npos) << message.text;
  EXPECT_FALSE(message.is_error);
}

TEST(FileOpener, OtherFilesAndASecondLoadAreRefusedWithAMessage) {
  FileOpener opener;
  Notice message;
  opener.open("/tmp/notes.txt", message);
  EXPECT_NE(message.text.find("not a scene"), std::string::npos) << message.text;
  EXPECT_FALSE(opener.loading());

  // The 34 MB scene takes tens of milliseconds to load: the second open comes while it loads.
  opener.open(shared_scene("playbot-500k-sh0.ply"), message);
  const bool still_loading = opener.loading();
  opener.open(shared_scene("playbot-31k.splat"), message);
  if (still_loading) {
    EXPECT_NE(message.text.find("still loading"), std::string::npos) << message.text;
  }
  const auto opened = poll_until_settled(opener, message);
  ASSERT_TRUE(opened && opened->scene);
  EXPECT_EQ(opened->scene->scene.count(), 500000u);
}

TEST(FileOpener, ACancelledLoadLeavesNothingToApplyAndSaysSoWithoutAnError) {
  FileOpener opener;
  Notice message;
  // Cancelled as soon as it starts: the 34 MB scene is far from loaded by then.
  opener.open(shared_scene("playbot-500k-sh0.ply"), message);
  ASSERT_TRUE(opener.loading());
  opener.cancel();
  EXPECT_FALSE(poll_until_settled(opener, message).has_value());
  EXPECT_FALSE(opener.loading());
  EXPECT_NE(message.text.find("cancelled loading playbot-500k-sh0.ply"), std::string::npos) << message.text;
  EXPECT_FALSE(message.is_error);
  EXPECT_EQ(opener.progress().bytes_total, 0u);  // nothing loading any more

  // The next file loads as usual, its progress complete when it is handed out.
  opener.open(shared_scene("playbot-31k-sh2.ply"), message);
  const auto opened = poll_until_settled(opener, message);
  ASSERT_TRUE(opened && opened->scene) << message.text;
  EXPECT_EQ(opened->scene->scene.count(), 31000u);
}

}  // namespace
}  // namespace splatview::test
