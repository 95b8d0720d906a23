#pragma once
// Where the bundled data (default scene, later the default profile) is found at run time.
#include <filesystem>

namespace splatview {

// <data>/scenes/playbot-31k-sh1.ply, looked up beside an installed binary (../share/splatview)
// and then in the source tree the binary was built from.
std::filesystem::path bundled_scene_path();

}  // namespace splatview
