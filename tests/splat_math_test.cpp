// The shared splat math (render/splat_math.h) against closed-form cases worked out by hand, and
// the CPU renderer end to end on scenes small enough to compute a pixel on paper.
#include "render/splat_math.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/image.h"
#include "render/cpu_renderer.h"

namespace splatview {
namespace {

using splat::Conic;
using splat::Mat3;
using splat::PixelState;
using splat::Sym2;
using splat::Sym3;
using splat::TileRect;
using splat::Vec2;
using splat::Vec3;

constexpr double kPi = std::numbers::pi;
constexpr float kTol = 1e-6f;

void expect_matrix_near(const Mat3& m, const double (&expected)[3][3], double tol, const char* what) {
  const Vec3* rows = m.row;
  for (int i = 0; i < 3; ++i) {
    const float got[3] = {rows[i].x, rows[i].y, rows[i].z};
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(got[j], expected[i][j], tol) << what << " entry (" << i << "," << j << ")";
  }
}

// ---------------------------------------------------------------------------------------------
// quat_to_rotation

TEST(QuatToRotation, IdentityQuaternionGivesIdentityMatrix) {
  const double identity[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  expect_matrix_near(splat::quat_to_rotation(1, 0, 0, 0), identity, 0.0, "identity");
}

TEST(QuatToRotation, QuarterTurnsAboutEachAxis) {
  // A turn by theta about unit axis n is q = (cos(theta/2), sin(theta/2) n); theta = 90 degrees
  // gives components sqrt(1/2). The right-handed quarter turns map
  //   about x: y -> z, z -> -y;  about y: z -> x, x -> -z;  about z: x -> y, y -> -x.
  const float h = static_cast<float>(std::sqrt(0.5));
  const double rx[3][3] = {{1, 0, 0}, {0, 0, -1}, {0, 1, 0}};
  const double ry[3][3] = {{0, 0, 1}, {0, 1, 0}, {-1, 0, 0}};
  const double rz[3][3] = {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}};
  expect_matrix_near(splat::quat_to_rotation(h, h, 0, 0), rx, 1e-6, "90 deg about x");
  expect_matrix_near(splat::quat_to_rotation(h, 0, h, 0), ry, 1e-6, "90 deg about y");
  expect_matrix_near(splat::quat_to_rotation(h, 0, 0, h), rz, 1e-6, "90 deg about z");
}

// Rodrigues: R = cos(t) I + sin(t) [n]x + (1 - cos(t)) n n^T.
void rodrigues(const double n_in[3], double theta, double (&r)[3][3]) {
  const double len = std::sqrt(n_in[0] * n_in[0] + n_in[1] * n_in[1] + n_in[2] * n_in[2]);
  const double n[3] = {n_in[0] / len, n_in[1] / len, n_in[2] / len};
  const double c = std::cos(theta), s = std::sin(theta);
  const double cross[3][3] = {{0, -n[2], n[1]}, {n[2], 0, -n[0]}, {-n[1], n[0], 0}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) r[i][j] = (i == j ? c : 0.0) + s * cross[i][j] + (1 - c) * n[i] * n[j];
}

TEST(QuatToRotation, MatchesRodriguesForGeneralAxisAndAngle) {
  const double axes[][3] = {{1, 2, 3}, {-0.3, 0.9, 0.1}, {0.5, -0.5, -2}};
  const double angles[] = {0.7, 2.5, -1.9};
  for (const auto& axis : axes) {
    for (double theta : angles) {
      const double len = std::sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
      const double s = std::sin(theta / 2) / len;
      const Mat3 m = splat::quat_to_rotation(static_cast<float>(std::cos(theta / 2)), static_cast<float>(s * axis[0]),
                                             static_cast<float>(s * axis[1]), static_cast<float>(s * axis[2]));
      double expected[3][3];
      rodrigues(axis, theta, expected);
      expect_matrix_near(m, expected, 2e-6, "Rodrigues");
    }
  }
}

TEST(QuatToRotation, UnitQuaternionsGiveOrthonormalRightHandedMatrices) {
  const float quats[][4] = {{0.9f, 0.1f, -0.3f, 0.2f}, {-0.2f, 0.7f, 0.5f, -0.4f}, {0.1f, 0.1f, 0.1f, 0.98f}};
  for (const auto& raw : quats) {
    const float len = std::sqrt(raw[0] * raw[0] + raw[1] * raw[1] + raw[2] * raw[2] + raw[3] * raw[3]);
    const Mat3 m = splat::quat_to_rotation(raw[0] / len, raw[1] / len, raw[2] / len, raw[3] / len);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) EXPECT_NEAR(splat::dot(m.row[i], m.row[j]), i == j ? 1.0f : 0.0f, 1e-6f);
    // det = row0 . (row1 x row2) = +1.
    const Vec3 a = m.row[0], b = m.row[1], c = m.row[2];
    const Vec3 bxc = {b.y * c.z - b.z * c.y, b.z * c.x - b.x * c.z, b.x * c.y - b.y * c.x};
    EXPECT_NEAR(splat::dot(a, bxc), 1.0f, 1e-6f);
  }
}

// ---------------------------------------------------------------------------------------------
// covariance_3d

TEST(Covariance3d, AxisAlignedIsDiagonalOfScaledSquares) {
  // R = I: Sigma = diag((s m)^2) = diag(0.5^2, 1^2, 1.5^2) for s = (1, 2, 3), m = 0.5.
  const Sym3 s = splat::covariance_3d({1, 2, 3}, 0.5f, splat::quat_to_rotation(1, 0, 0, 0));
  EXPECT_FLOAT_EQ(s.xx, 0.25f);
  EXPECT_FLOAT_EQ(s.yy, 1.0f);
  EXPECT_FLOAT_EQ(s.zz, 2.25f);
  EXPECT_EQ(s.xy, 0.0f);
  EXPECT_EQ(s.xz, 0.0f);
  EXPECT_EQ(s.yz, 0.0f);
}

TEST(Covariance3d, RotatedEllipsoid) {
  // Sigma = sum_k s_k^2 r_k r_k^T over the columns r_k of R.
  // 90 deg about z: columns (0,1,0), (-1,0,0), (0,0,1); s = (1,2,3) -> Sigma = diag(4, 1, 9).
  const float h = static_cast<float>(std::sqrt(0.5));
  const Sym3 a = splat::covariance_3d({1, 2, 3}, 1.0f, splat::quat_to_rotation(h, 0, 0, h));
  EXPECT_NEAR(a.xx, 4.0f, 1e-5f);
  EXPECT_NEAR(a.yy, 1.0f, 1e-5f);
  EXPECT_NEAR(a.zz, 9.0f, 1e-5f);
  EXPECT_NEAR(a.xy, 0.0f, 1e-5f);
  // 45 deg about z: columns (c, c, 0), (-c, c, 0) with c^2 = 1/2; s = (2, 1, 1), m = 1:
  //   xx = 4/2 + 1/2 = 2.5, yy = 2.5, xy = 4/2 - 1/2 = 1.5, zz = 1, xz = yz = 0.
  const double half = kPi / 8;  // half of 45 degrees
  const Sym3 b = splat::covariance_3d(
      {2, 1, 1}, 1.0f,
      splat::quat_to_rotation(static_cast<float>(std::cos(half)), 0, 0, static_cast<float>(std::sin(half))));
  EXPECT_NEAR(b.xx, 2.5f, 1e-5f);
  EXPECT_NEAR(b.yy, 2.5f, 1e-5f);
  EXPECT_NEAR(b.xy, 1.5f, 1e-5f);
  EXPECT_NEAR(b.zz, 1.0f, 1e-5f);
  EXPECT_NEAR(b.xz, 0.0f, 1e-6f);
  EXPECT_NEAR(b.yz, 0.0f, 1e-6f);
  // The modifier scales the covariance by m^2.
  const Sym3 c = splat::covariance_3d({2, 1, 1}, 1.5f,
                                      splat::quat_to_rotation(static_cast<float>(std::cos(half)), 0, 0,
                                                              static_cast<float>(std::sin(half))));
  EXPECT_NEAR(c.xy, 1.5f * 2.25f, 1e-5f);
}

// ---------------------------------------------------------------------------------------------
// project_covariance

splat::ViewParams test_view(float focal, float tan_half_fov) {
  splat::ViewParams v{};
  v.rotation = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  v.eye = {0, 0, 0};
  v.fx = v.fy = focal;
  v.cx = 48;  // a 97 x 61 image
  v.cy = 30;
  v.tan_fovx = v.tan_fovy = tan_half_fov;
  v.tiles_x = 7;
  v.tiles_y = 4;
  return v;
}

TEST(ProjectCovariance, OnAxisEllipsoidScalesByFocalOverDepthPlusLowPass) {
  // t = (0, 0, 5): J = [[f/z, 0, 0], [0, f/z, 0]], so Sigma2 = diag((f sx/z)^2, (f sy/z)^2) + 0.3.
  // f = 100, s = (0.1, 0.2, 0.3): (100*0.1/5)^2 = 4, (100*0.2/5)^2 = 16.
  const splat::ViewParams v = test_view(100, 0.5f);
  const Sym3 sigma = {0.01f, 0, 0, 0.04f, 0, 0.09f};
  const Sym2 cov = splat::project_covariance({0, 0, 5}, sigma, v);
  EXPECT_NEAR(cov.xx, 4.3f, 1e-5f);
  EXPECT_NEAR(cov.yy, 16.3f, 1e-5f);
  EXPECT_NEAR(cov.xy, 0.0f, 1e-6f);
}

TEST(ProjectCovariance, OffAxisInsideTheClampUsesTheTrueJacobian) {
  // t = (1, 0, 5), x/z = 0.2 < 1.3 * 0.5: row0 of J = (f/z, 0, -f x/z^2) = (20, 0, -4),
  // row1 = (0, 20, 0). Isotropic Sigma = 0.01 I: xx = (400 + 16) * 0.01 + 0.3 = 4.46,
  // yy = 400 * 0.01 + 0.3 = 4.3, xy = 0.
  const splat::ViewParams v = test_view(100, 0.5f);
  const Sym3 sigma = {0.01f, 0, 0, 0.01f, 0, 0.01f};
  const Sym2 cov = splat::project_covariance({1, 0, 5}, sigma, v);
  EXPECT_NEAR(cov.xx, 4.46f, 1e-5f);
  EXPECT_NEAR(cov.yy, 4.3f, 1e-5f);
  EXPECT_NEAR(cov.xy, 0.0f, 1e-6f);
}

TEST(ProjectCovariance, BeyondTheFrustumClampTheJacobianUsesClampedCoordinates) {
  // tan(half fov) = 0.5: the limit is 1.3 * 0.5 = 0.65. t = (10, -4, 5): x/z = 2 -> 0.65,
  // y/z = -0.8 -> -0.65, so tx = 3.25, ty = -3.25 (z = 5, f = 100):
  //   row0 = (20, 0, -100 * 3.25 / 25) = (20, 0, -13)
  //   row1 = (0, 20, -100 * -3.25 / 25) = (0, 20, 13)
  // Sigma = diag(0.01, 0.04, 0.09):
  //   xx = 400 * 0.01 + 169 * 0.09 + 0.3 = 19.51
  //   yy = 400 * 0.04 + 169 * 0.09 + 0.3 = 31.51
  //   xy = (-13)(13)(0.09) = -15.21
  // (Unclamped, row0 would end in -40 and xx would be 148.3.)
  const splat::ViewParams v = test_view(100, 0.5f);
  const Sym3 sigma = {0.01f, 0, 0, 0.04f, 0, 0.09f};
  const Sym2 cov = splat::project_covariance({10, -4, 5}, sigma, v);
  EXPECT_NEAR(cov.xx, 19.51f, 1e-4f);
  EXPECT_NEAR(cov.yy, 31.51f, 1e-4f);
  EXPECT_NEAR(cov.xy, -15.21f, 1e-4f);
}

TEST(ProjectCovariance, ViewRotationIsApplied) {
  // A camera looking along world +x with up -y: right = forward x up = (0, 0, -1),
  // down = forward x right = (0, 1, 0). W Sigma W^T of diag(a, b, c) is diag(c, b, a), so on the
  // axis at depth z: Sigma2 = diag((f/z)^2 c, (f/z)^2 b) + 0.3. With f/z = 20: 400*0.09, 400*0.04.
  splat::ViewParams v = test_view(100, 0.5f);
  v.rotation = {{{0, 0, -1}, {0, 1, 0}, {1, 0, 0}}};
  const Sym3 sigma = {0.01f, 0, 0, 0.04f, 0, 0.09f};
  const Sym2 cov = splat::project_covariance({0, 0, 5}, sigma, v);
  EXPECT_NEAR(cov.xx, 36.3f, 1e-4f);
  EXPECT_NEAR(cov.yy, 16.3f, 1e-4f);
  EXPECT_NEAR(cov.xy, 0.0f, 1e-6f);
}

// ---------------------------------------------------------------------------------------------
// invert_covariance_2d, splat_radius, project_to_pixels

TEST(InvertCovariance2d, InverseOfPositiveDefiniteMatrix) {
  // [[4, 1], [1, 2]]: det = 7, inverse = [[2, -1], [-1, 4]] / 7.
  Conic c{};
  ASSERT_TRUE(splat::invert_covariance_2d({4, 1, 2}, c));
  EXPECT_NEAR(c.a, 2.0f / 7, kTol);
  EXPECT_NEAR(c.b, -1.0f / 7, kTol);
  EXPECT_NEAR(c.c, 4.0f / 7, kTol);
}

TEST(InvertCovariance2d, NonPositiveDeterminantIsRejected) {
  Conic c{};
  EXPECT_FALSE(splat::invert_covariance_2d({1, 1, 1}, c));   // det = 0
  EXPECT_FALSE(splat::invert_covariance_2d({1, 2, 1}, c));   // det = -3
  EXPECT_FALSE(splat::invert_covariance_2d({0, 0, 0}, c));
  EXPECT_FALSE(splat::invert_covariance_2d({std::nanf(""), 0, 1}, c));
}

TEST(SplatRadius, ThreeSigmaOfTheLargerEigenvalueRoundedUp) {
  // (9, 0, 1): mid = 5, det = 9, mid^2 - det = 16 -> lambda = 5 + 4 = 9; 3 * 3 = 9 exactly.
  EXPECT_EQ(splat::splat_radius({9, 0, 1}), 9);
  // (2, 1, 2): eigenvalues 3 and 1; mid = 2, det = 3 -> lambda = 2 + 1 = 3; 3 sqrt(3) = 5.196 -> 6.
  EXPECT_EQ(splat::splat_radius({2, 1, 2}), 6);
  // (4, 0, 4): mid^2 - det = 0 is floored at 0.1: lambda = 4 + sqrt(0.1) = 4.316;
  // 3 sqrt(4.316) = 6.233 -> 7 (without the floor it would be 6).
  EXPECT_EQ(splat::splat_radius({4, 0, 4}), 7);
  // The smallest splat the low-pass filter allows: (0.3, 0, 0.3): lambda = 0.3 + 0.316 = 0.616,
  // 3 sqrt(0.616) = 2.355 -> 3.
  EXPECT_EQ(splat::splat_radius({0.3f, 0, 0.3f}), 3);
}

TEST(SplatRadius, BeyondIntRangeSaturatesInsteadOfWrapping) {
  // 3 sqrt(1e30) = 3e15 pixels: the radius saturates at kMaxRadius (the reference's int on the
  // GPU saturates too), so the splat stays visible; it must not wrap to a negative radius.
  EXPECT_EQ(splat::splat_radius({1e30f, 0, 1e30f}), static_cast<int>(kMaxRadius));
  EXPECT_EQ(splat::splat_radius({3e38f, 0, 1}), static_cast<int>(kMaxRadius));
  // Just below the limit the usual rule holds.
  EXPECT_EQ(splat::splat_radius({1e16f, 0, 1}), 300000000);
}

TEST(ProjectToPixels, OpticalAxisLandsOnTheImageCentre) {
  const splat::ViewParams v = test_view(100, 0.5f);  // cx = (97 - 1) / 2, cy = (61 - 1) / 2
  const Vec2 centre = splat::project_to_pixels({0, 0, 3}, v);
  EXPECT_EQ(centre.x, 48.0f);
  EXPECT_EQ(centre.y, 30.0f);
  // (1, -2, 4): (100 * 1/4 + 48, 100 * -2/4 + 30) = (73, -20).
  const Vec2 p = splat::project_to_pixels({1, -2, 4}, v);
  EXPECT_NEAR(p.x, 73.0f, 1e-5f);
  EXPECT_NEAR(p.y, -20.0f, 1e-5f);
}

// ---------------------------------------------------------------------------------------------
// tile_rect

// DESIGN: clamp(int(v), 0, limit) with int truncating toward zero, evaluated in double with the
// clamp before the conversion (same result wherever the int conversion is defined).
int design_bound(double v, int limit) {
  const double t = std::trunc(v);
  if (!(t > 0)) return 0;
  if (t > limit) return limit;
  return static_cast<int>(t);
}

TileRect design_rect(double mx, double my, int r, int tiles_x, int tiles_y) {
  return {design_bound((mx - r) / 16, tiles_x), design_bound((my - r) / 16, tiles_y),
          design_bound((mx + r + 15) / 16, tiles_x), design_bound((my + r + 15) / 16, tiles_y)};
}

void expect_rect(TileRect got, TileRect want, const std::string& what) {
  EXPECT_EQ(got.x0, want.x0) << what;
  EXPECT_EQ(got.y0, want.y0) << what;
  EXPECT_EQ(got.x1, want.x1) << what;
  EXPECT_EQ(got.y1, want.y1) << what;
}

// A 97 x 61 image: 7 x 4 tiles.
constexpr int kTx = 7, kTy = 4;

TEST(TileRect, HandWorkedCases) {
  // Centre (48, 30), r = 5: x0 = int(43/16) = 2, x1 = int(68/16) = 4; y0 = int(25/16) = 1,
  // y1 = int(50/16) = 3.
  expect_rect(splat::tile_rect({48, 30}, 5, kTx, kTy), {2, 1, 4, 3}, "centre");
  // Top-left corner (0, 0), r = 3: int(-3/16) truncates to 0; int(18/16) = 1.
  expect_rect(splat::tile_rect({0, 0}, 3, kTx, kTy), {0, 0, 1, 1}, "top-left corner");
  // Bottom-right corner (96, 60), r = 3: x0 = int(93/16) = 5, x1 = int(114/16) = 7;
  // y0 = int(57/16) = 3, y1 = int(78/16) = 4.
  expect_rect(splat::tile_rect({96, 60}, 3, kTx, kTy), {5, 3, 7, 4}, "bottom-right corner");
  // Far right beyond the image: clamped to the grid, empty.
  const TileRect right = splat::tile_rect({200, 30}, 5, kTx, kTy);
  EXPECT_EQ(right.x0, kTx);
  EXPECT_EQ(splat::tile_count(right), 0);
  // Left of the image but overlapping it: (-10, 30), r = 12: x0 = int(-22/16) = -1 -> 0,
  // x1 = int(17/16) = 1.
  expect_rect(splat::tile_rect({-10, 30}, 12, kTx, kTy), {0, 1, 1, 3}, "overlapping the left edge");
  // Entirely left: (-40, -40), r = 5: x1 = int(-20/16) = int(-1.25) = -1 -> 0: empty.
  EXPECT_EQ(splat::tile_count(splat::tile_rect({-40, -40}, 5, kTx, kTy)), 0);
  // Truncation toward zero: (-5, 30), r = 1: x1 = int(11/16) = 0 -> empty although mean + r
  // reaches x = -4 only; and (-20, 30), r = 5: x1 = int(0/16) = 0 -> empty.
  EXPECT_EQ(splat::tile_count(splat::tile_rect({-5, 30}, 1, kTx, kTy)), 0);
  EXPECT_EQ(splat::tile_count(splat::tile_rect({-20, 30}, 5, kTx, kTy)), 0);
}

TEST(TileRect, RectanglesExactlyOnTileBoundaries) {
  // (32, 32), r = 16: x0 = int(16/16) = 1, x1 = int(63/16) = 3.
  expect_rect(splat::tile_rect({32, 32}, 16, kTx, kTy), {1, 1, 3, 3}, "r = 16 at 32");
  // (16, 16), r = 16: x0 = 0, x1 = int(47/16) = 2.
  expect_rect(splat::tile_rect({16, 16}, 16, kTx, kTy), {0, 0, 2, 2}, "r = 16 at 16");
  // (48, 48), r = 16: mean + r = 64 exactly, x1 = int(79/16) = 4 (pixel 64 is not covered).
  expect_rect(splat::tile_rect({48, 48}, 16, kTx, kTy), {2, 2, 4, 4}, "mean + r on a boundary");
  // (47.5, 40), r = 16: x1 = int(78.5/16) = 4; (48.5, 40): int(79.5/16) = 4; (49, 40): int(80/16) = 5.
  EXPECT_EQ(splat::tile_rect({47.5f, 40}, 16, kTx, kTy).x1, 4);
  EXPECT_EQ(splat::tile_rect({48.5f, 40}, 16, kTx, kTy).x1, 4);
  EXPECT_EQ(splat::tile_rect({49, 40}, 16, kTx, kTy).x1, 5);
}

TEST(TileRect, RadiusZero) {
  // (48, 30), r = 0: x0 = int(48/16) = 3, x1 = int(63/16) = 3: empty (the formula, not a special case).
  EXPECT_EQ(splat::tile_count(splat::tile_rect({48, 30}, 0, kTx, kTy)), 0);
  // (40, 30), r = 0: x0 = int(40/16) = 2, x1 = int(55/16) = 3; y0 = int(30/16) = 1, y1 = int(45/16) = 2.
  expect_rect(splat::tile_rect({40, 30}, 0, kTx, kTy), {2, 1, 3, 2}, "r = 0 inside a tile");
}

TEST(TileRect, HugeAndNonFiniteMeansDoNotOverflow) {
  const float inf = std::numeric_limits<float>::infinity();
  const float huge = 3e9f;  // beyond int range
  expect_rect(splat::tile_rect({huge, 30}, 5, kTx, kTy), {kTx, 1, kTx, 3}, "x beyond int range");
  expect_rect(splat::tile_rect({-huge, 30}, 5, kTx, kTy), {0, 1, 0, 3}, "x below int range");
  expect_rect(splat::tile_rect({1e30f, -1e30f}, 5, kTx, kTy), {kTx, 0, kTx, 0}, "1e30");
  expect_rect(splat::tile_rect({inf, -inf}, 5, kTx, kTy), {kTx, 0, kTx, 0}, "infinite");
  expect_rect(splat::tile_rect({48, 30}, std::numeric_limits<int>::max() / 2, kTx, kTy), {0, 0, kTx, kTy},
              "huge radius");
  EXPECT_EQ(splat::tile_count(splat::tile_rect({std::nanf(""), 30}, 5, kTx, kTy)), 0) << "NaN mean covers nothing";
}

TEST(TileRect, MatchesTheDesignFormulaOverAGridOfMeansAndRadii) {
  int checked = 0;
  for (int r = 0; r <= 40; r += 1) {
    for (int ix = -240; ix <= 480; ix += 1) {
      const float mx = 0.25f * static_cast<float>(ix);  // -60 .. 120 in quarter pixels
      for (float my : {-30.5f, -16.0f, -0.25f, 0.0f, 7.75f, 15.0f, 16.0f, 31.0f, 59.5f, 60.0f, 75.0f, 100.0f}) {
        const TileRect got = splat::tile_rect({mx, my}, r, kTx, kTy);
        const TileRect want = design_rect(mx, my, r, kTx, kTy);
        if (got.x0 != want.x0 || got.x1 != want.x1 || got.y0 != want.y0 || got.y1 != want.y1) {
          ADD_FAILURE() << "mean (" << mx << ", " << my << ") r " << r << ": got [" << got.x0 << "," << got.x1
                        << ")x[" << got.y0 << "," << got.y1 << ") want [" << want.x0 << "," << want.x1 << ")x["
                        << want.y0 << "," << want.y1 << ")";
          return;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100000);
}

// ---------------------------------------------------------------------------------------------
// sh_to_color

// The standard real SH constants from their closed forms (not from constants.h).
const double kC0 = 0.5 * std::sqrt(1 / kPi);
const double kC1 = std::sqrt(3 / (4 * kPi));
const double kC2xy = 0.5 * std::sqrt(15 / kPi);           // xy, yz, xz terms
const double kC2zz = 0.25 * std::sqrt(5 / kPi);           // 2z^2 - x^2 - y^2
const double kC2xxyy = 0.25 * std::sqrt(15 / kPi);        // x^2 - y^2
const double kC3a = 0.25 * std::sqrt(35 / (2 * kPi));     // y(3x^2 - y^2), x(x^2 - 3y^2)
const double kC3xyz = 0.5 * std::sqrt(105 / kPi);         // xyz
const double kC3b = 0.25 * std::sqrt(21 / (2 * kPi));     // y(4z^2 - x^2 - y^2), x(...)
const double kC3z = 0.25 * std::sqrt(7 / kPi);            // z(2z^2 - 3x^2 - 3y^2)
const double kC3zxxyy = 0.25 * std::sqrt(105 / kPi);      // z(x^2 - y^2)

TEST(ShToColor, DegreeZeroIsC0TimesDcPlusHalfClampedBelowOnly) {
  // C0 = 1/(2 sqrt(pi)) = 0.28209479.
  const float sh[3] = {1.0f, -3.0f, 2.0f};
  const Vec3 c = splat::sh_to_color(0, sh, {0, 0, 1});
  EXPECT_NEAR(c.x, kC0 * 1 + 0.5, kTol);
  EXPECT_EQ(c.y, 0.0f) << "0.5 - 3 C0 = -0.346 is clamped at 0";
  EXPECT_NEAR(c.z, kC0 * 2 + 0.5, kTol) << "1.064: not clamped above 1";
  EXPECT_GT(c.z, 1.0f);
}

struct ShCase {
  int k;         // the one non-zero coefficient
  Vec3 dir;      // unit direction
  double basis;  // the basis function's value there, by hand
};

TEST(ShToColor, EachBasisFunctionAlongAxesAndADiagonal) {
  // d = (1, 2, 2)/3 is a unit vector with rational components: x = 1/3, y = z = 2/3, so
  // xx = 1/9, yy = zz = 4/9, xy = xz = 2/9, yz = 4/9, xyz = 4/27. The 3DGS sign convention:
  //   k=1 -C1 y, 2 C1 z, 3 -C1 x,
  //   4 C2 xy, 5 -C2 yz, 6 C2' (2zz - xx - yy), 7 -C2 xz, 8 C2'' (xx - yy),
  //   9 -C3a y(3xx - yy), 10 C3 xyz, 11 -C3b y(4zz - xx - yy), 12 C3z z(2zz - 3xx - 3yy),
  //   13 -C3b x(4zz - xx - yy), 14 C3' z(xx - yy), 15 -C3a x(xx - 3yy).
  const Vec3 d = {1.0f / 3, 2.0f / 3, 2.0f / 3};
  const Vec3 ex = {1, 0, 0}, ey = {0, 1, 0}, ez = {0, 0, 1};
  const std::vector<ShCase> cases = {
      // Along +x: only terms with x alone survive.
      {3, ex, -kC1}, {6, ex, -kC2zz}, {8, ex, kC2xxyy}, {13, ex, kC3b}, {15, ex, -kC3a},
      {1, ex, 0}, {4, ex, 0}, {12, ex, 0},
      // Along +y.
      {1, ey, -kC1}, {6, ey, -kC2zz}, {8, ey, -kC2xxyy}, {9, ey, kC3a}, {11, ey, kC3b}, {3, ey, 0},
      // Along +z.
      {2, ez, kC1}, {6, ez, 2 * kC2zz}, {12, ez, 2 * kC3z}, {14, ez, 0}, {10, ez, 0},
      // Along d.
      {1, d, -kC1 * 2 / 3}, {2, d, kC1 * 2 / 3}, {3, d, -kC1 / 3},
      {4, d, kC2xy * 2 / 9}, {5, d, -kC2xy * 4 / 9}, {6, d, kC2zz * (8.0 - 1 - 4) / 9}, {7, d, -kC2xy * 2 / 9},
      {8, d, kC2xxyy * (1.0 - 4) / 9},
      {9, d, -kC3a * (2.0 / 3) * (3.0 / 9 - 4.0 / 9)},        // = +2/27 C3a
      {10, d, kC3xyz * 4 / 27},
      {11, d, -kC3b * (2.0 / 3) * (16.0 / 9 - 1.0 / 9 - 4.0 / 9)},  // = -22/27 C3b
      {12, d, kC3z * (2.0 / 3) * (8.0 / 9 - 3.0 / 9 - 12.0 / 9)},   // = -14/27 C3z
      {13, d, -kC3b * (1.0 / 3) * (11.0 / 9)},
      {14, d, kC3zxxyy * (2.0 / 3) * (-3.0 / 9)},
      {15, d, -kC3a * (1.0 / 3) * (1.0 / 9 - 12.0 / 9)},       // = +11/27 C3a
  };
  // Distinct per-channel values check the [k][rgb] layout; |basis| < 1.2 keeps every channel > 0.
  const double coeff[3] = {0.4, -0.3, 0.2};
  for (const ShCase& c : cases) {
    float sh[16 * 3] = {};
    for (int ch = 0; ch < 3; ++ch) sh[3 * c.k + ch] = static_cast<float>(coeff[ch]);
    const int degree = c.k < 4 ? 1 : (c.k < 9 ? 2 : 3);
    const Vec3 got = splat::sh_to_color(degree, sh, c.dir);
    const float got_ch[3] = {got.x, got.y, got.z};
    for (int ch = 0; ch < 3; ++ch)
      EXPECT_NEAR(got_ch[ch], 0.5 + coeff[ch] * c.basis, 2e-6)
          << "k " << c.k << " dir (" << c.dir.x << "," << c.dir.y << "," << c.dir.z << ") channel " << ch;
  }
}

TEST(ShToColor, DegreeLimitsTheCoefficientsUsed) {
  // Every coefficient 0.1 on all channels; along +z the non-zero basis values are
  // k=0 C0, k=2 C1, k=6 2 C2', k=12 2 C3z, so degree d sums those with k < (d+1)^2.
  float sh[16 * 3];
  for (float& v : sh) v = 0.1f;
  const double terms[4] = {kC0, kC1, 2 * kC2zz, 2 * kC3z};
  double sum = 0.5;
  for (int degree = 0; degree <= 3; ++degree) {
    sum += 0.1 * terms[degree];
    const Vec3 got = splat::sh_to_color(degree, sh, {0, 0, 1});
    EXPECT_NEAR(got.x, sum, 2e-6) << "degree " << degree;
    EXPECT_NEAR(got.z, sum, 2e-6) << "degree " << degree;
  }
}

// ---------------------------------------------------------------------------------------------
// splat_exp and blend_splat

TEST(MinMax, AgreeWithFminfFmaxfWhenOnlyTheSecondArgumentCanBeNaN) {
  // The shared math calls min_of/max_of (plain selects) where the reference uses fminf/fmaxf, with
  // the argument that could be NaN second: there a NaN must give the first argument.
  const float nan = std::nanf("");
  for (float a : {-1.5f, 0.0f, 0.1f, 3.0f})
    for (float b : {-2.0f, -1.5f, 0.0f, 0.05f, 7.0f, nan}) {
      EXPECT_EQ(splat::min_of(a, b), std::fmin(a, b)) << a << ", " << b;
      EXPECT_EQ(splat::max_of(a, b), std::fmax(a, b)) << a << ", " << b;
    }
  EXPECT_EQ(splat::sh_to_color(0, std::vector<float>(3, nan).data(), {0, 0, 1}).x, 0.0f) << "NaN colour clamps to 0";
}

TEST(SplatExp, MatchesExpOverTheRangeThatMatters) {
  // The blend's e^power for power <= 0. Alpha needs e^x only down to about 1/255 (x ~ -5.5):
  // over [-20, 0] it must be within a few float ulps of the double-precision exponential; down
  // to the clamp at -87 (results near the smallest normal float) a looser bound catches gross
  // errors only.
  double worst_near = 0, worst_far = 0;
  for (int i = 0; i <= 87000; ++i) {
    const float x = -0.001f * static_cast<float>(i);
    const double want = std::exp(static_cast<double>(x));
    const double error = std::abs(splat::splat_exp(x) - want) / want;
    (x >= -20.0f ? worst_near : worst_far) = std::max(x >= -20.0f ? worst_near : worst_far, error);
  }
  EXPECT_LT(worst_near, 4 * std::numeric_limits<float>::epsilon()) << "largest relative error on [-20, 0]";
  EXPECT_LT(worst_far, 1e-4) << "largest relative error on [-87, -20)";
  EXPECT_EQ(splat::splat_exp(0.0f), 1.0f);
  EXPECT_EQ(splat::splat_exp(0.5f), 1.0f) << "positive powers are clamped (they are skipped anyway)";
  // Far below the range: tiny, finite, never negative or NaN.
  for (float x : {-87.5f, -200.0f, -std::numeric_limits<float>::infinity(), std::nanf("")}) {
    const float e = splat::splat_exp(x);
    EXPECT_GE(e, 0.0f) << x;
    EXPECT_LT(e, 1e-37f) << x;
  }
}

const Conic kUnitConic = {1, 0, 1};

PixelState fresh_pixel() { return {{0, 0, 0}, 1, 0}; }

TEST(BlendSplat, AccumulatesColourTimesAlphaTimesTransmittance) {
  PixelState px = fresh_pixel();
  // At the mean, power = 0 and alpha = opacity: C = 0.5 (1,0,0), T = 0.5.
  splat::blend_splat(px, {3, 4}, {3, 4}, kUnitConic, 0.5f, {1, 0, 0});
  EXPECT_FLOAT_EQ(px.color.x, 0.5f);
  EXPECT_FLOAT_EQ(px.transmittance, 0.5f);
  // Then alpha 0.25 green: C += 0.25 * 0.5 (0,1,0); T = 0.5 * 0.75.
  splat::blend_splat(px, {3, 4}, {3, 4}, kUnitConic, 0.25f, {0, 1, 0});
  EXPECT_FLOAT_EQ(px.color.x, 0.5f);
  EXPECT_FLOAT_EQ(px.color.y, 0.125f);
  EXPECT_FLOAT_EQ(px.color.z, 0.0f);
  EXPECT_FLOAT_EQ(px.transmittance, 0.375f);
  EXPECT_EQ(px.done, 0.0f);
}

TEST(BlendSplat, GaussianFalloffUsesTheConicWithItsCrossTerm) {
  // Conic (a, b, c) = (0.5, 0.1, 0.25), d = pixel - mean = (1, 2):
  //   power = -0.5 (0.5 * 1 + 0.25 * 4) - 0.1 * 1 * 2 = -0.95; alpha = 0.8 e^-0.95.
  // With d = (1, -2) the cross term flips: power = -0.75 + 0.2 = -0.55.
  const Conic conic = {0.5f, 0.1f, 0.25f};
  PixelState a = fresh_pixel();
  splat::blend_splat(a, {11, 22}, {10, 20}, conic, 0.8f, {1, 1, 1});
  EXPECT_NEAR(a.color.x, 0.8 * std::exp(-0.95), 1e-6);
  EXPECT_NEAR(a.transmittance, 1 - 0.8 * std::exp(-0.95), 1e-6);
  PixelState b = fresh_pixel();
  splat::blend_splat(b, {11, 18}, {10, 20}, conic, 0.8f, {1, 1, 1});
  EXPECT_NEAR(b.color.x, 0.8 * std::exp(-0.55), 1e-6);
}

TEST(BlendSplat, PositivePowerIsSkipped) {
  // A conic that is not positive definite: a = -1 at d = (1, 0) gives power = +0.5.
  PixelState px{{0.1f, 0.2f, 0.3f}, 0.7f, 0};
  splat::blend_splat(px, {1, 0}, {0, 0}, {-1, 0, 1}, 0.9f, {1, 1, 1});
  EXPECT_EQ(px.color.x, 0.1f);
  EXPECT_EQ(px.transmittance, 0.7f);
  EXPECT_EQ(px.done, 0.0f);
}

TEST(BlendSplat, AlphaIsCappedAt099) {
  PixelState px = fresh_pixel();
  splat::blend_splat(px, {0, 0}, {0, 0}, kUnitConic, 1.0f, {1, 1, 1});
  EXPECT_FLOAT_EQ(px.color.x, 0.99f);
  EXPECT_NEAR(px.transmittance, 0.01f, 1e-7f);
}

TEST(BlendSplat, AlphaBelowOneOver255IsSkipped) {
  // d = (3.2, 0), unit conic: alpha = 0.5 e^-5.12 = 0.00299 < 1/255 = 0.00392: skipped.
  PixelState px = fresh_pixel();
  splat::blend_splat(px, {3.2f, 0}, {0, 0}, kUnitConic, 0.5f, {1, 1, 1});
  EXPECT_EQ(px.transmittance, 1.0f);
  EXPECT_EQ(px.color.x, 0.0f);
  // d = (3, 0): alpha = 0.5 e^-4.5 = 0.00555: blended.
  splat::blend_splat(px, {3, 0}, {0, 0}, kUnitConic, 0.5f, {1, 1, 1});
  EXPECT_NEAR(px.color.x, 0.5 * std::exp(-4.5), 1e-7);
  // Exactly 1/255 at the mean is kept; the next float below is not.
  PixelState at = fresh_pixel();
  splat::blend_splat(at, {0, 0}, {0, 0}, kUnitConic, 1.0f / 255.0f, {1, 1, 1});
  EXPECT_EQ(at.color.x, 1.0f / 255.0f);
  PixelState below = fresh_pixel();
  splat::blend_splat(below, {0, 0}, {0, 0}, kUnitConic, std::nextafter(1.0f / 255.0f, 0.0f), {1, 1, 1});
  EXPECT_EQ(below.color.x, 0.0f);
  EXPECT_EQ(below.transmittance, 1.0f);
}

TEST(BlendSplat, StopsBeforeAddingTheSplatThatDropsTransmittanceBelow1e4) {
  // T = 0.0002, alpha = 0.5: T (1 - alpha) = 0.0001 exactly (halving 0.0002f is exact and gives
  // 0.0001f), not below the threshold: added.
  ASSERT_EQ(0.0002f * 0.5f, 0.0001f);
  PixelState px{{0, 0, 0}, 0.0002f, 0};
  splat::blend_splat(px, {0, 0}, {0, 0}, kUnitConic, 0.5f, {1, 1, 1});
  EXPECT_FLOAT_EQ(px.color.x, 0.0001f);
  EXPECT_EQ(px.transmittance, 0.0001f);
  EXPECT_EQ(px.done, 0.0f);
  // T = 0.00019, alpha = 0.5: 0.000095 < 0.0001: the pixel is done and the splat is not added.
  PixelState stop{{0.25f, 0, 0}, 0.00019f, 0};
  splat::blend_splat(stop, {0, 0}, {0, 0}, kUnitConic, 0.5f, {1, 1, 1});
  EXPECT_NE(stop.done, 0.0f);
  EXPECT_EQ(stop.color.x, 0.25f);
  EXPECT_EQ(stop.color.y, 0.0f);
  EXPECT_EQ(stop.transmittance, 0.00019f);
  // Once done, nothing more is added, even a splat that alone would keep T above 0.0001.
  splat::blend_splat(stop, {0, 0}, {0, 0}, kUnitConic, 0.01f, {1, 1, 1});
  EXPECT_NE(stop.done, 0.0f);
  EXPECT_EQ(stop.color.x, 0.25f);
  EXPECT_EQ(stop.transmittance, 0.00019f);
}

TEST(DepthKey, OrdersPositiveDepthsLikeTheirValues) {
  const float depths[] = {0.2000001f, 0.5f, 1.0f, 1.0000001f, 3.0f, 1e3f, 1e30f};
  for (std::size_t i = 1; i < std::size(depths); ++i)
    EXPECT_LT(splat::depth_key(depths[i - 1]), splat::depth_key(depths[i])) << depths[i];
}

// ---------------------------------------------------------------------------------------------
// End to end through CpuRenderer

constexpr float kC0f = 0.28209479177387814f;

// One Gaussian: isotropic scale s, identity rotation, degree-0 colour `rgb` (f_dc = (c - 0.5)/C0).
void add_gaussian(GaussianScene& scene, Vec3 position, float scale, float opacity, Vec3 rgb) {
  const std::size_t i = scene.count();
  scene.resize(i + 1);
  const float p[3] = {position.x, position.y, position.z};
  const float c[3] = {rgb.x, rgb.y, rgb.z};
  for (int k = 0; k < 3; ++k) {
    scene.positions[3 * i + k] = p[k];
    scene.scales[3 * i + k] = scale;
    scene.sh[3 * i + k] = (c[k] - 0.5f) / kC0f;
  }
  scene.rotations[4 * i] = 1;
  scene.rotations[4 * i + 1] = scene.rotations[4 * i + 2] = scene.rotations[4 * i + 3] = 0;
  scene.opacities[i] = opacity;
}

// Eye (0, 0, -3) looking at the origin with -y up, 50 degree vertical field of view.
Camera front_camera(int width, int height) {
  Camera camera;
  camera.eye = {0, 0, -3};
  camera.target = {0, 0, 0};
  camera.up = {0, -1, 0};
  camera.fovy_degrees = 50;
  camera.width = width;
  camera.height = height;
  return camera;
}

Image render(const GaussianScene& scene, const Camera& camera, Vec3 background = {0, 0, 0},
             FrameStats* stats_out = nullptr) {
  CpuRenderer renderer(2);
  RenderSettings settings;
  settings.background[0] = background.x;
  settings.background[1] = background.y;
  settings.background[2] = background.z;
  Image image;
  FrameStats stats;
  renderer.render(scene, camera, settings, image, stats);
  if (stats_out) *stats_out = stats;
  return image;
}

Vec3 pixel(const Image& image, int x, int y) {
  const std::size_t o = 3 * (static_cast<std::size_t>(y) * image.width + x);
  return {image.rgb[o], image.rgb[o + 1], image.rgb[o + 2]};
}

void expect_pixel(const Image& image, int x, int y, Vec3 want, float tol, const std::string& what) {
  const Vec3 got = pixel(image, x, y);
  EXPECT_NEAR(got.x, want.x, tol) << what << " red at (" << x << "," << y << ")";
  EXPECT_NEAR(got.y, want.y, tol) << what << " green at (" << x << "," << y << ")";
  EXPECT_NEAR(got.z, want.z, tol) << what << " blue at (" << x << "," << y << ")";
}

TEST(EndToEnd, SingleGaussianCentrePixelIsColourTimesOpacity) {
  // 33 x 33: the centre pixel (16, 16) sits exactly on the projected mean, so power = 0 and
  // alpha = o: C = colour o, T = 1 - o.
  GaussianScene scene;
  add_gaussian(scene, {0, 0, 0}, 0.1f, 0.5f, {0.2f, 0.4f, 0.6f});
  const Camera camera = front_camera(33, 33);
  const Image black = render(scene, camera);
  expect_pixel(black, 16, 16, {0.1f, 0.2f, 0.3f}, 1e-6f, "on black");
  EXPECT_NEAR(black.alpha[16 * 33 + 16], 0.5f, 1e-6f);
  const Image grey = render(scene, camera, {0.9f, 0.5f, 0.1f});
  expect_pixel(grey, 16, 16, {0.1f + 0.45f, 0.2f + 0.25f, 0.3f + 0.05f}, 1e-6f, "on a background");
}

TEST(EndToEnd, SingleGaussianFalloffMatchesTheProjectedVariance) {
  // Isotropic s = 0.1 on the axis at depth 3: sigma2^2 = (f s / 3)^2 + 0.3 with
  // f = 33 / (2 tan 25 deg); the pixel 3 to the right: alpha = o exp(-0.5 * 9 / sigma2^2).
  GaussianScene scene;
  add_gaussian(scene, {0, 0, 0}, 0.1f, 0.5f, {0.2f, 0.4f, 0.6f});
  const Image image = render(scene, front_camera(33, 33));
  const double f = 33 / (2 * std::tan(25 * kPi / 180));
  const double var = std::pow(f * 0.1 / 3, 2) + 0.3;
  const double alpha = 0.5 * std::exp(-0.5 * 9 / var);
  expect_pixel(image, 19, 16, {static_cast<float>(0.2 * alpha), static_cast<float>(0.4 * alpha),
                               static_cast<float>(0.6 * alpha)},
               2e-6f, "3 px right");
  // And 2 down, 1 left (isotropic, no cross term): |d|^2 = 5.
  const double alpha2 = 0.5 * std::exp(-0.5 * 5 / var);
  EXPECT_NEAR(pixel(image, 15, 18).x, 0.2 * alpha2, 2e-6);
}

TEST(EndToEnd, PixelsOutsideTheTileRectangleGetNothingEvenAboveTheAlphaFloor) {
  // 64 x 48 image (4 x 3 tiles), f = 48 / (2 tan 25 deg) = 51.468, cx = 31.5, cy = 23.5.
  // An isotropic s = 0.1 Gaussian at depth 3 projected to mx = 26.5: its radius is
  // ceil(3 sqrt(lambda)) = 6 (worked below), so x1 = int((26.5 + 6 + 15)/16) = int(2.97) = 2 and
  // pixel column 32 (tile 2) is outside the rectangle although it is only 5.5 px from the mean,
  // where alpha = min(0.99, exp(-0.5 * 5.5^2 / var)) ~ 0.009 > 1/255 (opacity 1).
  const double f = 48 / (2 * std::tan(25 * kPi / 180));
  const double x_world = (26.5 - 31.5) * 3 / f;  // so that f x / z + cx = 26.5
  const double u = x_world / 3;                  // x/z, inside the 1.3 tan clamp
  // J row0 = (f/z, 0, -f x / z^2): var_x = (f/z)^2 s^2 (1 + u^2) + 0.3; var_y = (f/z)^2 s^2 + 0.3.
  const double base = std::pow(f * 0.1 / 3, 2);
  const double var_x = base * (1 + u * u) + 0.3, var_y = base + 0.3;
  const double mid = (var_x + var_y) / 2, det = var_x * var_y;
  const double lambda = mid + std::sqrt(std::max(0.1, mid * mid - det));
  ASSERT_EQ(static_cast<int>(std::ceil(3 * std::sqrt(lambda))), 6) << "derivation assumes r = 6";
  const double alpha_at_32 = std::exp(-0.5 * 5.5 * 5.5 / var_x);
  ASSERT_GT(alpha_at_32, 1.0 / 255) << "derivation assumes a visible alpha at column 32";

  GaussianScene scene;
  add_gaussian(scene, {static_cast<float>(x_world), 0, 0}, 0.1f, 1.0f, {1, 1, 1});
  const Image image = render(scene, front_camera(64, 48));
  // Row 23 and 24 are 0.5 px from the mean row (cy = 23.5).
  const double alpha_at_31 = std::exp(-0.5 * (4.5 * 4.5 / var_x + 0.25 / var_y));
  EXPECT_NEAR(pixel(image, 31, 23).x, alpha_at_31, 1e-5);
  EXPECT_EQ(pixel(image, 32, 23).x, 0.0f);
  EXPECT_EQ(pixel(image, 32, 24).x, 0.0f);
}

TEST(EndToEnd, FrontGaussianIsBlendedFirstRegardlessOfArrayOrder) {
  // A (red, o = 0.5) at depth 3 in front of B (green, o = 0.5) at depth 4, both on the axis:
  // C = 0.5 red + 0.5 * 0.5 green = (0.5, 0.25, 0).
  const Vec3 red = {1, 0, 0}, green = {0, 1, 0};
  for (bool front_first : {true, false}) {
    GaussianScene scene;
    if (front_first) {
      add_gaussian(scene, {0, 0, 0}, 0.1f, 0.5f, red);
      add_gaussian(scene, {0, 0, 1}, 0.1f, 0.5f, green);
    } else {
      add_gaussian(scene, {0, 0, 1}, 0.1f, 0.5f, green);
      add_gaussian(scene, {0, 0, 0}, 0.1f, 0.5f, red);
    }
    expect_pixel(render(scene, front_camera(33, 33)), 16, 16, {0.5f, 0.25f, 0.0f}, 1e-6f,
                 front_first ? "front first in the array" : "front last in the array");
  }
}

TEST(EndToEnd, EqualDepthsBlendLowerIndexFirst) {
  const Vec3 red = {1, 0, 0}, green = {0, 1, 0};
  GaussianScene red_first;
  add_gaussian(red_first, {0, 0, 0}, 0.1f, 0.5f, red);
  add_gaussian(red_first, {0, 0, 0}, 0.1f, 0.5f, green);
  expect_pixel(render(red_first, front_camera(33, 33)), 16, 16, {0.5f, 0.25f, 0.0f}, 1e-6f, "red index 0");
  GaussianScene green_first;
  add_gaussian(green_first, {0, 0, 0}, 0.1f, 0.5f, green);
  add_gaussian(green_first, {0, 0, 0}, 0.1f, 0.5f, red);
  expect_pixel(render(green_first, front_camera(33, 33)), 16, 16, {0.25f, 0.5f, 0.0f}, 1e-6f, "green index 0");
}

TEST(EndToEnd, EarlyTerminationStopsTheWholeList) {
  // At one depth (ties by index): five Gaussians o = 0.8 colour c, then one o = 0.8 white, then
  // one o = 0.5 white. T after five: 0.2^5 = 0.00032. The sixth would leave 0.000064 < 0.0001:
  // blending stops before it, and the seventh (which alone would leave 0.00016) is never reached.
  // C = c (0.8 + 0.8*0.2 + ... ) = c (1 - 0.2^5); alpha = 1 - 0.00032.
  const Vec3 c = {0.2f, 0.4f, 0.6f};
  GaussianScene scene;
  for (int i = 0; i < 5; ++i) add_gaussian(scene, {0, 0, 0}, 0.1f, 0.8f, c);
  add_gaussian(scene, {0, 0, 0}, 0.1f, 0.8f, {1, 1, 1});
  add_gaussian(scene, {0, 0, 0}, 0.1f, 0.5f, {1, 1, 1});
  const Image image = render(scene, front_camera(33, 33));
  const float covered = 1.0f - 0.00032f;
  expect_pixel(image, 16, 16, {c.x * covered, c.y * covered, c.z * covered}, 1e-6f, "stacked");
  EXPECT_NEAR(image.alpha[16 * 33 + 16], covered, 1e-6f);
}

TEST(EndToEnd, GaussiansAtOrBehindTheNearPlaneContributeNothing) {
  // Eye at the origin looking along +z: camera depth equals world z. Large Gaussians that would
  // cover the whole image at depth 0.2 (exactly: culled), 0.1, -1 and -5.
  Camera camera = front_camera(33, 33);
  camera.eye = {0, 0, 0};
  camera.target = {0, 0, 1};
  GaussianScene scene;
  for (float z : {0.2f, 0.1f, -1.0f, -5.0f}) add_gaussian(scene, {0, 0, z}, 0.05f, 1.0f, {1, 1, 1});
  FrameStats stats;
  const Image image = render(scene, camera, {0.25f, 0.5f, 0.75f}, &stats);
  EXPECT_EQ(stats.visible, 0u);
  for (int y = 0; y < 33; ++y)
    for (int x = 0; x < 33; ++x) expect_pixel(image, x, y, {0.25f, 0.5f, 0.75f}, 0.0f, "background");
  // Just beyond the near plane it is drawn.
  GaussianScene near;
  add_gaussian(near, {0, 0, std::nextafter(0.2f, 1.0f)}, 0.05f, 1.0f, {1, 1, 1});
  const Image drawn = render(near, camera, {0, 0, 0}, &stats);
  EXPECT_EQ(stats.visible, 1u);
  EXPECT_GT(pixel(drawn, 16, 16).x, 0.9f);
}

TEST(EndToEnd, EmptySceneIsBackgroundEverywhere) {
  GaussianScene scene;
  FrameStats stats;
  const Image image = render(scene, front_camera(37, 21), {0.1f, 0.2f, 0.3f}, &stats);
  ASSERT_EQ(image.width, 37);
  ASSERT_EQ(image.height, 21);
  for (int y = 0; y < 21; ++y)
    for (int x = 0; x < 37; ++x) expect_pixel(image, x, y, {0.1f, 0.2f, 0.3f}, 0.0f, "empty");
  for (float a : image.alpha) EXPECT_EQ(a, 0.0f);
  EXPECT_EQ(stats.visible, 0u);
  EXPECT_EQ(stats.tile_entries, 0u);
}

}  // namespace
}  // namespace splatview
