// Mutation fuzzing of every splat-format decoder with a fixed seed, in process. Seeds
// (tests/support/fuzz_seeds) are small valid files cut from the real playbot-31k scenes (a few hundred
// Gaussians each, re-packed with the formats' own rules);
// mutations flip bytes, truncate, insert, overwrite header words with edge values, and for SOG also
// edit meta.json and the textures inside a freshly written ZIP (so the CRCs still match and the JSON
// and WebP decoders see the damage). The only requirement: each decoder returns a consistent scene or
// an Error with a message, without crashing, hanging or reading out of bounds (run under
// AddressSanitizer to check the last).
#include <gtest/gtest.h>

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
#include "tests/support/fuzz_seeds.h"

namespace splatview {
namespace {

using test::Bytes;
using test::Decoder;
using test::gzip;
using test::stored_zip;
using test::to_bytes;
using test::compressed_ply_seed;
using test::sog_seed_members;
using test::splat_seed;
using test::spz_v3_seed;
using test::spz_v4_seed;
const std::string kName = "fuzz-case";

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
