// encode_spz (core/formats/spz_writer.h): SPZ version 3 in the standard frame, quantised as Niantic's
// reference library packs it. What it writes reads back (through our reader and on through a PLY) as
// the PLY within SPZ's quantisation steps, attribute by attribute, renders like the PLY, and agrees
// byte for byte (within one quantisation step) with what splat-transform wrote from the same PLY.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "core/formats/ply_writer.h"
#include "core/formats/spz.h"
#include "core/formats/spz_writer.h"
#include "core/ply_reader.h"
#include "tests/support/format_bytes.h"
#include "tests/support/test_paths.h"
#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

using test::Bytes;

const GaussianScene& reference() { return test::cached_shared_scene("playbot-31k-sh2.ply"); }

Bytes encode(const GaussianScene& scene, const SpzWriteOptions& options = {}) {
  auto bytes = encode_spz(scene, "out.spz", options);
  if (!bytes) {
    ADD_FAILURE() << bytes.error().message();
    return {};
  }
  return test::to_bytes(bytes.value());
}

GaussianScene decode(const Bytes& bytes) {
  auto loaded = decode_spz(bytes, "out.spz");
  if (!loaded) {
    ADD_FAILURE() << loaded.error().message();
    return {};
  }
  EXPECT_TRUE(loaded.value().warnings.empty());
  return std::move(loaded).value().scene;
}

GaussianScene one_gaussian(float x, float y, float z) {
  GaussianScene s;
  s.resize(1);
  s.positions = {x, y, z};
  s.scales = {0.1f, 0.2f, 0.4f};
  s.rotations = {1, 0, 0, 0};
  s.opacities = {0.5f};
  s.sh = {0, 0, 0};
  return s;
}

TEST(SpzWriter, WritesAVersion3HeaderAndTheStandardFrame) {
  const Bytes raw = test::gunzip(encode(one_gaussian(1, 2, 3)));
  ASSERT_EQ(raw.size(), 16u + 9 + 1 + 3 + 3 + 4);
  EXPECT_EQ(test::get<std::uint32_t>(raw, 0), 0x5053474eu);  // "NGSP"
  EXPECT_EQ(test::get<std::uint32_t>(raw, 4), 3u);
  EXPECT_EQ(test::get<std::uint32_t>(raw, 8), 1u);
  EXPECT_EQ(std::to_integer<int>(raw[12]), 0);   // SH degree
  EXPECT_EQ(std::to_integer<int>(raw[13]), 12);  // fractional bits
  EXPECT_EQ(std::to_integer<int>(raw[14]), 0);   // flags: not antialiased, no extensions
  EXPECT_EQ(std::to_integer<int>(raw[15]), 0);
  // RDF (1, 2, 3) is RUB (1, -2, -3): 4096, -8192, -12288 in 24-bit two's complement.
  auto fixed = [&](std::size_t k) {
    const std::uint32_t bits = std::to_integer<std::uint32_t>(raw[16 + 3 * k]) |
                               std::to_integer<std::uint32_t>(raw[17 + 3 * k]) << 8 |
                               std::to_integer<std::uint32_t>(raw[18 + 3 * k]) << 16;
    return static_cast<std::int32_t>(bits << 8) >> 8;
  };
  EXPECT_EQ(fixed(0), 4096);
  EXPECT_EQ(fixed(1), -8192);
  EXPECT_EQ(fixed(2), -12288);
  EXPECT_EQ(std::to_integer<int>(raw[25]), 128);                      // opacity 0.5: round(127.5)
  EXPECT_EQ(std::to_integer<int>(raw[26]), 128);                      // f_dc 0: round(127.5)
  EXPECT_EQ(std::to_integer<int>(raw[29]), std::lround((std::log(0.1) + 10) * 16));  // log-scale
  EXPECT_EQ(test::get<std::uint32_t>(raw, 32), 3u << 30);             // identity: w largest, the rest 0
}

TEST(SpzWriter, TheAntialiasedOptionSetsTheHeaderFlag) {
  SpzWriteOptions options;
  options.antialiased = true;
  EXPECT_EQ(std::to_integer<int>(test::gunzip(encode(one_gaussian(0, 0, 0), options))[14]), 1);
}

// The reference's 12 fractional bits hold |x| < 2048; beyond that a bit is given up per doubling
// (the header says how many are used), and beyond 24 bits of whole units nothing fits.
TEST(SpzWriter, FarPositionsUseFewerFractionalBits) {
  const Bytes raw = test::gunzip(encode(one_gaussian(3000.25f, -1, 0.5f)));
  EXPECT_EQ(std::to_integer<int>(raw[13]), 11);
  const GaussianScene back = decode(encode(one_gaussian(3000.25f, -1, 0.5f)));
  EXPECT_NEAR(back.positions[0], 3000.25f, std::ldexp(0.5, -11));
  EXPECT_NEAR(back.positions[2], 0.5f, std::ldexp(0.5, -11));
  const auto refused = encode_spz(one_gaussian(1e7f, 0, 0), "far.spz");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().file, "far.spz");
  EXPECT_NE(refused.error().what.find("24-bit range"), std::string::npos);
}

// ---- PLY -> SPZ -> PLY ---------------------------------------------------------------------------

// The largest error and how many values broke their bound, per attribute.
struct Bound {
  const char* what;
  double limit;
  double worst = 0;
  std::size_t failures = 0;
  void check(double error) {
    worst = std::max(worst, error);
    if (!(error <= limit)) ++failures;
  }
};

