#pragma once
// What every scene reader returns: the scene, and the warnings its file earned (bad Gaussians
// dropped, properties ignored), for the caller to print.
#include <string>
#include <vector>

#include "core/gaussian_scene.h"

namespace splatview {

struct LoadedScene {
  GaussianScene scene;
  std::vector<std::string> warnings;  // e.g. "dropped 3 Gaussians with NaN values"
};

}  // namespace splatview
