// Bad input for every splat format: truncated files, lying headers, decompression bombs, broken ZIPs
// and textures. Each gives an Error that names the file and says what is wrong (or, for a few bad
// Gaussians, a warning and those Gaussians dropped), never a crash or an allocation sized by an
// unchecked number. Small valid files are built here with the formats' own rules and checked first, so
// each bad case differs from a good one in just the way it names.
#include <gtest/gtest.h>

#include <algorithm>
#include <zip.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/formats/compressed_ply.h"
#include "core/formats/scene_loader.h"
#include "core/formats/sog.h"
#include "core/formats/splat_file.h"
#include "core/formats/spz.h"
#include "tests/support/format_bytes.h"
#include "tests/support/peak_memory.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

using test::Bytes;
using test::Decoder;
using test::gzip;
using test::put;
using test::read_shared_bytes;
using test::stored_zip;
using test::text_of;
using test::to_bytes;
using test::unzip;
using test::webp_lossless;
const std::string kName = "bad-input";

Result<LoadedScene> run(Decoder decoder, const Bytes& bytes) { return test::decode_exact_copy(decoder, bytes, kName); }

Error error_of(Decoder decoder, const Bytes& bytes) {
  auto result = run(decoder, bytes);
  if (result.ok()) {
    ADD_FAILURE() << "decoded without error";
    return {};
  }
  EXPECT_EQ(result.error().file, kName);
  EXPECT_FALSE(result.error().hint.empty()) << result.error().message();
  return result.error();
}

#define EXPECT_WHAT(decoder, bytes, fragment)                                            \
  do {                                                                                   \
    const Error error_ = error_of(decoder, bytes);                                       \
    EXPECT_NE(error_.what.find(fragment), std::string::npos) << "what: " << error_.what; \
  } while (0)

LoadedScene decoded(Decoder decoder, const Bytes& bytes) {
  auto result = run(decoder, bytes);
  if (!result) {
    ADD_FAILURE() << result.error().message();
    return {};
  }
  return std::move(result).value();
}

// ---- Compressed PLY -----------------------------------------------------------------------------

constexpr const char* kChunkProps[] = {
    "min_x",       "min_y",       "min_z",       "max_x",       "max_y",       "max_z",
    "min_scale_x", "min_scale_y", "min_scale_z", "max_scale_x", "max_scale_y", "max_scale_z",
    "min_r",       "min_g",       "min_b",       "max_r",       "max_g",       "max_b"};

// A compressed PLY of n Gaussians (one chunk per 256) with every chunk spanning [-1, 1] in position,
// [-4, 0] in log scale, [0, 0.5] in colour; all Gaussians packed alike; optional degree-1 SH bytes.
struct CompressedPly {
  std::size_t n = 2;
  int sh_properties = 9;
  std::string format = "binary_little_endian";
  std::string chunk_count;  // empty: the right one
  std::string vertex_type = "uint";
  std::string extra_chunk_property;
  std::size_t skip_chunk_property = 99;
  std::uint32_t position = (1000u << 21) | (500u << 11) | 2047u;
  std::uint32_t rotation = (0u << 30) | (511u << 20) | (511u << 10) | 511u;  // w largest, the rest ~0
  std::uint32_t scale = (2047u << 21) | (0u << 11) | 1023u;
  std::uint32_t colour = (255u << 24) | (0u << 16) | (128u << 8) | 204u;
  float chunk_value_override = std::numeric_limits<float>::quiet_NaN();  // for min_x of chunk 0 when set
  bool override_min_x = false;
  bool colour_ranges = true;  // older SuperSplat files have none

  Bytes build() const {
    const std::size_t chunks = (n + 255) / 256;
    std::string header = "ply\nformat " + format + " 1.0\nelement chunk " +
                         (chunk_count.empty() ? std::to_string(chunks) : chunk_count) + "\n";
    std::size_t chunk_floats = 0;
    const std::size_t props = colour_ranges ? 18 : 12;
    for (std::size_t p = 0; p < props; ++p) {
      if (p == skip_chunk_property) continue;
      header += std::string("property float ") + kChunkProps[p] + "\n";
      ++chunk_floats;
    }
    header += extra_chunk_property;
    header += "element vertex " + std::to_string(n) + "\n";
    for (const char* p : {"packed_position", "packed_rotation", "packed_scale", "packed_color"})
      header += "property " + vertex_type + " " + p + "\n";
    if (sh_properties > 0) {
      header += "element sh " + std::to_string(n) + "\n";
      for (int j = 0; j < sh_properties; ++j) header += "property uchar f_rest_" + std::to_string(j) + "\n";
    }
    header += "end_header\n";
    Bytes out = to_bytes(header);
    const float ranges[18] = {-1, -1, -1, 1, 1, 1, -4, -4, -4, 0, 0, 0, 0, 0, 0, 0.5f, 0.5f, 0.5f};
    for (std::size_t c = 0; c < chunks; ++c) {
      for (std::size_t p = 0; p < props; ++p) {
        if (p == skip_chunk_property) continue;
        put(out, (p == 0 && c == 0 && override_min_x) ? chunk_value_override : ranges[p]);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::uint32_t word : {position, rotation, scale, colour}) put(out, word);
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (int j = 0; j < sh_properties; ++j)
        put(out, static_cast<std::uint8_t>(j == 0 ? 0 : j == 1 ? 255 : 64));
    }
    return out;
  }
};

