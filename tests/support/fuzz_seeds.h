#pragma once
// Small valid files for the fuzzers, cut from the real playbot and voxel51 scenes (a few hundred
// Gaussians each, re-packed with the formats' own rules) so that each mutated case decodes quickly.
#include <cstddef>
#include <map>
#include <string>

#include "tests/support/format_bytes.h"

namespace splatview::test {

// The compressed PLY's first `n` Gaussians (n <= 512: two chunks), counts rewritten.
Bytes compressed_ply_seed(std::size_t n);
// The .splat's first `n` records.
Bytes splat_seed(std::size_t n);
// SPZ version 3 of the first `n` Gaussians, uncompressed (gzip() it for the gzip file).
Bytes spz_v3_seed(std::size_t n);
// SPZ version 4 of the first `n` Gaussians, streams re-compressed with zstd.
Bytes spz_v4_seed(std::size_t n);
// A 64-Gaussian SOG's members (stored_zip() them for the bundle).
std::map<std::string, Bytes> sog_seed_members();
// The first `n` Gaussians of a PLY in ../shared/data/scenes whose only element is vertex (binary or
// ASCII), its vertex count rewritten.
Bytes ply_seed(const std::string& file, std::size_t n);
// An INRIA cameras.json of `views` valid views.
std::string cameras_json_seed(int views);

}  // namespace splatview::test
