// The desktop's file dialog: which program, its arguments, reading its answer, and the path taken
// where none is installed. The run itself is checked with stand-in programs on PATH.
#include "app/window/file_dialog.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include "tests/support/test_paths.h"

namespace splatview {
namespace {

namespace fs = std::filesystem;

auto only(std::set<std::string> programs) {
  return [programs](const std::string& name) { return programs.count(name) != 0; };
}

TEST(FileDialog, KdialogOnKdeZenityElsewhereWhicheverIsInstalled) {
  EXPECT_EQ(choose_dialog_program("GNOME", only({"zenity", "kdialog"})), DialogProgram::kZenity);
  EXPECT_EQ(choose_dialog_program("KDE", only({"zenity", "kdialog"})), DialogProgram::kKdialog);
  EXPECT_EQ(choose_dialog_program("ubuntu:GNOME", only({"kdialog"})), DialogProgram::kKdialog);
  EXPECT_EQ(choose_dialog_program("KDE", only({"zenity"})), DialogProgram::kZenity);
  EXPECT_EQ(choose_dialog_program("", only({})), std::nullopt);
}

TEST(FileDialog, ArgumentsStartInTheFolderAndListScenesFirst) {
  const auto zenity = dialog_arguments(DialogProgram::kZenity, "/data/my scans");
  ASSERT_GE(zenity.size(), 4u);
  EXPECT_EQ(zenity[0], "zenity");
  EXPECT_EQ(zenity[1], "--file-selection");
  EXPECT_EQ(zenity[3], "--filename=/data/my scans/");  // one word: no shell splits it
  EXPECT_NE(zenity[4].find("*.ply"), std::string::npos);
  EXPECT_NE(zenity[4].find("*.toml"), std::string::npos);
  const auto kdialog = dialog_arguments(DialogProgram::kKdialog, "/data/my scans");
  ASSERT_EQ(kdialog.size(), 6u);
  EXPECT_EQ(kdialog[0], "kdialog");
  EXPECT_EQ(kdialog[3], "--getopenfilename");
  EXPECT_EQ(kdialog[4], "/data/my scans/");
  EXPECT_NE(kdialog[5].find("*.spz"), std::string::npos);
  EXPECT_EQ(kdialog[5].substr(kdialog[5].size() - 20), "|Scenes and profiles");
}

TEST(FileDialog, ReadsTheChosenFileAndNothingOnCancel) {
  EXPECT_EQ(chosen_file(0, "/a/b c.ply\n"), fs::path("/a/b c.ply"));
  EXPECT_EQ(chosen_file(0, "/a/b.ply"), fs::path("/a/b.ply"));
  EXPECT_EQ(chosen_file(0, "/a/first.ply\n/a/second.ply\n"), fs::path("/a/first.ply"));
  EXPECT_EQ(chosen_file(1, ""), std::nullopt);  // Cancel
  EXPECT_EQ(chosen_file(0, "\n"), std::nullopt);
  EXPECT_EQ(chosen_file(-1, "/a/b.ply\n"), std::nullopt);
}

// PATH and XDG_CURRENT_DESKTOP set for one test, and put back after it.
class Environment {
 public:
  Environment(const std::string& path) {
    if (const char* p = std::getenv("PATH")) old_path_ = p;
    if (const char* d = std::getenv("XDG_CURRENT_DESKTOP")) old_desktop_ = d;
    ::setenv("PATH", path.c_str(), 1);
    ::unsetenv("XDG_CURRENT_DESKTOP");
  }
  ~Environment() {
    ::setenv("PATH", old_path_.c_str(), 1);
    if (!old_desktop_.empty()) ::setenv("XDG_CURRENT_DESKTOP", old_desktop_.c_str(), 1);
  }

 private:
  std::string old_path_, old_desktop_;
};

void write_program(const fs::path& file, const std::string& script) {
  std::ofstream(file) << "#!/bin/sh\n" << script;
  ::chmod(file.c_str(), 0755);
}

std::optional<fs::path> wait_for_choice(FileDialog& dialog, Notice& message) {
  for (int i = 0; i < 500 && dialog.running(); ++i) {
    if (auto chosen = dialog.poll(message)) return chosen;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

TEST(FileDialog, NoneInstalledStartsNothingSoTheOpenFieldIsShown) {
  const fs::path empty = test::fresh_temp_dir("file-dialog-none");
  Environment environment(empty.string());
  FileDialog dialog;
  Notice message;
  EXPECT_FALSE(dialog.open("/tmp", message));
  EXPECT_FALSE(dialog.running());
  EXPECT_TRUE(message.empty());  // not an error: the field is there instead
}

TEST(FileDialog, RunsTheProgramWithoutAShellAndHandsBackItsChoice) {
  const fs::path bin = test::fresh_temp_dir("file-dialog-run");
  // The stand-in records each argument on a line of its own and answers like zenity.
  write_program(bin / "zenity", "for a in \"$@\"; do echo \"$a\" >> \"$0.args\"; done\n"
                                "echo 'GTK noise on stderr' >&2\necho '/scenes/a b.ply'\n");
  Environment environment(bin.string());
  FileDialog dialog;
  Notice message;
  ASSERT_TRUE(dialog.open("/data/my $HOME scans", message)) << message.text;
  EXPECT_TRUE(dialog.running());
  EXPECT_EQ(wait_for_choice(dialog, message), fs::path("/scenes/a b.ply"));
  EXPECT_FALSE(dialog.running());
  EXPECT_TRUE(message.empty()) << message.text;
  std::ifstream args(bin / "zenity.args");
  std::string line;
  std::vector<std::string> seen;
  while (std::getline(args, line)) seen.push_back(line);
  const std::vector<std::string> expected = dialog_arguments(DialogProgram::kZenity, "/data/my $HOME scans");
  EXPECT_EQ(seen, std::vector<std::string>(expected.begin() + 1, expected.end()));  // each word as it was
}

TEST(FileDialog, CancelIsSilentAndAFailureIsAnError) {
  const fs::path bin = test::fresh_temp_dir("file-dialog-fail");
  write_program(bin / "zenity", "exit 1\n");
  {
    Environment environment(bin.string());
    FileDialog dialog;
    Notice message;
    ASSERT_TRUE(dialog.open("/tmp", message));
    EXPECT_EQ(wait_for_choice(dialog, message), std::nullopt);
    EXPECT_FALSE(dialog.running());
    EXPECT_TRUE(message.empty());
  }
  write_program(bin / "zenity", "echo 'cannot open display' >&2\nexit 255\n");
  Environment environment(bin.string());
  FileDialog dialog;
  Notice message;
  ASSERT_TRUE(dialog.open("/tmp", message));
  EXPECT_EQ(wait_for_choice(dialog, message), std::nullopt);
  EXPECT_FALSE(dialog.running());
  EXPECT_TRUE(message.is_error);
  EXPECT_NE(message.text.find("cannot open display"), std::string::npos) << message.text;
  EXPECT_NE(message.text.find("zenity"), std::string::npos) << message.text;
}

}  // namespace
}  // namespace splatview
