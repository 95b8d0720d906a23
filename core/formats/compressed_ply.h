#pragma once
// PlayCanvas compressed PLY (SuperSplat, splat-transform): Gaussians in chunks of 256, each chunk with
// float min/max ranges; per Gaussian four packed 32-bit words (position 11/10/11 bits, rotation
// "largest three" 2+10/10/10 bits, log-scale 11/10/11 bits, colour and opacity 8/8/8/8 bits) and,
// optionally, an `sh` element of 8-bit f_rest values.
#include <cstddef>
#include <span>
#include <string>

#include "core/load_limits.h"
#include "core/loaded_scene.h"
#include "core/result.h"

namespace splatview {

// True when `bytes` start with a PLY header whose elements are the compressed layout (a `chunk`
// element, or `packed_*` vertex properties). Reads the header only.
bool is_compressed_ply(std::span<const std::byte> bytes);

// Decodes a compressed PLY; `name` is used in messages. Gaussians come out in file order.
Result<LoadedScene> decode_compressed_ply(std::span<const std::byte> bytes, const std::string& name,
                                          const LoadLimits& limits);
Result<LoadedScene> decode_compressed_ply(std::span<const std::byte> bytes, const std::string& name);

}  // namespace splatview
