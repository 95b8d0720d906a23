#pragma once
// Niantic SPZ. Versions 1-3: the whole file is one gzip stream holding a 16-byte NGSP header and then
// every Gaussian's positions, alphas, colours, scales, rotations and SH, attribute by attribute.
// Version 4: an uncompressed 32-byte NGSP header, a table of contents, and each attribute as its own
// zstd stream. Values are in SPZ's RUB frame (x right, y up, z back) and are turned into the 3DGS
// frame (y down, z forward) on load.
#include <cstddef>
#include <span>
#include <string>

#include "core/ply_reader.h"
#include "core/result.h"

namespace splatview {

// True when `bytes` start like an SPZ file: the gzip magic, or "NGSP".
bool looks_like_spz(std::span<const std::byte> bytes);

// Decodes SPZ bytes; `name` is used in messages. Decompression never produces more than the header
// says the Gaussians need, and a header that claims more than the compressed data could possibly
// hold, or than `limits` allow, is refused before anything is allocated.
Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name,
                               const LoadLimits& limits);
Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name);

}  // namespace splatview
