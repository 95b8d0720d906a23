#pragma once
// Small rules about file names, written once.
#include <cctype>
#include <filesystem>
#include <string>

namespace splatview {

// A path's extension, dot included, in ASCII lower case: ".PLY" and ".ply" name the same format.
inline std::string lower_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

}  // namespace splatview