// The packed words above, decoded by hand from the format's rules.
TEST(CompressedPlyValues, DecodeFromTheirPackedBits) {
  const LoadedScene loaded = decoded(decode_compressed_ply, CompressedPly{}.build());
  const GaussianScene& s = loaded.scene;
  ASSERT_EQ(s.count(), 2u);
  ASSERT_EQ(s.sh_degree, 1);
  // Position: 11/10/11-bit fractions of [-1, 1].
  EXPECT_NEAR(s.positions[0], -1 + 2 * 1000 / 2047.0, 1e-6);
  EXPECT_NEAR(s.positions[1], -1 + 2 * 500 / 1023.0, 1e-6);
  EXPECT_NEAR(s.positions[2], 1.0, 1e-6);
  // Log scale: fractions of [-4, 0].
  EXPECT_NEAR(s.scales[0], 1.0, 1e-6);
  EXPECT_NEAR(s.scales[1], std::exp(-4.0), 1e-7);
  EXPECT_NEAR(s.scales[2], std::exp(-4 + 4 * 1023 / 2047.0), 1e-6);
  // Colour: f_dc = (c - 0.5) / C0 with c = byte / 255 of the range [0, 0.5]; opacity = byte / 255.
  constexpr double kC0 = 0.28209479177387814;
  EXPECT_NEAR(s.sh[0], (0.5 - 0.5) / kC0, 1e-5);
  EXPECT_NEAR(s.sh[1], (0.0 - 0.5) / kC0, 1e-5);
  EXPECT_NEAR(s.sh[2], (0.5 * 128 / 255.0 - 0.5) / kC0, 1e-5);
  EXPECT_NEAR(s.opacities[0], 204 / 255.0, 1e-6);
  // Rotation: w largest, x y z = (511/1023 - 0.5) * sqrt2 each, w rebuilt, then normalised.
  const double small = (511 / 1023.0 - 0.5) * std::sqrt(2.0);
  const double w = std::sqrt(1 - 3 * small * small);
  EXPECT_NEAR(s.rotations[0], w, 1e-6);
  EXPECT_NEAR(s.rotations[1], small, 1e-6);
  // SH: channel-major bytes f_rest_0 (red k=1) = 0 -> -4, f_rest_1 (red k=2) = 255 -> 4, others 64 ->
  // ((64.5 / 256) - 0.5) * 8; the scene is coefficient-major (sh[3k + c]).
  EXPECT_EQ(s.sh[3 * 1 + 0], -4.0f);
  EXPECT_EQ(s.sh[3 * 2 + 0], 4.0f);
  EXPECT_NEAR(s.sh[3 * 1 + 1], (64.5 / 256 - 0.5) * 8, 1e-6);
}

TEST(BadCompressedPly, TruncatedData) {
  Bytes bytes = CompressedPly{}.build();
  bytes.pop_back();
  EXPECT_WHAT(decode_compressed_ply, bytes, "element 'sh' count 2 needs 18 bytes but only 17 remain");
  bytes.erase(bytes.end() - 40, bytes.end());
  EXPECT_WHAT(decode_compressed_ply, bytes, "element 'vertex'");
}

TEST(BadCompressedPly, LyingCounts) {
  CompressedPly lying_chunks;
  lying_chunks.chunk_count = "2";
  EXPECT_WHAT(decode_compressed_ply, lying_chunks.build(), "element 'chunk' count 2 needs");
  CompressedPly too_few;
  too_few.n = 300;  // needs 2 chunks
  too_few.chunk_count = "1";
  EXPECT_WHAT(decode_compressed_ply, too_few.build(), "chunk count 1 does not match vertex count 300");
  CompressedPly none;
  none.n = 0;
  none.sh_properties = 0;
  EXPECT_WHAT(decode_compressed_ply, none.build(), "no Gaussians");
}

TEST(BadCompressedPly, MissingOrMistypedProperties) {
  CompressedPly no_min_x;
  no_min_x.skip_chunk_property = 0;
  EXPECT_WHAT(decode_compressed_ply, no_min_x.build(), "lacks float property 'min_x'");
  CompressedPly float_words;
  float_words.vertex_type = "float";
  EXPECT_WHAT(decode_compressed_ply, float_words.build(), "lacks uint property 'packed_position'");
  CompressedPly odd_sh;
  odd_sh.sh_properties = 10;
  EXPECT_WHAT(decode_compressed_ply, odd_sh.build(), "sh element has 10 properties");
  CompressedPly ascii;
  ascii.format = "ascii";
  EXPECT_WHAT(decode_compressed_ply, ascii.build(), "must be binary_little_endian");
  CompressedPly list;
  list.extra_chunk_property = "property list uchar int indices\n";
  EXPECT_WHAT(decode_compressed_ply, list.build(), "list property in element 'chunk'");
}

// Without colour ranges (older SuperSplat files) the colour byte is the colour itself.
TEST(CompressedPlyValues, ChunksWithoutColourRanges) {
  CompressedPly old;
  old.colour_ranges = false;
  const LoadedScene loaded = decoded(decode_compressed_ply, old.build());
  constexpr double kC0 = 0.28209479177387814;
  ASSERT_EQ(loaded.scene.count(), 2u);
  EXPECT_NEAR(loaded.scene.sh[0], (1.0 - 0.5) / kC0, 1e-5);
  EXPECT_NEAR(loaded.scene.sh[2], (128 / 255.0 - 0.5) / kC0, 1e-5);
}

