// LoadLimits: one count budget for every format whose header (or size, or meta.json) declares how
// many Gaussians it holds, and a plausibility check for the compressed ones, so that a small file
// cannot make the loader allocate gigabytes. Over either: an Error naming the file, the count and the
// budget, whose hint says how to load it anyway.
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/formats/scene_loader.h"
#include "core/formats/sog.h"
#include "core/formats/spz.h"
#include "tests/support/format_bytes.h"
#include "tests/support/peak_memory.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

using test::Bytes;
using test::put;

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

TEST(LoadLimits, DefaultsAreTwentyMillionGaussiansAndASixtyFourFoldExpansion) {
  const LoadLimits limits;
  EXPECT_EQ(limits.max_gaussians, 20'000'000u);
  EXPECT_EQ(limits.max_expansion, 64u);
  const LoadLimits allowing = LoadLimits::allowing(50'000'000);
  EXPECT_EQ(allowing.max_gaussians, 50'000'000u);
  EXPECT_EQ(allowing.max_expansion, 0u);
}

// The same 31,000 Gaussians in every format: a budget of 30,999 refuses each, 31,000 loads each.
TEST(LoadLimits, TheBudgetAppliesToEveryFormat) {
  for (const char* file : {"playbot-31k-sh1.ply", "playbot-31k-sh2.compressed.ply", "playbot-31k.splat",
                           "playbot-31k-sh2-v3.spz", "playbot-31k-sh2-v4.spz", "playbot-31k-sh2.sog"}) {
    const auto path = test::shared_scene(file);
    LoadLimits limits;
    limits.max_gaussians = 30'999;
    const auto refused = load_scene(path, limits);
    ASSERT_FALSE(refused.ok()) << file;
    EXPECT_EQ(refused.error().file, path.string());
    EXPECT_TRUE(contains(refused.error().what, "declares 31,000 Gaussians, over the budget of 30,999"))
        << refused.error().message();
    EXPECT_EQ(refused.error().hint, "pass --max-gaussians N to load it anyway");
    limits.max_gaussians = 31'000;
    const auto loaded = load_scene(path, limits);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    EXPECT_EQ(loaded.value().scene.count(), 31'000u) << file;
  }
  // ASCII PLY too (1,000 Gaussians), and the one-argument call keeps the defaults.
  const auto ascii = test::shared_scene("voxel51-train-first1000-sh3-ascii.ply");
  const auto refused = load_scene(ascii, LoadLimits::allowing(999));
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(contains(refused.error().what, "PLY header declares 1,000 Gaussians, over the budget of 999"));
  EXPECT_TRUE(load_scene(ascii).ok());
}

// An SPZ (version 3) of `count` Gaussians at SH degree 3 whose attributes are all zero bytes, gzipped
// as it is produced so that the test never holds the inflated payload either.
Bytes gzip_of_zero_spz(std::uint32_t count) {
  Bytes header;
  put(header, std::uint32_t(0x5053474e));
  put(header, std::uint32_t(3));
  put(header, count);
  for (std::uint8_t b : {std::uint8_t(3), std::uint8_t(12), std::uint8_t(0), std::uint8_t(0)}) put(header, b);
  const std::uint64_t payload = std::uint64_t{count} * (9 + 1 + 3 + 3 + 4 + 45);
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  Bytes out(1 << 16);
  std::size_t written = 0;
  auto pump = [&](const std::byte* data, std::size_t size, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(data));
    z.avail_in = static_cast<uInt>(size);
    do {
      if (out.size() - written < 65536) out.resize(out.size() * 2);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + written);
      z.avail_out = static_cast<uInt>(out.size() - written);
      deflate(&z, flush);
      written = out.size() - z.avail_out;
    } while (z.avail_in > 0 || (flush == Z_FINISH && z.avail_out == 0));
  };
  pump(header.data(), header.size(), Z_NO_FLUSH);
  const std::vector<std::byte> zeros(1 << 20);
  for (std::uint64_t left = payload; left > 0;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
    left -= n;
    pump(zeros.data(), n, left == 0 ? Z_FINISH : Z_NO_FLUSH);
  }
  deflateEnd(&z);
  out.resize(written);
  return out;
}

