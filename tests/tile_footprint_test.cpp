// Snug tile lists (render/tile_footprint.h): every tile in which the blend step would give a
// splat alpha >= kMinAlpha at some pixel is listed (checked pixel by pixel through the blend step
// itself, on random and awkward ellipses), the lists stay inside the reference's square, and they
// drop tiles where the square is loose.
#include "render/tile_footprint.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace splatview {
namespace {

constexpr int kWidth = 400, kHeight = 272;
constexpr int kTilesX = (kWidth + kTileSize - 1) / kTileSize, kTilesY = (kHeight + kTileSize - 1) / kTileSize;

struct Splat {
  splat::Vec2 mean;
  splat::Conic conic;
  float opacity;
  splat::TileRect rect;
};

// A projected splat with 2D covariance of eigenvalues lambda1 >= lambda2 (the low-pass filter
// included) at angle theta, its tile square made as preprocess makes it.
Splat make_splat(splat::Vec2 mean, float lambda1, float lambda2, float theta, float opacity) {
  const float c = std::cos(theta), s = std::sin(theta);
  const splat::Sym2 cov = {lambda1 * c * c + lambda2 * s * s, (lambda1 - lambda2) * c * s, lambda1 * s * s + lambda2 * c * c};
  Splat out{mean, {}, opacity, {}};
  EXPECT_TRUE(splat::invert_covariance_2d(cov, out.conic));
  out.rect = splat::tile_rect(mean, splat::splat_radius(cov), kTilesX, kTilesY);
  return out;
}

// Whether the blend step changes some pixel of tile (tx, ty) of the image.
bool blend_changes_a_pixel(const Splat& s, int tx, int ty) {
  for (int y = ty * kTileSize; y < std::min(kHeight, (ty + 1) * kTileSize); ++y)
    for (int x = tx * kTileSize; x < std::min(kWidth, (tx + 1) * kTileSize); ++x) {
      splat::PixelState px = splat::initial_pixel(true);
      splat::blend_splat(px, {static_cast<float>(x), static_cast<float>(y)}, s.mean, s.conic, s.opacity, {1, 1, 1});
      if (px.transmittance != 1.f) return true;
    }
  return false;
}

struct Tally {
  long squares = 0, listed = 0, needed = 0;
};

// Checks one splat's footprint tile by tile against the blend step.
void check(const Splat& s, Tally& tally) {
  const splat::TileFootprint f = splat::tile_footprint(s.mean, s.conic, splat::visibility_level(s.opacity), s.rect);
  std::vector<char> listed(static_cast<std::size_t>(kTilesX * kTilesY), 0);
  int visits = 0;
  splat::for_each_tile(f, [&](int x, int y) {
    ASSERT_TRUE(x >= s.rect.x0 && x < s.rect.x1 && y >= s.rect.y0 && y < s.rect.y1) << "a tile outside the square";
    ASSERT_EQ(listed[static_cast<std::size_t>(y * kTilesX + x)], 0) << "a tile listed twice";
    listed[static_cast<std::size_t>(y * kTilesX + x)] = 1;
    ++visits;
  });
  EXPECT_EQ(visits, splat::tile_count(f));
  tally.squares += splat::tile_count(s.rect);
  tally.listed += visits;
  for (int ty = s.rect.y0; ty < s.rect.y1; ++ty)
    for (int tx = s.rect.x0; tx < s.rect.x1; ++tx) {
      if (!blend_changes_a_pixel(s, tx, ty)) continue;
      ++tally.needed;
      EXPECT_TRUE(listed[static_cast<std::size_t>(ty * kTilesX + tx)])
          << "tile " << tx << "," << ty << " is needed but not listed: mean " << s.mean.x << "," << s.mean.y
          << " conic " << s.conic.a << "," << s.conic.b << "," << s.conic.c << " opacity " << s.opacity;
    }
}

TEST(TileFootprint, ListsEveryTileTheBlendReachesOnRandomEllipses) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> unit(0, 1);
  Tally tally;
  for (int i = 0; i < 3000; ++i) {
    // Means inside and a little outside the image; sizes from sub-pixel to ~130 px; thin ones.
    const splat::Vec2 mean = {-40.f + unit(rng) * (kWidth + 80), -40.f + unit(rng) * (kHeight + 80)};
    const float lambda1 = 0.3f * std::pow(6000.f, unit(rng));
    const float lambda2 = std::max(0.3f, lambda1 * std::pow(1e-4f, unit(rng)));
    const float opacity = i % 5 == 0 ? kMinAlpha * (1.f + unit(rng) * 0.05f) : kMinAlpha + unit(rng);
    check(make_splat(mean, lambda1, lambda2, unit(rng) * 6.2832f, std::min(opacity, 1.f)), tally);
  }
  std::printf("[ snug     ] %ld squares' tiles, %ld listed, %ld needed\n", tally.squares, tally.listed, tally.needed);
  EXPECT_LT(tally.listed, tally.squares * 9 / 10) << "the lists should drop tiles";
  EXPECT_GT(tally.needed, 0);
}

