#pragma once
// DESIGN "Activations at load": turns one Gaussian's raw PLY values into the scene's activated
// ones (exp of the scales, sigmoid of the opacity, unit quaternion), rejecting Gaussians with NaN
// or infinite values, and counts what was dropped. Inline: it runs once per Gaussian.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/gaussian_scene.h"
#include "core/ply_layout.h"

namespace splatview::ply {

enum class Verdict { kKeep, kNaN, kInfinite, kTransparent, kZeroRotation };

// Narrowing that is defined for every double: out of float range gives +-Inf.
inline float narrow(double v) {
  constexpr double kMax = std::numeric_limits<float>::max();
  if (v > kMax) return std::numeric_limits<float>::infinity();
  if (v < -kMax) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(v);
}

// exp of three raw log-scales into `scale`; false at the first that leaves float's range.
inline bool activate_scales(const double* raw, float* scale) {
  for (int i = 0; i < 3; ++i) {
    scale[i] = narrow(std::exp(raw[i]));
    if (!std::isfinite(scale[i])) return false;
  }
  return true;
}

// A finite quaternion (w, x, y, z) made unit length into `rot`; false when it has no length at all.
inline bool normalise_rotation(const double* q, float* rot) {
  double norm2 = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3];
  if (norm2 > 1e-200 && norm2 < 1e200) {
    const double inv = 1.0 / std::sqrt(norm2);
    for (int i = 0; i < 4; ++i) rot[i] = static_cast<float>(q[i] * inv);
    return true;
  }
  // The squares leave double's comfortable range: divide by the largest component first (never
  // multiply by its inverse, which overflows for subnormal components), then normalise.
  const double largest = std::max({std::fabs(q[0]), std::fabs(q[1]), std::fabs(q[2]), std::fabs(q[3])});
  if (largest == 0.0) return false;
  double scaled[4];
  norm2 = 0.0;
  for (int i = 0; i < 4; ++i) {
    scaled[i] = q[i] / largest;
    norm2 += scaled[i] * scaled[i];
  }
  const double norm = std::sqrt(norm2);  // in [1, 2]
  for (int i = 0; i < 4; ++i) rot[i] = static_cast<float>(scaled[i] / norm);
  return true;
}

inline float activate_opacity(double raw) { return static_cast<float>(1.0 / (1.0 + std::exp(-raw))); }

// Activates one Gaussian's raw slot values (DESIGN "Activations at load") into the scene at `out`.
// Writes may happen before a Gaussian is rejected; the caller then reuses `out`.
inline Verdict activate(const double* raw, int slot_count, GaussianScene& scene, std::size_t out) {
  for (int s = 0; s < slot_count; ++s) {
    if (std::isnan(raw[s])) return Verdict::kNaN;
  }
  float* pos = &scene.positions[3 * out];
  for (int i = 0; i < 3; ++i) {
    pos[i] = narrow(raw[kPosSlot + i]);
    if (!std::isfinite(pos[i])) return Verdict::kInfinite;
  }
  const int sh_values = slot_count - kShSlot;
  float* sh = &scene.sh[static_cast<std::size_t>(sh_values) * out];
  for (int i = 0; i < sh_values; ++i) {
    sh[i] = narrow(raw[kShSlot + i]);
    if (!std::isfinite(sh[i])) return Verdict::kInfinite;
  }
  if (!activate_scales(raw + kScaleSlot, &scene.scales[3 * out])) return Verdict::kInfinite;
  const double* q = raw + kRotSlot;
  for (int i = 0; i < 4; ++i) {
    if (!std::isfinite(q[i])) return Verdict::kInfinite;
  }
  if (!normalise_rotation(q, &scene.rotations[4 * out])) return Verdict::kZeroRotation;
  const double opacity = raw[kOpacitySlot];
  if (opacity == -std::numeric_limits<double>::infinity()) return Verdict::kTransparent;
  scene.opacities[out] = activate_opacity(opacity);
  return Verdict::kKeep;
}

// activate() for a record whose slots are all host-order float32, read in place at `offset`: the
// common case, taken without widening every value to double. A float widened to double and
// narrowed back is itself, and the scales, rotation and opacity are computed from the same doubles
// by the same functions, so the result is bit for bit activate()'s. A record holding any NaN or
// infinity goes through activate() itself, so that its verdict is the same too.
inline Verdict activate_floats(const unsigned char* record, const std::size_t* offset, int slot_count,
                               GaussianScene& scene, std::size_t out) {
  constexpr std::uint32_t kExponent = 0x7f800000u;  // all ones: NaN or infinity
  std::uint32_t special = 0;
  auto take = [&](int s) {
    std::uint32_t bits;
    std::memcpy(&bits, record + offset[s], sizeof bits);
    special |= static_cast<std::uint32_t>((bits & kExponent) == kExponent);
    return std::bit_cast<float>(bits);
  };
  float* pos = &scene.positions[3 * out];
  for (int i = 0; i < 3; ++i) pos[i] = take(kPosSlot + i);
  const int sh_values = slot_count - kShSlot;
  float* sh = &scene.sh[static_cast<std::size_t>(sh_values) * out];
  for (int i = 0; i < sh_values; ++i) sh[i] = take(kShSlot + i);
  double scale[3], q[4];
  for (int i = 0; i < 3; ++i) scale[i] = take(kScaleSlot + i);
  for (int i = 0; i < 4; ++i) q[i] = take(kRotSlot + i);
  const double opacity = take(kOpacitySlot);
  if (special) {
    double raw[kMaxSlots];
    for (int s = 0; s < slot_count; ++s) {
      float v;
      std::memcpy(&v, record + offset[s], sizeof v);
      raw[s] = v;
    }
    return activate(raw, slot_count, scene, out);
  }
  if (!activate_scales(scale, &scene.scales[3 * out])) return Verdict::kInfinite;
  if (!normalise_rotation(q, &scene.rotations[4 * out])) return Verdict::kZeroRotation;
  scene.opacities[out] = activate_opacity(opacity);
  return Verdict::kKeep;
}

struct DropCounts {
  std::size_t nan = 0, infinite = 0, transparent = 0, zero_rotation = 0;

  // Counts a verdict; true when the Gaussian is kept.
  bool count(Verdict v) {
    switch (v) {
      case Verdict::kKeep: return true;
      case Verdict::kNaN: ++nan; break;
      case Verdict::kInfinite: ++infinite; break;
      case Verdict::kTransparent: ++transparent; break;
      case Verdict::kZeroRotation: ++zero_rotation; break;
    }
    return false;
  }

  void add(const DropCounts& other) {
    nan += other.nan;
    infinite += other.infinite;
    transparent += other.transparent;
    zero_rotation += other.zero_rotation;
  }

  // One warning per kind of drop, e.g. "dropped 3 Gaussians with NaN values".
  void report(std::vector<std::string>& warnings) const;
};

}  // namespace splatview::ply
