#pragma once
// Where the bundled data (default scene and profile) is found at run time.
#include <filesystem>
#include <string>

namespace splatview {

// <data>/<relative>, looked up beside an installed binary (../share/splatview) and then in the
// source tree the binary was built from; the source-tree path when neither exists, so that the
// error that follows names a real place.
std::filesystem::path bundled_data_path(const std::string& relative);

inline std::filesystem::path bundled_scene_path() { return bundled_data_path("scenes/playbot-31k-sh1.ply"); }
inline std::filesystem::path bundled_profile_path() { return bundled_data_path("profiles/hexu-zhao.toml"); }

}  // namespace splatview