TEST(TileFootprint, AwkwardEllipsesStillListWhatTheyReach) {
  Tally tally;
  // Needles along the diagonals, at the filter's minimum width; opacity exactly kMinAlpha; a
  // mean on a tile corner; a splat as large as the view.
  for (float theta : {0.f, 0.7853982f, 2.3561945f, 1.5707964f, 0.1f})
    check(make_splat({200.f, 136.f}, 3000.f, 0.3f, theta, 0.99f), tally);
  check(make_splat({200.f, 136.f}, 40.f, 40.f, 0.f, kMinAlpha), tally);
  check(make_splat({160.f, 128.f}, 0.3f, 0.3f, 0.f, 1.f), tally);
  check(make_splat({159.5f, 127.5f}, 2.f, 0.5f, 0.3f, 1.f), tally);
  check(make_splat({200.f, 136.f}, 5e4f, 2e4f, 0.4f, 0.5f), tally);
  EXPECT_GT(tally.needed, 0);
}

TEST(TileFootprint, TooThinOrHugeKeepTheirSquare) {
  // Thinness past kSnugMaxThinness: the whole square, no row dropped.
  const Splat thin = make_splat({200.f, 136.f}, 1e5f, 0.3f, 0.7f, 1.f);
  const splat::TileFootprint f = splat::tile_footprint(thin.mean, thin.conic, splat::visibility_level(1.f), thin.rect);
  EXPECT_EQ(splat::tile_count(f), splat::tile_count(thin.rect));
  // A saturated radius (kMaxRadius): its square is the view.
  const Splat huge = make_splat({200.f, 136.f}, 1e20f, 1e20f, 0.f, 0.3f);
  EXPECT_EQ(splat::tile_count(huge.rect), kTilesX * kTilesY);
  const splat::TileFootprint g = splat::tile_footprint(huge.mean, huge.conic, splat::visibility_level(0.3f), huge.rect);
  EXPECT_EQ(splat::tile_count(g), kTilesX * kTilesY);
}

TEST(TileFootprint, ADiagonalNeedleLeavesTheSquaresCornersOut) {
  // A 45-degree needle about 200 px long: its square is ~13 x 13 tiles, the needle crosses ~3 a row.
  const Splat needle = make_splat({200.f, 136.f}, 1200.f, 0.5f, 0.7853982f, 0.9f);
  const splat::TileFootprint f = splat::tile_footprint(needle.mean, needle.conic, splat::visibility_level(0.9f), needle.rect);
  EXPECT_LT(splat::tile_count(f), splat::tile_count(needle.rect) / 3);
  Tally tally;
  check(needle, tally);
}

TEST(TileFootprint, TilesMeetingAnInterval) {
  int b, e;
  splat::tiles_meeting(0.f, 15.f, 0, 10, b, e);  // exactly the pixel centres of tile 0
  EXPECT_EQ(b, 0);
  EXPECT_EQ(e, 1);
  splat::tiles_meeting(15.5f, 16.f, 0, 10, b, e);  // touches tile 1's first centre only
  EXPECT_EQ(b, 1);
  EXPECT_EQ(e, 2);
  splat::tiles_meeting(15.2f, 15.8f, 0, 10, b, e);  // between two centres: no tile
  EXPECT_EQ(b, e);
  splat::tiles_meeting(-INFINITY, INFINITY, 2, 5, b, e);
  EXPECT_EQ(b, 2);
  EXPECT_EQ(e, 5);
  splat::tiles_meeting(NAN, NAN, 2, 5, b, e);  // NaN widens
  EXPECT_EQ(b, 2);
  EXPECT_EQ(e, 5);
  splat::tiles_meeting(1e30f, 2e30f, 2, 5, b, e);
  EXPECT_EQ(b, e);
}

}  // namespace
}  // namespace splatview
