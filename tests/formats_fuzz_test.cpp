// Mutation fuzzing of every splat-format decoder with a fixed seed. Seeds are small valid files cut from
// the real playbot-31k scenes (a few hundred Gaussians each, re-packed with the formats' own rules);
// mutations flip bytes, truncate, insert, overwrite header words with edge values, and for SOG also
// edit meta.json and the textures inside a freshly written ZIP (so the CRCs still match and the JSON
// and WebP decoders see the damage). The only requirement: each decoder returns a consistent scene or
// an Error with a message, without crashing, hanging or reading out of bounds (run under
// AddressSanitizer to check the last).
#include <gtest/gtest.h>
#include <webp/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/formats/compressed_ply.h"
#include "core/formats/scene_loader.h"
#include "core/formats/sog.h"
#include "core/formats/splat_file.h"
#include "core/formats/spz.h"
#include "tests/support/format_bytes.h"

namespace splatview {
namespace {

using test::Bytes;
using test::Decoder;
using test::get;
using test::gunzip;
using test::gzip;
using test::put;
using test::read_shared_bytes;
using test::text_of;
using test::to_bytes;
using test::webp_lossless;
const std::string kName = "fuzz-case";

// ---- Seeds --------------------------------------------------------------------------------------------

// The compressed PLY's first `n` Gaussians (n <= 512: two chunks), counts rewritten.
Bytes compressed_ply_seed(std::size_t n) {
  const Bytes file = read_shared_bytes("playbot-31k-sh2.compressed.ply");
  const std::string text = text_of(Bytes(file.begin(), file.begin() + 4096));
  const std::size_t end = text.find("end_header\n") + std::strlen("end_header\n");
  std::string header = text.substr(0, end);
  const std::size_t chunks = (n + 255) / 256;
  auto rewrite = [&](const std::string& from, const std::string& to) {
    header.replace(header.find(from), from.size(), to);
  };
  rewrite("element chunk 122\n", "element chunk " + std::to_string(chunks) + "\n");
  rewrite("element vertex 31000\n", "element vertex " + std::to_string(n) + "\n");
  rewrite("element sh 31000\n", "element sh " + std::to_string(n) + "\n");
  Bytes out = to_bytes(header);
  const std::size_t chunk_at = end, vertex_at = chunk_at + 122 * 72, sh_at = vertex_at + 31000 * 16;
  out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(chunk_at),
             file.begin() + static_cast<std::ptrdiff_t>(chunk_at + chunks * 72));
  out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(vertex_at),
             file.begin() + static_cast<std::ptrdiff_t>(vertex_at + n * 16));
  out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(sh_at),
             file.begin() + static_cast<std::ptrdiff_t>(sh_at + n * 24));
  return out;
}

Bytes splat_seed(std::size_t n) {
  const Bytes file = read_shared_bytes("playbot-31k.splat");
  return Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(32 * n));
}

// The SPZ attribute arrays of the first n Gaussians of a full payload holding `total`.
std::vector<Bytes> slice_spz_streams(const std::vector<Bytes>& full, std::size_t total, std::size_t n) {
  std::vector<Bytes> out;
  for (const Bytes& stream : full) {
    const std::size_t per = stream.size() / total;
    out.emplace_back(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(per * n));
  }
  return out;
}

constexpr std::size_t kSpzPer[6] = {9, 1, 3, 3, 4, 24};  // bytes a Gaussian per stream, SH degree 2, v3+

Bytes spz_v3_seed(std::size_t n) {
  const Bytes payload = gunzip(read_shared_bytes("playbot-31k-sh2-v3.spz"));
  const std::size_t total = get<std::uint32_t>(payload, 8);
  std::vector<Bytes> full;
  std::size_t at = 16;
  for (std::size_t per : kSpzPer) {
    full.emplace_back(payload.begin() + static_cast<std::ptrdiff_t>(at),
                      payload.begin() + static_cast<std::ptrdiff_t>(at + per * total));
    at += per * total;
  }
  Bytes out(payload.begin(), payload.begin() + 16);
  std::uint32_t count = static_cast<std::uint32_t>(n);
  std::memcpy(out.data() + 8, &count, 4);
  for (const Bytes& s : slice_spz_streams(full, total, n)) out.insert(out.end(), s.begin(), s.end());
  return out;  // uncompressed; gzip() it for the gzip seed
}

