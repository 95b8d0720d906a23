// ShRotation: turning SH bands 1-3 with a change of frame. The check is the definition, evaluated by
// the renderer's own SH code (render/splat_math.h, independent of the rotation code): the colour the
// rotated coefficients give along M d equals the colour the original ones give along d. Closed forms
// pin the axis flips to the signs SOURCES.md measured in independently written files.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/formats/frame_transform.h"
#include "core/sh_rotation.h"
#include "render/splat_math.h"

namespace splatview {
namespace {

using splat::sh_to_color;
using splat::Vec3;

constexpr int kCoeffs = 16;  // degree 3

Vec3 colour(const std::vector<float>& sh, int degree, const double d[3]) {
  // sh_to_color clamps below at 0; a large DC term keeps every test colour far above 0.
  return sh_to_color(degree, sh.data(), Vec3{float(d[0]), float(d[1]), float(d[2])});
}

Mat3d rotation_from_quaternion(double w, double x, double y, double z) {
  const double n = std::sqrt(w * w + x * x + y * y + z * z);
  w /= n, x /= n, y /= n, z /= n;
  return {1 - 2 * (y * y + z * z), 2 * (x * y - w * z),     2 * (x * z + w * y),
          2 * (x * y + w * z),     1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
          2 * (x * z - w * y),     2 * (y * z + w * x),     1 - 2 * (x * x + y * y)};
}

void expect_colour_invariant(const Mat3d& m, int degree, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> coefficient(-1.0f, 1.0f);
  std::normal_distribution<double> gauss;
  std::vector<float> sh(3 * kCoeffs);
  for (float& v : sh) v = coefficient(rng);
  for (int c = 0; c < 3; ++c) sh[c] = 8.0f;  // colour about 2.8: never clamped
  std::vector<float> turned = sh;
  ShRotation(m).apply(turned.data(), degree);
  for (int trial = 0; trial < 50; ++trial) {
    double d[3] = {gauss(rng), gauss(rng), gauss(rng)};
    const double n = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    for (double& v : d) v /= n;
    const double md[3] = {m[0] * d[0] + m[1] * d[1] + m[2] * d[2], m[3] * d[0] + m[4] * d[1] + m[5] * d[2],
                          m[6] * d[0] + m[7] * d[1] + m[8] * d[2]};
    const Vec3 before = colour(sh, degree, d);
    const Vec3 after = colour(turned, degree, md);
    // Float evaluation of up to 16 terms of size <= 3: 1e-5 is a few float steps of the sum.
    EXPECT_NEAR(after.x, before.x, 1e-5);
    EXPECT_NEAR(after.y, before.y, 1e-5);
    EXPECT_NEAR(after.z, before.z, 1e-5);
  }
}

TEST(ShRotation, RandomRotationsKeepTheColourSeenAlongTheTurnedDirection) {
  std::mt19937 rng(7);
  std::normal_distribution<double> gauss;
  for (int i = 0; i < 20; ++i) {
    const Mat3d m = rotation_from_quaternion(gauss(rng), gauss(rng), gauss(rng), gauss(rng));
    for (int degree = 1; degree <= 3; ++degree) expect_colour_invariant(m, degree, 100 + i);
  }
}

TEST(ShRotation, MirrorsKeepTheColourToo) {
  // A frame change between a left- and a right-handed frame (SPZ's frame table has both).
  Mat3d m = rotation_from_quaternion(0.3, -0.2, 0.9, 0.1);
  for (int k = 0; k < 3; ++k) m[k] = -m[k];  // then mirror x
  expect_colour_invariant(m, 3, 5);
  expect_colour_invariant({1, 0, 0, 0, 1, 0, 0, 0, -1}, 3, 6);
}

TEST(ShRotation, BandOneIsTheRotationItselfInTheBasisOrder) {
  // Band 1 is (-y, z, -x) times a constant, so D1 = P M P^T with P taking (x, y, z) to (-y, z, -x).
  const Mat3d m = rotation_from_quaternion(0.8, 0.1, -0.5, 0.3);
  const double p[9] = {0, -1, 0, 0, 0, 1, -1, 0, 0};
  const ShRotation r(m);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      double expected = 0;
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) expected += p[3 * i + a] * m[3 * a + b] * p[3 * j + b];
      EXPECT_NEAR(r.entry(1, i, j), expected, 1e-12);
    }
  }
}

// The sign of each coefficient under a diagonal flip: the product of the flipped axes' signs over the
// basis polynomial's odd powers.
void expect_signs(const Mat3d& flip, const std::vector<int>& expected_signs) {
  const ShRotation r(flip);
  int k = 1;
  for (int l = 1; l <= 3; ++l) {
    for (int i = 0; i <= 2 * l; ++i, ++k) {
      for (int j = 0; j <= 2 * l; ++j) {
        const double expected = i == j ? expected_signs[static_cast<std::size_t>(k - 1)] : 0.0;
        EXPECT_EQ(r.entry(l, i, j), expected) << "degree " << l << " entry " << i << "," << j;  // exact
      }
    }
  }
}

TEST(ShRotation, TheGltfTurnFlipsTheSignsSourcesMdMeasured) {
  // 180 degrees about z (x -> -x, y -> -y): SOURCES.md, playbot-31k-sh2.glb against the PLY:
  // degree-1 coefficients 0 and 2 and degree-2 coefficients 1 and 3 flip, the rest are equal.
  // Degree 3 from the polynomials y(3x2-y2), xyz, y(4z2-..), z(..), x(..), z(x2-y2), x(x2-3y2).
  expect_signs({-1, 0, 0, 0, -1, 0, 0, 0, 1}, {-1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1});
}

TEST(ShRotation, TheSpzTurnFlipsTheSignsSourcesMdMeasured) {
  // 180 degrees about x (y -> -y, z -> -z): SOURCES.md, the two SPZ writers: degree-1 coefficients
  // 0 and 1 flip, 2 is equal.
  expect_signs({1, 0, 0, 0, -1, 0, 0, 0, -1}, {-1, -1, 1, -1, 1, 1, -1, 1, -1, 1, -1, -1, 1, -1, 1});
}

TEST(FrameToRdf, NamesEveryFrameAndKnowsTheCommonOnes) {
  using formats::frame_to_rdf;
  EXPECT_EQ(*frame_to_rdf("RDF"), formats::kIdentity3);
  EXPECT_EQ(*frame_to_rdf("RUB"), (Mat3d{1, 0, 0, 0, -1, 0, 0, 0, -1}));
  EXPECT_EQ(*frame_to_rdf("LUF"), (Mat3d{-1, 0, 0, 0, -1, 0, 0, 0, 1}));  // glTF
  // z up, y forward (RFU: Blender-like): RDF x = x, RDF y (down) = -z, RDF z (forward) = y.
  EXPECT_EQ(*frame_to_rdf("RFU"), (Mat3d{1, 0, 0, 0, 0, -1, 0, 1, 0}));
  for (const char* bad : {"RLU", "XYZ", "RU", "RUBB", "RRF"}) EXPECT_FALSE(frame_to_rdf(bad)) << bad;
}

}  // namespace
}  // namespace splatview
