#pragma once
// What every scene reader returns: the scene, the warnings its file earned (bad Gaussians dropped,
// properties ignored) for the caller to print, and the other files it was read from.
#include <filesystem>
#include <string>
#include <vector>

#include "core/gaussian_scene.h"

namespace splatview {

struct LoadedScene {
  GaussianScene scene;
  std::vector<std::string> warnings;  // e.g. "dropped 3 Gaussians with NaN values"
  // The files it was read from besides the one opened (a .gltf's buffers, a SOG meta.json's
  // images): inputs too, which no export may write over.
  std::vector<std::filesystem::path> other_files;
};

}  // namespace splatview
