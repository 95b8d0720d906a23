#pragma once
// PlayCanvas SOG, version 2: a `meta.json` and WebP textures, one pixel per Gaussian. means_l/means_u:
// 16-bit positions (low and high bytes) between per-axis bounds of sign(x) * ln(1 + |x|); quats:
// "largest three" in RGB with the largest's index in A (252 + i); scales: three indices into a
// 256-entry log-scale codebook; sh0: three indices into an f_dc codebook, opacity in A; optional shN:
// a 16-bit palette label per Gaussian and a palette of SH coefficients as codebook indices. A bundled
// `.sog` is a ZIP of those files; an unbundled one is a folder with meta.json beside them.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

#include "core/load_limits.h"
#include "core/loaded_scene.h"
#include "core/result.h"

namespace splatview {

// Decodes a bundled .sog (ZIP) held in memory; `name` is used in messages.
Result<LoadedScene> decode_sog(std::span<const std::byte> bytes, const std::string& name,
                               const LoadLimits& limits);
Result<LoadedScene> decode_sog(std::span<const std::byte> bytes, const std::string& name);

// Decodes an unbundled SOG: `meta_json` is the path of its meta.json, whose text is `meta_text`; the
// textures are read from the same folder.
Result<LoadedScene> decode_sog_folder(std::span<const std::byte> meta_text,
                                      const std::filesystem::path& meta_json, const LoadLimits& limits);
Result<LoadedScene> decode_sog_folder(std::span<const std::byte> meta_text,
                                      const std::filesystem::path& meta_json);

}  // namespace splatview