TEST(BadCompressedPly, NaNChunkBoundsDropTheirGaussiansWithAWarning) {
  CompressedPly two_chunks;
  two_chunks.n = 300;
  two_chunks.override_min_x = true;  // chunk 0 (256 Gaussians) gets min_x = NaN
  const LoadedScene loaded = decoded(decode_compressed_ply, two_chunks.build());
  EXPECT_EQ(loaded.scene.count(), 44u);
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_EQ(loaded.warnings[0], "dropped 256 Gaussians with NaN values");
  CompressedPly all_bad;
  all_bad.override_min_x = true;
  EXPECT_WHAT(decode_compressed_ply, all_bad.build(),
              "no usable Gaussians (all 2 dropped: dropped 2 Gaussians with NaN");
}

TEST(BadCompressedPly, NotAPlyAtAll) {
  EXPECT_WHAT(decode_compressed_ply, to_bytes("hello"), "not a PLY file");
  EXPECT_WHAT(decode_compressed_ply,
              to_bytes("ply\nformat binary_little_endian 1.0\nelement vertex 1\n"
                       "property float x\nend_header\n0000"),
              "without a chunk element");
}

// ---- .splat -----------------------------------------------------------------------------------------

// One 32-byte record: position, linear scale, RGBA, rotation bytes.
Bytes splat_record(float x, float scale, std::uint8_t alpha, std::uint8_t rot_w = 255) {
  Bytes out;
  for (float v : {x, 0.0f, 0.0f, scale, scale, scale}) put(out, v);
  for (std::uint8_t v : {std::uint8_t(255), std::uint8_t(128), std::uint8_t(0), alpha, rot_w,
                         std::uint8_t(128), std::uint8_t(128), std::uint8_t(128)})
    put(out, v);
  return out;
}

TEST(SplatValues, DecodeFromTheirBytes) {
  const LoadedScene loaded = decoded(decode_splat, splat_record(1.5f, 0.25f, 51));
  const GaussianScene& s = loaded.scene;
  ASSERT_EQ(s.count(), 1u);
  EXPECT_EQ(s.sh_degree, 0);
  EXPECT_EQ(s.positions[0], 1.5f);
  EXPECT_NEAR(s.scales[0], 0.25, 1e-7);
  EXPECT_NEAR(s.opacities[0], 51 / 255.0, 1e-7);
  constexpr double kC0 = 0.28209479177387814;
  EXPECT_NEAR(s.sh[0], (1.0 - 0.5) / kC0, 1e-5);
  EXPECT_NEAR(s.sh[2], (0.0 - 0.5) / kC0, 1e-5);
  EXPECT_NEAR(s.rotations[0], 1.0, 1e-7);  // (127, 0, 0, 0) / 128, normalised
}

TEST(BadSplat, SizeNotAMultipleOf32) {
  Bytes bytes = splat_record(0, 1, 255);
  bytes.pop_back();
  EXPECT_WHAT(decode_splat, bytes, "not a multiple of 32 (31 bytes left over)");
  EXPECT_WHAT(decode_splat, Bytes{}, "empty file");
}

TEST(BadSplat, BadRecordsAreDroppedWithWarnings) {
  Bytes bytes = splat_record(0, 1, 255);
  for (const Bytes& bad :
       {splat_record(std::nanf(""), 1, 255), splat_record(0, -1, 255), splat_record(0, 1, 255, 128),
        splat_record(std::numeric_limits<float>::infinity(), 1, 255)})
    bytes.insert(bytes.end(), bad.begin(), bad.end());
  const LoadedScene loaded = decoded(decode_splat, bytes);
  EXPECT_EQ(loaded.scene.count(), 1u);
  const std::vector<std::string> expected = {
      "dropped 1 Gaussian with NaN values",
      "dropped 1 Gaussian with infinite position, scale, rotation or colour values",
      "dropped 1 Gaussian with negative scales", "dropped 1 Gaussian with a zero-length rotation quaternion"};
  EXPECT_EQ(loaded.warnings, expected);
  EXPECT_WHAT(decode_splat, splat_record(0, 1, 255, 128), "no usable Gaussians");
}

// ---- SPZ ----------------------------------------------------------------------------------------------

struct SpzHeader {
  std::uint32_t magic = 0x5053474e;
  std::uint32_t version = 3;
  std::uint32_t count = 4;
  std::uint8_t sh_degree = 1;
  std::uint8_t fractional_bits = 12;
  std::uint8_t flags = 0;
  std::uint8_t reserved = 0;
};

// The six attribute arrays for `count` Gaussians with fixed, hand-checkable values.
std::vector<Bytes> spz_streams(std::uint32_t version, std::size_t count, int sh_degree) {
  std::vector<Bytes> s(6);
  for (std::size_t i = 0; i < count; ++i) {
    for (std::int32_t fixed : {4096, -2048, 0}) {  // 1.0, -0.5, 0 with 12 fractional bits
      for (int b = 0; b < 3; ++b) put(s[0], static_cast<std::uint8_t>((fixed >> (8 * b)) & 0xff));
    }
    put(s[1], std::uint8_t(255));  // alpha
    for (std::uint8_t c : {std::uint8_t(204), std::uint8_t(51), std::uint8_t(128)}) put(s[2], c);
    for (std::uint8_t v : {std::uint8_t(160), std::uint8_t(144), std::uint8_t(0)})
      put(s[3], v);  // log 0, -1, -10
    if (version >= 3) {
      put(s[4], std::uint32_t(3u << 30));  // w largest, x y z = 0: identity
    } else {
      for (int k = 0; k < 3; ++k) put(s[4], std::uint8_t(128));
    }
    const int values = 3 * ((sh_degree + 1) * (sh_degree + 1) - 1);
    for (int j = 0; j < values; ++j) put(s[5], std::uint8_t(j < 3 ? 192 : 128));  // k = 1: 0.5
  }
  return s;
}

