#pragma once
// Snug tile lists, written once for both backends: which tiles a projected splat is listed in.
//
// The reference lists a splat in every tile of the square of side 2 * radius (3 sigma) about its
// mean. A splat changes a pixel only where its alpha reaches kMinAlpha, i.e. inside the ellipse
// d^T Sigma2^-1 d <= level (splat::visibility_level), and thin or diagonal splats leave many of
// their square's tiles outside it. Listing a splat only in the square's tiles that meet that
// ellipse (the idea of gsplat's "snug box", Speedy-Splat and FlashGS, here exact per tile row)
// drops entries whose every pixel would have given alpha 0: the image is bit-identical, and keys,
// sort and blending get shorter.
//
// Exact in reals; in floats the ellipse is padded so that it holds every pixel to which the blend
// step (computed in floats) could give alpha >= kMinAlpha: its level is raised in proportion to
// how thin the ellipse is (the float error of a splat's power grows with it), and each row's span
// and the band of rows are widened by a pixel. Ellipses too thin or too large for that bound to be
// trusted keep their whole square.
//
// Generic over the number type like splat_math.h's per-Gaussian math: the CPU computes the
// footprints of 8 splats at once, the CUDA kernels and the tests one; each lane gets the float
// result bit for bit. Tile indices are whole numbers in F.
#include "render/splat_math.h"