Bytes spz_v4_seed(std::size_t n) {
  const Bytes file = read_shared_bytes("playbot-31k-sh2-v4.spz");
  const std::size_t total = get<std::uint32_t>(file, 8);
  std::vector<Bytes> full;
  std::size_t at = 32 + 6 * 16;
  for (int s = 0; s < 6; ++s) {
    const auto compressed = get<std::uint64_t>(file, 32 + 16 * s);
    const auto size = get<std::uint64_t>(file, 32 + 16 * s + 8);
    Bytes raw(size);
    ZSTD_decompress(raw.data(), raw.size(), file.data() + at, compressed);
    full.push_back(std::move(raw));
    at += compressed;
  }
  Bytes out(file.begin(), file.begin() + 32);
  std::uint32_t count = static_cast<std::uint32_t>(n);
  std::memcpy(out.data() + 8, &count, 4);
  std::vector<Bytes> packed;
  for (const Bytes& raw : slice_spz_streams(full, total, n)) {
    Bytes c(ZSTD_compressBound(raw.size()));
    c.resize(ZSTD_compress(c.data(), c.size(), raw.data(), raw.size(), 3));
    put(out, std::uint64_t(c.size()));
    put(out, std::uint64_t(raw.size()));
    packed.push_back(std::move(c));
  }
  for (const Bytes& c : packed) out.insert(out.end(), c.begin(), c.end());
  return out;
}

// A stored ZIP written by hand (local headers, central directory, end record), CRCs from zlib.
Bytes stored_zip(const std::map<std::string, Bytes>& members) {
  Bytes out, central;
  std::uint16_t entries = 0;
  for (const auto& [name, data] : members) {
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto name_size = static_cast<std::uint16_t>(name.size());
    put(out, std::uint32_t(0x04034b50));
    for (std::uint16_t v :
         {std::uint16_t(20), std::uint16_t(0), std::uint16_t(0), std::uint16_t(0), std::uint16_t(0x21)})
      put(out, v);
    for (std::uint32_t v : {crc, size, size}) put(out, v);
    put(out, name_size);
    put(out, std::uint16_t(0));
    out.insert(out.end(), reinterpret_cast<const std::byte*>(name.data()),
               reinterpret_cast<const std::byte*>(name.data() + name.size()));
    out.insert(out.end(), data.begin(), data.end());
    put(central, std::uint32_t(0x02014b50));
    for (std::uint16_t v : {std::uint16_t(20), std::uint16_t(20), std::uint16_t(0), std::uint16_t(0),
                            std::uint16_t(0), std::uint16_t(0x21)})
      put(central, v);
    for (std::uint32_t v : {crc, size, size}) put(central, v);
    for (std::uint16_t v :
         {name_size, std::uint16_t(0), std::uint16_t(0), std::uint16_t(0), std::uint16_t(0)})
      put(central, v);
    put(central, std::uint32_t(0));
    put(central, offset);
    central.insert(central.end(), reinterpret_cast<const std::byte*>(name.data()),
                   reinterpret_cast<const std::byte*>(name.data() + name.size()));
    ++entries;
  }
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out.insert(out.end(), central.begin(), central.end());
  put(out, std::uint32_t(0x06054b50));
  for (std::uint16_t v : {std::uint16_t(0), std::uint16_t(0), entries, entries}) put(out, v);
  put(out, static_cast<std::uint32_t>(central.size()));
  put(out, central_offset);
  put(out, std::uint16_t(0));
  return out;
}

// A 64-Gaussian SOG: the real bundle's first 64 pixels of each texture (8x8), a one-row palette of its
// first 64 SH entries with labels taken modulo 64, meta.json edited to match.
std::map<std::string, Bytes> sog_seed_members() {
  std::map<std::string, Bytes> real = test::unzip(read_shared_bytes("playbot-31k-sh2.sog"));

  std::map<std::string, Bytes> members;
  auto pixels = [&](const std::string& name, int& width, int& height) {
    std::uint8_t* rgba = WebPDecodeRGBA(reinterpret_cast<const std::uint8_t*>(real[name].data()),
                                        real[name].size(), &width, &height);
    std::vector<std::uint8_t> out(rgba, rgba + 4 * width * height);
    WebPFree(rgba);
    return out;
  };
  int w = 0, h = 0;
  for (const char* name :
       {"means_l.webp", "means_u.webp", "quats.webp", "scales.webp", "sh0.webp", "shN_labels.webp"}) {
    std::vector<std::uint8_t> rgba = pixels(name, w, h);
    rgba.resize(4 * 64);
    if (std::string(name) == "shN_labels.webp") {
      for (std::size_t i = 0; i < 64; ++i) rgba[4 * i + 1] = 0, rgba[4 * i] %= 64;  // labels < 64
    }
    members[name] = webp_lossless(8, 8, rgba);
  }
  std::vector<std::uint8_t> centroids = pixels("shN_centroids.webp", w, h);
  centroids.resize(4 * static_cast<std::size_t>(w));  // the first row: 64 palette entries
  members["shN_centroids.webp"] = webp_lossless(w, 1, centroids);
  std::string meta = text_of(real["meta.json"]);
  meta.replace(meta.find("\"count\":31000"), 13, "\"count\":64");
  meta.replace(meta.find("\"count\":16384"), 13, "\"count\":64");
  members["meta.json"] = to_bytes(meta);
  return members;
}

