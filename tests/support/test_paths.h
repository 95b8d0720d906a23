#pragma once
// Where tests find the real scenes, the project's own data and the built programs.
#include <filesystem>
#include <string>
#include <vector>

namespace splatview::test {

// The real scenes' folder: ../shared/data/scenes, or $SPLATVIEW_TEST_SCENES when set (test
// programs run away from the checkout, as scripts/gpu-check does).
std::filesystem::path shared_scenes_dir();
// <scenes folder>/<name>
std::filesystem::path shared_scene(const std::string& name);
// Every *.ply in the scenes folder, sorted by name.
std::vector<std::filesystem::path> shared_ply_scenes();
// <source>/<relative>, e.g. "data/scenes/playbot-31k-sh1.ply"
std::filesystem::path source_path(const std::string& relative);
// build/bin/<program>
std::filesystem::path built_program(const std::string& program);
// A fresh, empty temporary folder for one test.
std::filesystem::path fresh_temp_dir(const std::string& tag);

}  // namespace splatview::test