Bytes spz_raw(const SpzHeader& h, std::size_t actual_count) {
  Bytes out;
  put(out, h);
  for (const Bytes& stream : spz_streams(h.version, actual_count, h.sh_degree))
    out.insert(out.end(), stream.begin(), stream.end());
  return out;
}

Bytes spz_gzip(const SpzHeader& h, std::size_t actual_count) { return gzip(spz_raw(h, actual_count)); }
Bytes spz_gzip(const SpzHeader& h) { return spz_gzip(h, h.count); }

TEST(SpzValues, DecodeFromTheirBytesIntoThe3dgsFrame) {
  for (std::uint32_t version : {2u, 3u}) {
    SpzHeader h;
    h.version = version;
    const LoadedScene loaded = decoded(decode_spz, spz_gzip(h));
    const GaussianScene& s = loaded.scene;
    ASSERT_EQ(s.count(), 4u);
    ASSERT_EQ(s.sh_degree, 1);
    // SPZ is RUB (y up, z back); the 3DGS frame has y down, z forward: y and z change sign.
    EXPECT_EQ(s.positions[0], 1.0f);
    EXPECT_EQ(s.positions[1], 0.5f);
    EXPECT_EQ(s.positions[2], -0.0f);
    EXPECT_NEAR(s.scales[0], 1.0, 1e-7);             // 160 / 16 - 10 = 0
    EXPECT_NEAR(s.scales[1], std::exp(-1.0), 1e-7);  // 144 / 16 - 10 = -1
    EXPECT_NEAR(s.scales[2], std::exp(-10.0), 1e-9);
    EXPECT_EQ(s.opacities[0], 1.0f);
    EXPECT_NEAR(s.sh[0], (204 / 255.0 - 0.5) / 0.15, 1e-5);
    EXPECT_NEAR(s.sh[1], (51 / 255.0 - 0.5) / 0.15, 1e-5);
    // k = 1 (the y-like basis function) changes sign with y: stored +0.5, decoded -0.5.
    EXPECT_EQ(s.sh[3], -0.5f);
    EXPECT_NEAR(s.rotations[0], 1.0, version == 2 ? 1e-4 : 0.0);
  }
}

// Version 1 stored positions as float16 (x, y, z): 1.0 = 0x3c00, -0.5 = 0xb800, 0.
TEST(SpzValues, Version1HalfFloatPositions) {
  SpzHeader h;
  h.version = 1;
  Bytes raw;
  put(raw, h);
  std::vector<Bytes> streams = spz_streams(1, h.count, h.sh_degree);
  streams[0].clear();
  for (std::size_t i = 0; i < h.count; ++i) {
    for (std::uint16_t half : {std::uint16_t(0x3c00), std::uint16_t(0xb800), std::uint16_t(0)})
      put(streams[0], half);
  }
  for (const Bytes& stream : streams) raw.insert(raw.end(), stream.begin(), stream.end());
  const LoadedScene loaded = decoded(decode_spz, gzip(raw));
  ASSERT_EQ(loaded.scene.count(), 4u);
  EXPECT_EQ(loaded.scene.positions[0], 1.0f);
  EXPECT_EQ(loaded.scene.positions[1], 0.5f);  // y changes sign into the 3DGS frame
  EXPECT_EQ(loaded.scene.positions[2], 0.0f);
}

TEST(SpzValues, UncompressedNgspDecodesLikeGzip) {
  const SpzHeader h;
  const LoadedScene a = decoded(decode_spz, spz_raw(h, h.count));
  const LoadedScene b = decoded(decode_spz, spz_gzip(h));
  EXPECT_EQ(a.scene.positions, b.scene.positions);
  EXPECT_EQ(a.scene.sh, b.scene.sh);
}

TEST(BadSpz, HeaderFields) {
  SpzHeader bad_magic;
  bad_magic.magic = 0x12345678;
  EXPECT_WHAT(decode_spz, spz_gzip(bad_magic), "missing 'NGSP' magic");
  for (std::uint32_t version : {0u, 5u, 0xffffffffu}) {
    SpzHeader h;
    h.version = version;
    EXPECT_WHAT(decode_spz, spz_gzip(h, 4), "unsupported SPZ version " + std::to_string(version));
  }
  SpzHeader degree;
  degree.sh_degree = 4;
  EXPECT_WHAT(decode_spz, spz_gzip(degree, 0), "unsupported SH degree 4");
  SpzHeader none;
  none.count = 0;
  EXPECT_WHAT(decode_spz, spz_gzip(none), "no Gaussians");
  SpzHeader huge;
  huge.count = 200'000'000;
  EXPECT_WHAT(decode_spz, spz_gzip(huge, 1), "claims 200,000,000 Gaussians, over the limit");
  SpzHeader v4;
  v4.version = 4;
  EXPECT_WHAT(decode_spz, spz_gzip(v4), "version 4 inside a gzip stream");
}