// ---- Mutation and checking --------------------------------------------------------------------------

Bytes mutate(const Bytes& seed, std::mt19937& rng) {
  Bytes bytes = seed;
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  switch (pick(5)) {
    case 0: {  // flip a few bytes anywhere
      const std::size_t flips = 1 + pick(8);
      for (std::size_t i = 0; i < flips && !bytes.empty(); ++i)
        bytes[pick(bytes.size())] = std::byte(pick(256));
      break;
    }
    case 1:  // truncate
      bytes.resize(pick(bytes.size() + 1));
      break;
    case 2: {  // insert or delete a run
      const std::size_t at = pick(bytes.size() + 1);
      if (pick(2) == 0) {
        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), 1 + pick(16), std::byte(pick(256)));
      } else if (at < bytes.size()) {
        bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                    bytes.begin() + static_cast<std::ptrdiff_t>(std::min(bytes.size(), at + 1 + pick(16))));
      }
      break;
    }
    default: {  // an edge value over a header word (the first 160 bytes hold every header and table)
      constexpr std::uint64_t kEdges[] = {0,
                                          1,
                                          2,
                                          3,
                                          4,
                                          5,
                                          6,
                                          7,
                                          8,
                                          12,
                                          16,
                                          24,
                                          31,
                                          32,
                                          255,
                                          256,
                                          0xffff,
                                          31000,
                                          0x7fffffff,
                                          0x80000000,
                                          0xffffffff,
                                          100000001,
                                          0xffffffffffffffff};
      const std::size_t width = pick(2) ? 4 : (pick(2) ? 1 : 8);
      if (bytes.size() < width) break;
      const std::size_t at = pick(std::min<std::size_t>(bytes.size() - width + 1, 160));
      const std::uint64_t value = kEdges[pick(std::size(kEdges))];
      std::memcpy(bytes.data() + at, &value, width);
      break;
    }
  }
  return bytes;
}

// A decoded scene must be whole: arrays of the right sizes, finite values, unit rotations.
void check_result(const Result<LoadedScene>& result, const char* what, int index) {
  if (!result.ok()) {
    EXPECT_EQ(result.error().file, kName);
    EXPECT_FALSE(result.error().what.empty()) << what << " case " << index;
    return;
  }
  const GaussianScene& s = result.value().scene;
  const std::size_t n = s.count();
  ASSERT_GT(n, 0u) << what << " case " << index;
  ASSERT_GE(s.sh_degree, 0);
  ASSERT_LE(s.sh_degree, kMaxShDegree);
  ASSERT_EQ(s.positions.size(), 3 * n);
  ASSERT_EQ(s.scales.size(), 3 * n);
  ASSERT_EQ(s.rotations.size(), 4 * n);
  ASSERT_EQ(s.sh.size(), static_cast<std::size_t>(3 * s.sh_coeffs()) * n);
  for (std::size_t i = 0; i < n; ++i) {
    double norm2 = 0;
    for (int k = 0; k < 4; ++k) norm2 += double(s.rotations[4 * i + k]) * s.rotations[4 * i + k];
    ASSERT_NEAR(norm2, 1.0, 1e-5) << what << " case " << index;
    ASSERT_TRUE(s.opacities[i] >= 0.0f && s.opacities[i] <= 1.0f) << what << " case " << index;
    for (int k = 0; k < 3; ++k) {
      ASSERT_TRUE(std::isfinite(s.positions[3 * i + k])) << what << " case " << index;
      ASSERT_TRUE(std::isfinite(s.scales[3 * i + k]) && s.scales[3 * i + k] >= 0.0f)
          << what << " case " << index;
    }
  }
  for (float v : s.sh) ASSERT_TRUE(std::isfinite(v)) << what << " case " << index;
}

