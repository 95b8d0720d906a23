#pragma once
// The colour rules that scene decoding, image writing and both renderers share, each written once
// (DESIGN "Conventions"). SPLAT_HD: the CUDA backend's kernels call them too.
#include <cmath>
#include <cstdint>

#include "core/host_device.h"

namespace splatview {

// The degree-0 real SH basis constant: colour = 0.5 + kShC0 * f_dc. Double, for the decoders'
// double arithmetic; as a float it is exactly the literal 0.28209479177387814f.
inline constexpr double kShC0 = 0.28209479177387814;

// The 8-bit rule: round(clamp(v, 0, 1) * 255), NaN stored as 0.
SPLAT_HD std::uint8_t to_8bit(float v) {
  if (!(v == v)) return 0;
  const float clamped = v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
  return static_cast<std::uint8_t>(lroundf(clamped * 255.0f));
}

}  // namespace splatview