// Issue 19: the antialiased flag says the scene was trained with Mip-Splatting's filter: it is
// rendered in mip mode, without a warning.
TEST(BadSpz, AntialiasedFlagMeansMipMode) {
  SpzHeader h;
  h.flags = 0x1;
  const LoadedScene loaded = decoded(decode_spz, spz_gzip(h));
  EXPECT_TRUE(loaded.warnings.empty());
  EXPECT_EQ(loaded.scene.render_mode, RenderMode::kMip);
  EXPECT_EQ(decoded(decode_spz, spz_gzip(SpzHeader{})).scene.render_mode, RenderMode::kClassic);
}

TEST(BadSpz, TruncatedFiles) {
  const SpzHeader h;
  Bytes whole = spz_gzip(h);
  for (std::size_t keep :
       {std::size_t{1}, std::size_t{2}, std::size_t{10}, whole.size() / 2, whole.size() - 1}) {
    Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(keep));
    EXPECT_WHAT(decode_spz, cut, keep < 3 ? "SPZ" : "truncated SPZ file");
  }
  // A whole gzip stream that holds fewer Gaussians than its header says.
  EXPECT_WHAT(decode_spz, spz_gzip(h, 3), "truncated SPZ file: the data ends after");
  // The same, stored without gzip.
  Bytes raw = spz_raw(h, h.count);
  raw.pop_back();
  EXPECT_WHAT(decode_spz, raw, "truncated SPZ file: 4 Gaussians need");
  EXPECT_WHAT(decode_spz, Bytes(raw.begin(), raw.begin() + 8),
              "truncated SPZ file: the header is incomplete");
}

TEST(BadSpz, DamagedGzip) {
  Bytes bytes = spz_gzip(SpzHeader{});
  bytes[bytes.size() - 6] ^= std::byte{0xff};  // inside the CRC-32 of the gzip trailer
  EXPECT_WHAT(decode_spz, bytes, "damaged SPZ data");
  Bytes middle = spz_gzip(SpzHeader{});
  for (std::size_t i = 10; i < middle.size() - 8; ++i) middle[i] = std::byte{0xff};
  EXPECT_FALSE(run(decode_spz, middle).ok());
}

TEST(BadSpz, MoreDataThanTheHeaderSays) {
  SpzHeader h;
  EXPECT_WHAT(decode_spz, spz_gzip(h, 5), "longer than its header's 4 Gaussians need");
}

// A gzip bomb: a header for 1,000 Gaussians (20 KB of attributes) followed by 64 MiB of zeros that
// deflate to ~64 KB. The decoder inflates only what the header accounts for, plus one byte to notice
// the excess: it fails at once instead of inflating (or allocating) 64 MiB.
TEST(BadSpz, GzipBombIsStoppedAtTheHeaderSize) {
  SpzHeader h;
  h.count = 1000;
  h.sh_degree = 0;
  Bytes header;
  put(header, h);
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  Bytes bomb(1 << 20);
  std::vector<std::byte> zeros(1 << 20);
  std::size_t written = 0;
  auto pump = [&](const std::byte* data, std::size_t size, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(data));
    z.avail_in = static_cast<uInt>(size);
    do {
      if (bomb.size() - written < 65536) bomb.resize(bomb.size() * 2);
      z.next_out = reinterpret_cast<Bytef*>(bomb.data() + written);
      z.avail_out = static_cast<uInt>(bomb.size() - written);
      deflate(&z, flush);
      written = bomb.size() - z.avail_out;
    } while (z.avail_in > 0 || (flush == Z_FINISH && z.avail_out == 0));
  };
  pump(header.data(), header.size(), Z_NO_FLUSH);
  for (int i = 0; i < 64; ++i) pump(zeros.data(), zeros.size(), i == 63 ? Z_FINISH : Z_NO_FLUSH);
  deflateEnd(&z);
  bomb.resize(written);
  ASSERT_LT(bomb.size(), 200u << 10);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_WHAT(decode_spz, bomb, "longer than its header's 1,000 Gaussians need");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
}

// A header claiming far more than its compressed bytes could ever inflate to (deflate's ratio is at
// most ~1032:1) is refused before allocating anything.
TEST(BadSpz, ClaimsBeyondTheDeflateRatioAreRefusedBeforeAllocating) {
  SpzHeader h;
  h.count = 50'000'000;  // 1 GB of attributes
  EXPECT_WHAT(decode_spz, spz_gzip(h, 1), "more than");
}

// Version 4: a 32-byte header, a table of contents (compressed size, size) per stream, zstd streams.
struct SpzV4 {
  SpzHeader header;
  std::size_t actual_count = 4;
  std::uint8_t stream_count = 6;
  std::uint32_t toc_offset = 32;
  std::map<int, std::uint64_t> toc_size_override;        // stream -> uncompressed size in the TOC
  std::map<int, std::uint64_t> toc_compressed_override;  // stream -> compressed size in the TOC
  std::map<int, Bytes> stream_override;                  // stream -> raw content before compression