// The fault campaign's case: a few hundred KB of gzip that really inflates to 130 MB of zeros,
// declaring 2,000,000 SH3 Gaussians (it loaded, at 1.5 GB for 5 M). Within deflate's 1032:1, but no
// real scene compresses 1000:1: refused from the header, before the payload or scene is allocated.
TEST(LoadLimits, ACompressedCountNoRealSceneCouldHaveIsRefusedBeforeAllocating) {
  const Bytes bomb = gzip_of_zero_spz(2'000'000);
  ASSERT_LT(bomb.size(), 200u << 10);
  const bool peak_reset = test::reset_peak_rss();
  const std::size_t before = test::current_rss_bytes();
  const auto start = std::chrono::steady_clock::now();
  const auto result = test::decode_exact_copy(decode_spz, bomb, "zeros.spz");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
  if (peak_reset) {
    EXPECT_LT(test::peak_rss_bytes(), before + (32u << 20));
  }
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().file, "zeros.spz");
  EXPECT_TRUE(contains(result.error().what, "SPZ header declares 2,000,000 Gaussians (130,000,000 bytes) in"))
      << result.error().message();
  EXPECT_TRUE(contains(result.error().what, "not a plausible scene"));
  EXPECT_TRUE(contains(result.error().hint, "pass --max-gaussians N to load it anyway"));
}

// The user who knows better: LoadLimits::allowing(N) loads such a file, up to N Gaussians.
TEST(LoadLimits, AllowingLoadsAnImplausibleButRealFileUpToItsCount) {
  const Bytes zeros = gzip_of_zero_spz(100'000);  // 6.5 MB in ~7 KB
  const LoadLimits limits = LoadLimits::allowing(100'000);
  auto decode = [&](const LoadLimits& l) { return decode_spz(zeros, "zeros.spz", l); };
  EXPECT_FALSE(decode(LoadLimits{}).ok());
  const auto loaded = decode(limits);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().scene.count(), 100'000u);
  const auto over = decode(LoadLimits::allowing(99'999));
  ASSERT_FALSE(over.ok());
  EXPECT_TRUE(contains(over.error().what, "over the budget of 99,999")) << over.error().message();
}

// Version 4: zstd has no 1032:1 ceiling, so the plausibility check is what refuses a tiny file whose
// count asks for 20 MB of attribute arrays.
TEST(LoadLimits, Version4SpzIsCheckedBeforeItsStreamsAreSized) {
  const std::uint32_t count = 1'000'000;
  Bytes file;
  put(file, std::uint32_t(0x5053474e));
  put(file, std::uint32_t(4));
  put(file, count);
  for (std::uint8_t b : {std::uint8_t(0), std::uint8_t(12), std::uint8_t(0), std::uint8_t(5)}) put(file, b);
  put(file, std::uint32_t(32));
  file.resize(32);
  const std::uint64_t sizes[5] = {9ull * count, count, 3ull * count, 3ull * count, 4ull * count};
  Bytes packed;
  for (std::uint64_t size : sizes) {
    const Bytes raw(size);
    Bytes c(ZSTD_compressBound(raw.size()));
    c.resize(ZSTD_compress(c.data(), c.size(), raw.data(), raw.size(), 3));
    put(file, std::uint64_t(c.size()));
    put(file, size);
    packed.insert(packed.end(), c.begin(), c.end());
  }
  file.insert(file.end(), packed.begin(), packed.end());
  ASSERT_LT(file.size(), 20u << 10);
  const auto refused = decode_spz(file, "zeros-v4.spz");
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(contains(refused.error().what, "not a plausible scene")) << refused.error().message();
  const auto loaded = decode_spz(file, "zeros-v4.spz", LoadLimits::allowing(count));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().scene.count(), count);
}

// SOG: a meta.json declaring 300,000 Gaussians over constant textures of a few hundred bytes each.
TEST(LoadLimits, SogTexturesMustPlausiblyHoldTheDeclaredCount) {
  auto members = test::unzip(test::read_shared_bytes("playbot-31k-sh2.sog"));
  std::string meta = test::text_of(members["meta.json"]);
  meta.replace(meta.find("\"count\":31000"), 13, "\"count\":300000");
  members["meta.json"] = test::to_bytes(meta);
  const int side = 548;  // 300,304 pixels
  std::vector<std::uint8_t> rgba(4 * side * side, 128);
  for (std::size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;  // quats: tag 255, w largest
  std::vector<std::uint8_t> labels(4 * side * side, 0);
  for (const char* texture : {"means_l.webp", "means_u.webp", "quats.webp", "scales.webp", "sh0.webp"})
    members[texture] = test::webp_lossless(side, side, rgba);
  members["shN_labels.webp"] = test::webp_lossless(side, side, labels);
  const Bytes bundle = test::stored_zip(members);
  ASSERT_LT(bundle.size(), 400u << 10);
  const auto refused = decode_sog(bundle, "flat.sog");
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(contains(refused.error().what, "SOG meta.json declares 300,000 Gaussians"))
      << refused.error().message();
  EXPECT_TRUE(contains(refused.error().what, "not a plausible scene"));
  const auto loaded = decode_sog(bundle, "flat.sog", LoadLimits::allowing(300'000));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().scene.count(), 300'000u);
}

}  // namespace
}  // namespace splatview
