#pragma once
// Writes a scene as Niantic SPZ version 3: one gzip stream holding the 16-byte NGSP header and the
// attribute arrays (positions, alphas, colours, scales, rotations, SH), quantised as Niantic's
// reference library packs them by default:
//  - positions: 24-bit signed fixed point with 12 fractional bits (1/4096 units); fewer only when a
//    coordinate would not fit (|x| >= 2048), the fewest dropped that make every coordinate fit;
//  - opacity: 8 bits linear; DC colour: 0.5 + 0.15 * f_dc in 8 bits; scales: (ln s + 10) * 16 in 8
//    bits; rotations: "smallest three" (2 bits naming the largest component, 9 bits and a sign for
//    each other one, in units of 1/sqrt 2);
//  - SH: (x * 128 + 128) rounded, then to the nearest multiple of 8 (degree 1: 5 bits kept) or 16
//    (degrees 2 and 3: 4 bits), the byte read back as (b - 128) / 128.
// Values go into SPZ's standard frame (RUB: y up, z back) with their SH bands, the inverse of what the
// reader does, so no coordinate-system extension is written (and none is needed by any reader).
#include <string>

#include "core/gaussian_scene.h"
#include "core/result.h"

namespace splatview {

struct SpzWriteOptions {
  bool antialiased = false;  // header flag 0x1: the scene was trained with the 2D filter (Mip-Splatting)
};

// The .spz file's bytes; an Error naming `name` when the scene cannot be stored (a coordinate beyond
// SPZ's 24-bit range at any precision, or more Gaussians than its 32-bit count).
Result<std::string> encode_spz(const GaussianScene& scene, const std::string& name, const SpzWriteOptions& options = {});

}  // namespace splatview