  Bytes build() const {
    SpzHeader h = header;
    h.version = 4;
    h.reserved = stream_count;  // byte 15: the stream count
    Bytes out;
    put(out, h);
    put(out, toc_offset);
    out.resize(32);
    std::vector<Bytes> streams = spz_streams(4, actual_count, h.sh_degree);
    std::vector<Bytes> compressed;
    Bytes toc;
    for (int s = 0; s < stream_count && s < 6; ++s) {
      const Bytes& raw =
          stream_override.count(s) ? stream_override.at(s) : streams[static_cast<std::size_t>(s)];
      Bytes packed(ZSTD_compressBound(raw.size()));
      packed.resize(ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), 3));
      put(toc,
          toc_compressed_override.count(s) ? toc_compressed_override.at(s) : std::uint64_t(packed.size()));
      put(toc, toc_size_override.count(s) ? toc_size_override.at(s)
                                          : std::uint64_t(streams[static_cast<std::size_t>(s)].size()));
      compressed.push_back(std::move(packed));
    }
    out.insert(out.end(), toc.begin(), toc.end());
    for (const Bytes& c : compressed) out.insert(out.end(), c.begin(), c.end());
    return out;
  }
};

TEST(SpzValues, Version4DecodesLikeVersion3) {
  const LoadedScene v4 = decoded(decode_spz, SpzV4{}.build());
  const LoadedScene v3 = decoded(decode_spz, spz_gzip(SpzHeader{}));
  EXPECT_EQ(v4.scene.positions, v3.scene.positions);
  EXPECT_EQ(v4.scene.rotations, v3.scene.rotations);
  EXPECT_EQ(v4.scene.sh, v3.scene.sh);
}

TEST(BadSpz, Version4TableOfContents) {
  SpzV4 outside;
  outside.toc_offset = 1 << 20;
  EXPECT_WHAT(decode_spz, outside.build(), "table of contents at byte 1048576 is outside the file");
  SpzV4 early;
  early.toc_offset = 8;
  EXPECT_WHAT(decode_spz, early.build(), "outside the file");
  SpzV4 few;
  few.stream_count = 3;
  EXPECT_WHAT(decode_spz, few.build(), "lists 3 streams, 6 are needed");
  SpzV4 lying_size;
  lying_size.toc_size_override[1] = 1000;
  EXPECT_WHAT(decode_spz, lying_size.build(), "stream 1 (alphas) holds 1,000 bytes but 4 Gaussians need 4");
  SpzV4 beyond;
  beyond.toc_compressed_override[5] = 1ull << 40;
  EXPECT_WHAT(decode_spz, beyond.build(), "truncated SPZ file: stream 5 (SH)");
  Bytes cut = SpzV4{}.build();
  cut.resize(cut.size() - 3);
  EXPECT_WHAT(decode_spz, cut, "truncated SPZ file");
  EXPECT_WHAT(decode_spz, Bytes(cut.begin(), cut.begin() + 20), "version 4 header is incomplete");
}

TEST(BadSpz, Version4StreamsThatDoNotDecompressToTheirSize) {
  SpzV4 shorter;
  shorter.stream_override[2] = Bytes(5);  // colours: 12 bytes expected
  EXPECT_WHAT(decode_spz, shorter.build(), "stream 2 (colours) decompresses to 5 of 12 bytes");
  // A zstd bomb: the alphas stream (4 bytes for 4 Gaussians) inflates to 16 MiB of zeros.
  SpzV4 bomb;
  bomb.stream_override[1] = Bytes(16 << 20);
  const Bytes bytes = bomb.build();
  ASSERT_LT(bytes.size(), 64u << 10);
  EXPECT_WHAT(decode_spz, bytes, "stream 1 (alphas) does not decompress");
  Bytes damaged = SpzV4{}.build();
  damaged[32 + 6 * 16 + 5] ^= std::byte{0x5a};
  EXPECT_FALSE(run(decode_spz, damaged).ok());
}

// ---- SOG ----------------------------------------------------------------------------------------------

using Members = std::map<std::string, Bytes>;

// A ZIP of `members` (stored unless told), written with libzip to a temporary file.
Bytes zip_of(const Members& members, zip_int32_t method = ZIP_CM_STORE) {
  const auto path = test::fresh_temp_dir("sog-zip") / "bundle.sog";
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : members) {
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), method, 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::ifstream in(path, std::ios::binary);
  return to_bytes({std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
}

// The real bundle's members with meta.json's `from` replaced by `to`.
Members real_members_with(const std::string& from = "", const std::string& to = "") {
  static const Members real = unzip(read_shared_bytes("playbot-31k-sh2.sog"));
  Members members = real;
  if (!from.empty()) {
    std::string meta = text_of(members["meta.json"]);
    const std::size_t at = meta.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) meta.replace(at, from.size(), to);
    members["meta.json"] = to_bytes(meta);
  }
  return members;
}

TEST(SogBundle, RezippedRealMembersStillDecode) {
  EXPECT_EQ(decoded(decode_sog, zip_of(real_members_with())).scene.count(), 31000u);
}

// Issue 19: meta.json's "antialias": true means mip mode; false or absent, classic.
TEST(SogBundle, AntialiasMeansMipMode) {
  EXPECT_EQ(decoded(decode_sog, zip_of(real_members_with())).scene.render_mode, RenderMode::kClassic);
  const std::string head = "{\"version\"";
  const LoadedScene mip = decoded(decode_sog, zip_of(real_members_with(head, "{\"antialias\":true,\"version\"")));
  EXPECT_EQ(mip.scene.render_mode, RenderMode::kMip);
  EXPECT_TRUE(mip.warnings.empty());
  const LoadedScene off = decoded(decode_sog, zip_of(real_members_with(head, "{\"antialias\":false,\"version\"")));
  EXPECT_EQ(off.scene.render_mode, RenderMode::kClassic);
}