Result<LoadedScene> run(Decoder decoder, const Bytes& bytes) { return test::decode_exact_copy(decoder, bytes, kName); }

void fuzz(const char* what, Decoder decoder, const Bytes& seed, int cases, std::uint32_t rng_seed) {
  ASSERT_TRUE(run(decoder, seed).ok()) << what << ": the seed itself must decode";
  std::mt19937 rng(rng_seed);
  int decoded = 0;
  for (int i = 0; i < cases; ++i) {
    const Result<LoadedScene> result = run(decoder, mutate(seed, rng));
    decoded += result.ok();
    check_result(result, what, i);
    if (testing::Test::HasFatalFailure()) return;
  }
  std::printf("[ fuzz     ] %-16s %5d cases, %5d decoded, %5d errors\n", what, cases, decoded,
              cases - decoded);
}

TEST(FormatsFuzz, CompressedPly) {
  fuzz("compressed PLY", decode_compressed_ply, compressed_ply_seed(300), 3000, 1);
}

TEST(FormatsFuzz, Splat) { fuzz(".splat", decode_splat, splat_seed(64), 3000, 2); }

TEST(FormatsFuzz, SpzGzip) { fuzz("SPZ v3 (gzip)", decode_spz, gzip(spz_v3_seed(200)), 3000, 3); }

TEST(FormatsFuzz, SpzStored) { fuzz("SPZ v3 (stored)", decode_spz, spz_v3_seed(200), 3000, 4); }

TEST(FormatsFuzz, SpzVersion4) { fuzz("SPZ v4", decode_spz, spz_v4_seed(200), 3000, 5); }

TEST(FormatsFuzz, SogZipBytes) {
  fuzz("SOG (ZIP bytes)", decode_sog, stored_zip(sog_seed_members()), 2000, 6);
}

// Damage inside the members, re-zipped so that only the JSON and WebP decoders can notice it.
TEST(FormatsFuzz, SogMembers) {
  const std::map<std::string, Bytes> seed = sog_seed_members();
  ASSERT_TRUE(run(decode_sog, stored_zip(seed)).ok());
  std::mt19937 rng(7);
  std::vector<std::string> names;
  for (const auto& entry : seed) names.push_back(entry.first);
  int decoded = 0;
  constexpr int kCases = 2000;
  for (int i = 0; i < kCases; ++i) {
    std::map<std::string, Bytes> members = seed;
    // meta.json half the time: its numbers and structure matter most.
    const std::string& name = (rng() % 2) ? std::string("meta.json") : names[rng() % names.size()];
    members[name] = mutate(members[name], rng);
    const Result<LoadedScene> result = run(decode_sog, stored_zip(members));
    decoded += result.ok();
    check_result(result, "SOG members", i);
    if (HasFatalFailure()) return;
  }
  std::printf("[ fuzz     ] %-16s %5d cases, %5d decoded, %5d errors\n", "SOG members", kCases, decoded,
              kCases - decoded);
}

// The dispatcher: any bytes, any of the format magics in front, any of the extensions.
TEST(FormatsFuzz, DecodeSceneDispatch) {
  std::mt19937 rng(8);
  const char* prefixes[] = {"ply\n", "\x1f\x8b", "NGSP", "PK\x03\x04", "{", "[", ""};
  const char* names[] = {"a.ply", "a.splat", "a.spz", "a.sog", "meta.json", "a.bin"};
  for (int i = 0; i < 3000; ++i) {
    Bytes bytes = to_bytes(prefixes[rng() % std::size(prefixes)]);
    const std::size_t extra = (rng() % 4 == 0) ? 32 * (rng() % 4) : rng() % 200;
    for (std::size_t k = 0; k < extra; ++k) bytes.push_back(std::byte(rng() % 256));
    const std::string name = names[rng() % std::size(names)];
    const Result<LoadedScene> result = test::decode_exact_copy(decode_scene, bytes, name);
    if (!result.ok()) {
      EXPECT_EQ(result.error().file, name);
      EXPECT_FALSE(result.error().what.empty());
    }
  }
}

}  // namespace
}  // namespace splatview