namespace splatview::splat {

// The level's padding: relative, times the thinness Sigma_xx Sigma_yy / det(Sigma) (>= 1), and
// absolute (for levels near 0: opacities just above kMinAlpha).
constexpr float kSnugRelativeSlack = 1.0e-5f;
constexpr float kSnugAbsoluteSlack = 1.0e-3f;
// Beyond these the splat keeps its whole square: thinness (the padding would pass 10 %), and a
// half extent in pixels (beyond it a pixel is no longer many float steps wide).
constexpr float kSnugMaxThinness = 1.0e4f;
constexpr float kSnugMaxExtent = 16384.f;

// The padded ellipse in the rows of tiles it meets. In the row at vertical offset dy from the mean
// the ellipse spans slope * dy +- sqrt(width2 - narrowing * dy^2); its leftmost point lies at
// dy = turn_dy and its rightmost at dy = -turn_dy. A splat that keeps its square has width2 = inf.
template <class F>
struct TileFootprintT {
  TileRectT<F> tiles;  // the square's columns, and its rows that the ellipse meets
  F mean_x, mean_y;
  F slope, width2, narrowing, turn_dy;
};
using TileFootprint = TileFootprintT<float>;

namespace lanes {

// floor for |v| < 2^31, as a whole number in F.
template <class F>
SPLAT_HD F floor_whole(F v) {
  const F t = truncate_toward_zero(v);
  return choose(t > v, t - 1.f, t);
}

// The tiles [begin, end) of the range [first, last) whose pixel centres (kTileSize of them from
// tile * kTileSize on) meet the pixel interval [low, high]; begin == end when none does.
template <class F>
SPLAT_HD void tiles_meeting(F low, F high, F first, F last, F& begin, F& end) {
  constexpr float kInverseTile = 1.f / static_cast<float>(kTileSize);  // a power of two: exact
  // Clamped to [first - 1, last + 1] before rounding, so huge or infinite bounds are safe; a NaN
  // bound widens the span (min_of and max_of give their first argument for a NaN second).
  const F lowest = first - 1.f, highest = last + 1.f;
  const F b = ceil_whole(min_of(highest, max_of(lowest, (low - static_cast<float>(kTileSize - 1)) * kInverseTile)));
  const F e = floor_whole(max_of(lowest, min_of(highest, high * kInverseTile))) + 1.f;
  begin = max_of(first, b);
  end = max_of(begin, min_of(last, e));
}

// The footprint of a splat whose preprocess gave mean, conic, level (visibility_level of its
// opacity: > 0, preprocess culls the rest) and tile square `square`.
template <class F>
SPLAT_HD TileFootprintT<F> tile_footprint(Vec2T<F> mean, ConicT<F> conic, F level, TileRectT<F> square) {
  const F det = conic.a * conic.c - conic.b * conic.b;  // 1 / det(Sigma2), > 0
  const F thinness = conic.a * conic.c / det;
  const F padded = level * (1.f + kSnugRelativeSlack * thinness) + kSnugAbsoluteSlack;
  const F half_height = square_root(padded * conic.a / det);  // sqrt(padded * Sigma_yy)
  const F half_width = square_root(padded * conic.c / det);   // sqrt(padded * Sigma_xx)
  // (Comparisons that are false for a NaN: such a splat keeps its square.)
  const auto snug = both(both(thinness < kSnugMaxThinness, half_height < kSnugMaxExtent), half_width < kSnugMaxExtent);
  F y0, y1;
  tiles_meeting(mean.y - half_height - 1.f, mean.y + half_height + 1.f, square.y0, square.y1, y0, y1);
  return {{square.x0, choose(snug, y0, square.y0), square.x1, choose(snug, y1, square.y1)},
          mean.x,
          mean.y,
          choose(snug, -conic.b / conic.a, F(0.f)),
          choose(snug, padded / conic.a, F(INFINITY)),
          choose(snug, det / (conic.a * conic.a), F(0.f)),
          choose(snug, conic.b * square_root(padded / (det * conic.c)), F(0.f))};
}

// The tiles [x_begin, x_end) of tile row tile_y (one of the footprint's rows) that the ellipse meets.
template <class F>
SPLAT_HD void tile_row_span(const TileFootprintT<F>& f, F tile_y, F& x_begin, F& x_end) {
  // The row's pixel centres as offsets from the mean, widened by a pixel.
  const F top = tile_y * static_cast<float>(kTileSize) - 1.f - f.mean_y;
  const F bottom = top + static_cast<float>(kTileSize + 1);
  // The ellipse's edges are convex (left) and concave (right) in dy: over the band each is most
  // extreme at its turning point if the band holds it, else at the band's end nearest to it.
  const F dy_left = min_of(bottom, max_of(top, f.turn_dy));
  const F dy_right = min_of(bottom, max_of(top, -f.turn_dy));
  const F left = f.slope * dy_left - square_root(max_of(F(0.f), f.width2 - f.narrowing * dy_left * dy_left));
  const F right = f.slope * dy_right + square_root(max_of(F(0.f), f.width2 - f.narrowing * dy_right * dy_right));
  tiles_meeting(f.mean_x + left - 1.f, f.mean_x + right + 1.f, f.tiles.x0, f.tiles.x1, x_begin, x_end);
}

}  // namespace lanes

// The float forms: what the CUDA kernels, the CPU's binning and the tests call.
SPLAT_HD TileFootprint tile_footprint(Vec2 mean, Conic conic, float level, TileRect square) {
  const TileRectT<float> s = {static_cast<float>(square.x0), static_cast<float>(square.y0),
                              static_cast<float>(square.x1), static_cast<float>(square.y1)};
  return lanes::tile_footprint(mean, conic, level, s);
}

SPLAT_HD void tiles_meeting(float low, float high, int first, int last, int& begin, int& end) {
  float b, e;
  lanes::tiles_meeting<float>(low, high, static_cast<float>(first), static_cast<float>(last), b, e);
  begin = static_cast<int>(b);
  end = static_cast<int>(e);
}

// The footprint's rows, as ints [y0, y1).
SPLAT_HD int first_row(const TileFootprint& f) { return static_cast<int>(f.tiles.y0); }
SPLAT_HD int end_row(const TileFootprint& f) { return static_cast<int>(f.tiles.y1); }

SPLAT_HD void tile_row_span(const TileFootprint& f, int tile_y, int& x_begin, int& x_end) {
  float b, e;
  lanes::tile_row_span(f, static_cast<float>(tile_y), b, e);
  x_begin = static_cast<int>(b);
  x_end = static_cast<int>(e);
}

// Calls visit(tile_x, tile_y) for every tile the footprint lists, row by row, left to right.
template <class Visit>
SPLAT_HD void for_each_tile(const TileFootprint& f, const Visit& visit) {
  for (int y = first_row(f); y < end_row(f); ++y) {
    int x_begin, x_end;
    tile_row_span(f, y, x_begin, x_end);
    for (int x = x_begin; x < x_end; ++x) visit(x, y);
  }
}

// How many tiles the footprint lists.
SPLAT_HD int tile_count(const TileFootprint& f) {
  int count = 0;
  for (int y = first_row(f); y < end_row(f); ++y) {
    int x_begin, x_end;
    tile_row_span(f, y, x_begin, x_end);
    count += x_end - x_begin;
  }
  return count;
}

}  // namespace splatview::splat
