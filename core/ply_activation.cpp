#include "core/ply_activation.h"

namespace splatview::ply {

void DropCounts::report(std::vector<std::string>& warnings) const {
  auto gaussians = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " Gaussian" : " Gaussians"); };
  if (nan) warnings.push_back("dropped " + gaussians(nan) + " with NaN values");
  if (infinite)
    warnings.push_back("dropped " + gaussians(infinite) +
                       " with infinite position, scale, rotation or colour values");
  if (transparent)
    warnings.push_back("dropped " + gaussians(transparent) + " with opacity -Inf (fully transparent)");
  if (zero_rotation)
    warnings.push_back("dropped " + gaussians(zero_rotation) + " with a zero-length rotation quaternion");
}

}  // namespace splatview::ply
