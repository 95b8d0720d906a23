#pragma once
// Niantic SPZ. Versions 1-3: the whole file is one gzip stream holding a 16-byte NGSP header and then
// every Gaussian's positions, alphas, colours, scales, rotations and SH, attribute by attribute.
// Version 4: an uncompressed 32-byte NGSP header, a table of contents, and each attribute as its own
// zstd stream. Values are in SPZ's RUB frame (x right, y up, z back) unless the file names another
// in the SPZ_ADOBE_coordinate_system extension (0xADBE0003), and are turned into the 3DGS frame (RDF:
// y down, z forward) on load, SH bands included. Extension records ([u32 type][u32 length][payload])
// are read where the format keeps them; unknown ones are skipped by their length.
#include <cstddef>
#include <span>
#include <string>

#include "core/load_limits.h"
#include "core/loaded_scene.h"
#include "core/result.h"

namespace splatview {

// The frame assumed for a file without the coordinate-system extension: the format's own (RUB), or
// RDF for files from writers that stored the PLY frame unchanged.
enum class SpzFrame { kRub, kRdf };

// True when `bytes` start like an SPZ file: the gzip magic, or "NGSP".
bool looks_like_spz(std::span<const std::byte> bytes);

// Decodes SPZ bytes; `name` is used in messages. Decompression never produces more than the header
// says the Gaussians need, and a header that claims more than the compressed data could possibly
// hold, or than `limits` allow, is refused before anything is allocated.
Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name,
                               const LoadLimits& limits);
Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name);
Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name, SpzFrame assumed);
// ... and refused when its count is over `limits` (core/load_limits.h) or implausible for its size.
Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name, const LoadLimits& limits);
Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name, SpzFrame assumed,
                               const LoadLimits& limits);

}  // namespace splatview