// Deflated members: each may declare up to 1032 times its compressed size, and reads in chunks.
TEST(SogBundle, DeflatedMembersDecodeLikeStoredOnes) {
  const LoadedScene stored = decoded(decode_sog, zip_of(real_members_with()));
  const LoadedScene deflated = decoded(decode_sog, zip_of(real_members_with(), ZIP_CM_DEFLATE));
  ASSERT_EQ(deflated.scene.count(), 31000u);
  EXPECT_EQ(deflated.scene.positions, stored.scene.positions);
  EXPECT_EQ(deflated.scene.sh, stored.scene.sh);
}

TEST(BadSog, MissingEntries) {
  Members no_meta = real_members_with();
  no_meta.erase("meta.json");
  EXPECT_WHAT(decode_sog, zip_of(no_meta), "SOG bundle has no meta.json");
  for (const char* texture : {"means_u.webp", "quats.webp", "shN_labels.webp"}) {
    Members members = real_members_with();
    members.erase(texture);
    EXPECT_WHAT(decode_sog, zip_of(members), std::string("SOG bundle lacks ") + texture);
  }
}

TEST(BadSog, BadMetaJson) {
  struct Case {
    std::string from, to, fragment;
  };
  const Case cases[] = {
      {"\"version\":2", "\"version\" 2", "not valid JSON"},
      {"\"version\":2,", "", "SOG version 1"},
      {"\"version\":2", "\"version\":3", "unsupported SOG version 3"},
      {"\"count\":31000", "\"count\":0", "'count' is 0"},
      {"\"count\":31000", "\"count\":-5", "'count' must be a whole number"},
      {"\"count\":31000", "\"count\":3.5", "'count' must be a whole number"},
      {"\"count\":31000", "\"count\":40000", "too small for 40,000 entries"},
      {"\"count\":31000", "\"count\":1000000000", "outside 1 to 100,000,000"},
      {"\"means\":", "\"meanz\":", "'means' must be an object"},
      {"\"means_l.webp\"", "\"../means_l.webp\"", "bad file name '../means_l.webp'"},
      {"\"means_l.webp\"", "\"\"", "bad file name"},
      {"\"means_l.webp\",", "", "'files' must list 2 files"},
      {"\"codebook\":[", "\"codebook\":[1, ", "'codebook' must be an array of 256 numbers"},
      {"\"bands\":2", "\"bands\":9", "'bands' is 9"},
      {"\"bands\":2", "\"bands\":3", "pixels wide, 960 expected for 3 SH bands"},
      {"\"count\":16384", "\"count\":100", "names palette entry"},
  };
  for (const Case& c : cases) {
    const Error error = error_of(decode_sog, zip_of(real_members_with(c.from, c.to)));
    EXPECT_NE(error.what.find(c.fragment), std::string::npos)
        << c.from << " -> " << c.to << "\nwhat: " << error.what;
  }
  // Not JSON at all, and JSON that is not an object.
  Members members = real_members_with();
  members["meta.json"] = to_bytes("[1, 2]");
  EXPECT_WHAT(decode_sog, zip_of(members), "not a JSON object");
}

TEST(BadSog, BadTextures) {
  Members not_webp = real_members_with();
  not_webp["quats.webp"] = to_bytes("RIFF....WEBPVP8L not really");
  EXPECT_WHAT(decode_sog, zip_of(not_webp), "quats.webp is not a valid WebP image");
  // A 1024x1024 image (1 M pixels, a few KB as lossless WebP) for a 10-Gaussian scene: refused from its
  // header, before 4 MB are decoded.
  Members huge = real_members_with("\"count\":31000", "\"count\":10");
  huge["scales.webp"] = webp_lossless(1024, 1024, std::vector<std::uint8_t>(4u << 20, 7));
  EXPECT_WHAT(decode_sog, zip_of(huge), "scales.webp is 1024x1024, far larger than 10 entries need");
  // A quaternion tag outside 252-255 is damage, not a rotation.
  Members bad_tag = real_members_with("\"count\":31000", "\"count\":4");
  bad_tag["quats.webp"] = webp_lossless(2, 2, std::vector<std::uint8_t>(16, 100));
  EXPECT_WHAT(decode_sog, zip_of(bad_tag), "quats.webp pixel 0 has tag 100 (expected 252 to 255)");
}

TEST(BadSog, DamagedZip) {
  const Bytes good = zip_of(real_members_with());
  EXPECT_WHAT(decode_sog, Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(good.size() / 2)),
              "not a readable ZIP");
  EXPECT_WHAT(decode_sog, to_bytes("PK\x03\x04 and nothing else"), "not a readable ZIP");
  EXPECT_WHAT(decode_sog, Bytes{}, "empty file");
  // One byte of the stored meta.json changed: the CRC no longer matches.
  Bytes crc = good;
  const std::string text = text_of(crc);
  const std::size_t at = text.find("\"count\":31000");
  ASSERT_NE(at, std::string::npos);
  crc[at + 12] = std::byte{'1'};  // 31000 -> 31001
  EXPECT_WHAT(decode_sog, crc, "meta.json is damaged");
}

