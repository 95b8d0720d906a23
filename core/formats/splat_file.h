#pragma once
// antimatter15 `.splat`: 32 bytes a Gaussian, no header and no SH. Position float x3, linear scale
// float x3, colour RGBA u8 (RGB = (0.5 + C0 * f_dc) * 255, A = opacity * 255), rotation u8 x4
// (w, x, y, z as q * 128 + 128).
#include <cstddef>
#include <span>
#include <string>

#include "core/load_limits.h"
#include "core/loaded_scene.h"
#include "core/result.h"

namespace splatview {

inline constexpr std::size_t kSplatRecordBytes = 32;

// Decodes .splat bytes; `name` is used in messages. The size must be a non-zero multiple of 32.
Result<LoadedScene> decode_splat(std::span<const std::byte> bytes, const std::string& name,
                                 const LoadLimits& limits);
Result<LoadedScene> decode_splat(std::span<const std::byte> bytes, const std::string& name);

}  // namespace splatview