double quat_distance(const float* a, const float* b) {
  double dot = 0;
  for (int k = 0; k < 4; ++k) dot += double(a[k]) * b[k];
  const double sign = dot < 0 ? -1.0 : 1.0;
  double d2 = 0;
  for (int k = 0; k < 4; ++k) d2 += (a[k] - sign * b[k]) * (a[k] - sign * b[k]);
  return std::sqrt(d2);
}

// The steps, from the format's bit widths (kFloat: the float rounding of the decode's activations):
//  - position: half of 2^-12;  opacity: half of 1/255;  f_dc: half of 1/(0.15 * 255);
//  - log-scale: half of 1/16, of the value clamped to the byte's range [-10, 5.9375];
//  - SH degree 1: rounding to 1/128 (half a step) and then to a bucket of 8 (4 steps), of the value
//    clamped to [-1, 127/128]; degrees 2 and 3: buckets of 16 (8.5 steps);
//  - rotation: each of the three stored components within half of sqrt(1/2)/511, the fourth rebuilt
//    from unit length: a distance of at most ~4.6 times that (formats_decode_test derives it).
TEST(SpzWriter, PlyToSpzToPlyHoldsToTheQuantisation) {
  const auto dir = test::fresh_temp_dir("spz-round-trip");
  ASSERT_FALSE(write_ply(dir / "back.ply", decode(encode(reference()))).has_value());
  const auto loaded = load_ply(dir / "back.ply");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const GaussianScene& s = loaded.value().scene;
  const GaussianScene& ref = reference();
  ASSERT_EQ(s.count(), ref.count());
  ASSERT_EQ(s.sh_degree, ref.sh_degree);
  constexpr double kFloat = 1e-6;
  Bound position{"position", std::ldexp(0.5, -12) + kFloat}, opacity{"opacity", 0.5 / 255 + kFloat},
      dc{"f_dc", 0.5 / (0.15 * 255) + kFloat}, scale{"log-scale", 0.5 / 16 + kFloat},
      sh1{"SH degree 1", 4.5 / 128 + kFloat}, sh_rest{"SH degrees 2-3", 8.5 / 128 + kFloat},
      rotation{"rotation", 4.6 * 0.5 * std::sqrt(0.5) / 511 + kFloat};
  const auto values = static_cast<std::size_t>(3 * ref.sh_coeffs());
  for (std::size_t i = 0; i < ref.count(); ++i) {
    for (std::size_t k = 0; k < 3; ++k) {
      position.check(std::fabs(s.positions[3 * i + k] - ref.positions[3 * i + k]));
      const double log_ref = std::clamp(std::log(double(ref.scales[3 * i + k])), -10.0, 255 / 16.0 - 10);
      scale.check(std::fabs(std::log(double(s.scales[3 * i + k])) - log_ref));
      const double dc_ref = std::clamp(double(ref.sh[values * i + k]), -127.5 / 38.25, 127.5 / 38.25);
      dc.check(std::fabs(s.sh[values * i + k] - dc_ref));
    }
    opacity.check(std::fabs(s.opacities[i] - ref.opacities[i]));
    rotation.check(quat_distance(&s.rotations[4 * i], &ref.rotations[4 * i]));
    for (std::size_t j = 3; j < values; ++j) {
      const double truth = std::clamp(double(ref.sh[values * i + j]), -1.0, 127.0 / 128);
      (j < 12 ? sh1 : sh_rest).check(std::fabs(s.sh[values * i + j] - truth));
    }
  }
  for (const Bound* b : {&position, &opacity, &dc, &scale, &sh1, &sh_rest, &rotation}) {
    std::printf("[ spz      ] %-16s max error %.3g (bound %.3g)\n", b->what, b->worst, b->limit);
    EXPECT_EQ(b->failures, 0u) << b->what << ": worst " << b->worst << " over " << b->limit;
  }
}

double psnr(const Image& a, const Image& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.rgb.size(); ++i) {
    const double d = std::clamp(a.rgb[i], 0.0f, 1.0f) - std::clamp(b.rgb[i], 0.0f, 1.0f);
    sum += d * d;
  }
  const double mse = sum / static_cast<double>(a.rgb.size());
  return mse > 0 ? 10 * std::log10(1.0 / mse) : std::numeric_limits<double>::infinity();
}

// The floor for SPZ against the PLY (its quantisation allows no more), from issue 9's front
// view at two sizes.
TEST(SpzWriter, TheRoundTripRendersLikeThePly) {
  const GaussianScene back = decode(encode(reference()));
  for (const auto& [width, height] : {std::pair{160, 90}, std::pair{480, 270}}) {
    const Camera camera = test::playbot_front(width, height);
    const double db = psnr(test::render_on_cpu(back, camera), test::render_on_cpu(reference(), camera));
    std::printf("[ spz      ] round trip at %dx%d: PSNR %.1f dB\n", width, height, db);
    EXPECT_GE(db, 45.0);
  }
}

// splat-transform 3.7.0 wrote playbot-31k-sh2-v3.spz from the same PLY (SOURCES.md) through Niantic's
// rules, in the frame our reader takes as standard (spz_frame_test): the same bytes, header and data.
TEST(SpzWriter, WritesWhatAnIndependentWriterWrote) {
  const Bytes ours = test::gunzip(encode(reference()));
  const Bytes theirs = test::gunzip(test::read_shared_bytes("playbot-31k-sh2-v3.spz"));
  ASSERT_EQ(ours.size(), theirs.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < ours.size(); ++i) differ += ours[i] != theirs[i];
  EXPECT_EQ(differ, 0u) << "of " << ours.size() << " bytes";
}

}  // namespace
}  // namespace splatview