// The real bundle with one entry's declared (uncompressed) size rewritten in its local header and in
// the central directory, as a damaged or hostile file might have it.
Bytes with_declared_size(Bytes zip, const std::string& member, std::uint32_t size) {
  std::size_t end = zip.size() - 22;  // the end-of-central-directory record (no archive comment)
  EXPECT_EQ(test::get<std::uint32_t>(zip, end), 0x06054b50u);
  std::size_t at = test::get<std::uint32_t>(zip, end + 16);
  const std::size_t entries = test::get<std::uint16_t>(zip, end + 10);
  for (std::size_t e = 0; e < entries; ++e) {
    const std::size_t name_size = test::get<std::uint16_t>(zip, at + 28);
    const std::size_t skip =
        46 + name_size + test::get<std::uint16_t>(zip, at + 30) + test::get<std::uint16_t>(zip, at + 32);
    if (text_of(Bytes(zip.begin() + static_cast<std::ptrdiff_t>(at + 46),
                      zip.begin() + static_cast<std::ptrdiff_t>(at + 46 + name_size))) == member) {
      std::memcpy(zip.data() + at + 24, &size, 4);
      std::memcpy(zip.data() + test::get<std::uint32_t>(zip, at + 42) + 22, &size, 4);
      return zip;
    }
    at += skip;
  }
  ADD_FAILURE() << "no entry " << member;
  return zip;
}

// A 780 KB bundle whose means_l.webp claims 1 GiB: refused from the claim, before a buffer of that
// size is allocated (it used to be, then the read came up short).
TEST(BadSog, EntryClaimingMoreThanItsBytesHoldIsRefusedBeforeAllocating) {
  const Bytes bundle = with_declared_size(read_shared_bytes("playbot-31k-sh2.sog"), "means_l.webp", 1u << 30);
  const bool peak_reset = test::reset_peak_rss();
  const std::size_t before = test::current_rss_bytes();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_WHAT(decode_sog, bundle,
              "means_l.webp claims 1,073,741,824 bytes, more than its 93,200 compressed bytes");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
  if (peak_reset) {
    EXPECT_LT(test::peak_rss_bytes(), before + (64u << 20));
  }
  // Within what its bytes hold but beyond what 31,000 pixels can need: refused by the format's bound.
  Members big = real_members_with();
  big["means_l.webp"].resize(3u << 20, std::byte{0});
  EXPECT_WHAT(decode_sog, stored_zip(big), "means_l.webp is 3,145,728 bytes, over the limit of");
}

// An unbundled SOG: meta.json and its textures in a folder, opened by either path.
TEST(SogFolder, DecodesLikeTheBundleAndReportsMissingFiles) {
  const auto dir = test::fresh_temp_dir("sog-folder");
  for (const auto& [name, data] : real_members_with()) {
    std::ofstream(dir / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  }
  auto from_meta = load_scene(dir / "meta.json");
  ASSERT_TRUE(from_meta.ok()) << from_meta.error().message();
  auto from_folder = load_scene(dir);
  ASSERT_TRUE(from_folder.ok()) << from_folder.error().message();
  auto bundle = load_scene(test::shared_scene("playbot-31k-sh2.sog"));
  ASSERT_TRUE(bundle.ok());
  EXPECT_EQ(from_meta.value().scene.positions, bundle.value().scene.positions);
  EXPECT_EQ(from_folder.value().scene.sh, bundle.value().scene.sh);
  // Its textures are inputs no export may write over: the loader names each one it read.
  const auto& others = from_meta.value().other_files;
  EXPECT_NE(std::find(others.begin(), others.end(), dir / "sh0.webp"), others.end());
  EXPECT_NE(std::find(others.begin(), others.end(), dir / "means_l.webp"), others.end());
  EXPECT_TRUE(bundle.value().other_files.empty());
  std::filesystem::remove(dir / "sh0.webp");
  auto missing = load_scene(dir / "meta.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().what.find("cannot open sh0.webp"), std::string::npos)
      << missing.error().message();
}

// ---- load_scene ------------------------------------------------------------------------------------

Error load_error(const std::filesystem::path& path) {
  auto loaded = load_scene(path);
  if (loaded.ok()) {
    ADD_FAILURE() << "loaded " << path;
    return {};
  }
  EXPECT_EQ(loaded.error().file, path.string());
  EXPECT_FALSE(loaded.error().hint.empty());
  return loaded.error();
}

TEST(LoadSceneErrors, SayWhatIsWrong) {
  const auto dir = test::fresh_temp_dir("load-scene-errors");
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
    return dir / name;
  };
  EXPECT_NE(load_error(dir / "missing.ply").what.find("cannot open the file"), std::string::npos);
  EXPECT_NE(load_error(write("empty.spz", "")).what.find("empty file"), std::string::npos);
  EXPECT_NE(load_error(write("noise.bin", "not a scene at all")).what.find("unknown scene format"),
            std::string::npos);
  EXPECT_NE(load_error(write("odd.splat", std::string(33, 'x'))).what.find("not a multiple of 32"),
            std::string::npos);
  EXPECT_NE(load_error(write("cameras.json", "[{\"id\": 0}]")).what.find("not a scene"), std::string::npos);
  EXPECT_NE(load_error(write("scene.ksplat", "abcd")).what.find(".ksplat"), std::string::npos);
  EXPECT_NE(load_error(write("meta.json", "{\"version\": 7}")).what.find("unsupported SOG version"),
            std::string::npos);
  std::filesystem::create_directories(dir / "folder");
  EXPECT_NE(load_error(dir / "folder").what.find("is a folder"), std::string::npos);
}

}  // namespace
}  // namespace splatview
