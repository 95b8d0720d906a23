// Compiled twice (render/CMakeLists.txt): with -mavx2 and SPLATVIEW_KERNEL_ISA=avx2, and for
// the baseline with SPLATVIEW_KERNEL_ISA=baseline. Everything here is inlined into the two
// entry points, so all of it is built for the one instruction set.
#include <algorithm>
#include <cmath>
#include <iterator>

#include "render/float8.h"
#include "render/cpu_kernels.h"

#ifndef SPLATVIEW_KERNEL_ISA
#error "build tile_kernel.cpp through render/CMakeLists.txt, which names the instruction set"
#endif

namespace splatview::cpu_kernels::SPLATVIEW_KERNEL_ISA {

namespace {

namespace simd = splatview::simd::SPLATVIEW_KERNEL_ISA;
using simd::Float8;

static_assert(kTileSize == 16, "a tile row is two half rows of 8 pixels, a column two Float8s of rows");
constexpr int kTilePixels = kTileSize * kTileSize;
// Splats gathered from the tile's list at a time: the CPU's stand-in for the CUDA block's
// shared-memory batch. One bit per splat in a half row's mask, so at most 32.
constexpr int kBatchSize = 32;
// How far ahead in the list the records are fetched: about a batch's work ahead.
constexpr std::uint32_t kPrefetchAhead = kBatchSize;

// No static initialisers here: the AVX2 build must not run a single instruction on a CPU without it.
constexpr Float8 kLane = Float8(simd::FloatLanes{0.f, 1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f});

// A batch of splats (their records, which stay in cache while the batch blends), and which of
// them reach each half row: bit j of reach[h] is set when splat j can change half row h.
struct SplatBatch {
  const TileSplat* splat[kBatchSize];
  std::uint32_t reach[kHalfRows];
};

// The pixels of one tile as structure of arrays (row-major), from splat::initial_pixel.
struct TilePixels {
  float r[kTilePixels], g[kTilePixels], b[kTilePixels];
  float transmittance[kTilePixels];
  float done[kTilePixels];
  std::uint32_t done_half_rows;  // bit h: every pixel of half row h is saturated
};

// Bit `row` set for each of the tile's 16 rows (vertical offsets from the mean: dy_top for rows
// 0-7, dy_bottom for rows 8-15) in which the ellipse reaches [x_low, x_high].
[[gnu::always_inline]] inline std::uint32_t rows_reaching(const TileSplat& s, float inv_a, Float8 dy_top, Float8 dy_bottom, float x_low,
                            float x_high) {
  return simd::lane_bits(splat::visible_in_row(s.conic, inv_a, s.level, dy_top, x_low, x_high)) |
         simd::lane_bits(splat::visible_in_row(s.conic, inv_a, s.level, dy_bottom, x_low, x_high)) << 8;
}

// Blends a batch into the tile: each half row's 8 pixels stay in registers while every splat that
// reaches them is applied in depth order, then go back to the tile once.
void blend_batch(const SplatBatch& batch, int x0, int y0, TilePixels& tile) {
  for (int h = 0; h < kHalfRows; ++h) {
    std::uint32_t splats = batch.reach[h];
    if (splats == 0) continue;
    const int p = half_row_first_pixel(h);
    splat::PixelStateOf<Float8> px{{Float8::load(tile.r + p), Float8::load(tile.g + p), Float8::load(tile.b + p)},
                                   Float8::load(tile.transmittance + p),
                                   Float8::load(tile.done + p)};
    const Float8 pixel_x = kLane + static_cast<float>(x0 + p % kTileSize);
    const Float8 pixel_y = static_cast<float>(y0 + p / kTileSize);
    do {
      const int j = __builtin_ctz(splats);
      splats &= splats - 1;
      const TileSplat& s = *batch.splat[j];
      splat::blend_splat(px, pixel_x, pixel_y, s.mean, s.conic, s.opacity, s.color);
    } while (splats != 0);
    px.color.x.store(tile.r + p);
    px.color.y.store(tile.g + p);
    px.color.z.store(tile.b + p);
    px.transmittance.store(tile.transmittance + p);
    px.done.store(tile.done + p);
    if (simd::all_nonzero(px.done)) tile.done_half_rows |= 1u << h;
  }
}

// half_rows_reached, inlined into blend_tile's loop.
[[gnu::always_inline]] inline std::uint32_t reached(const TileSplat& s, int x0, int y0) {
  // Rows beyond the ellipse's vertical extent (plus a pixel of margin) cannot be reached.
  const float reach = s.half_height + 1.f;
  if (!(reach >= 1.f)) return 0;  // never visible (half_height < 0)
  const float top = s.mean.y - reach - static_cast<float>(y0);
  const float bottom = s.mean.y + reach - static_cast<float>(y0);
  const int row_begin = std::clamp(static_cast<int>(std::ceil(std::max(top, -1.f))), 0, kTileSize);
  const int row_end = std::clamp(static_cast<int>(std::floor(std::min(bottom, 17.f))) + 1, 0, kTileSize);
  if (row_begin >= row_end) return 0;
  const std::uint32_t rows = ((1u << row_end) - 1u) & ~((1u << row_begin) - 1u);

  // Within those rows, each half row is tested against the ellipse's span in that row; the
  // intervals are offsets from the mean, widened by a pixel on each side.
  const float inv_a = 1.f / s.conic.a;
  const float left = static_cast<float>(x0) - s.mean.x - 1.f;
  const Float8 dy_top = (kLane + static_cast<float>(y0)) - s.mean.y;
  const Float8 dy_bottom = (kLane + static_cast<float>(y0 + 8)) - s.mean.y;
  const std::uint32_t left_side = rows_reaching(s, inv_a, dy_top, dy_bottom, left, left + 9.f) & rows;
  const std::uint32_t right_side = rows_reaching(s, inv_a, dy_top, dy_bottom, left + 8.f, left + 17.f) & rows;
  return left_side | right_side << kTileSize;
}

}  // namespace

std::uint32_t half_rows_reached(const TileSplat& s, int x0, int y0) { return reached(s, x0, y0); }

void blend_tile(const TileJob& job) {
  TilePixels tile;
  for (int p = 0; p < kTilePixels; ++p) {
    const int x = job.x0 + p % kTileSize, y = job.y0 + p / kTileSize;
    const splat::PixelState start = splat::initial_pixel(splat::inside_image(x, y, job.width, job.height));
    tile.r[p] = start.color.x;
    tile.g[p] = start.color.y;
    tile.b[p] = start.color.z;
    tile.transmittance[p] = start.transmittance;
    tile.done[p] = start.done;
  }
  tile.done_half_rows = 0;
  for (int h = 0; h < kHalfRows; ++h)
    if (simd::all_nonzero(Float8::load(tile.done + half_row_first_pixel(h)))) tile.done_half_rows |= 1u << h;

  // The tile's splats are scattered over memory: ask for the ones kPrefetchAhead entries on while
  // the current ones blend, so they arrive in time.
  const std::uint32_t warm = std::min(job.list_size, kPrefetchAhead);
  for (std::uint32_t k = 0; k < warm; ++k) __builtin_prefetch(&job.splats[job.list[k]]);
  SplatBatch batch;
  for (std::uint32_t begin = 0; begin < job.list_size && tile.done_half_rows != ~0u; begin += kBatchSize) {
    const int count = static_cast<int>(std::min<std::uint32_t>(kBatchSize, job.list_size - begin));
    std::fill(std::begin(batch.reach), std::end(batch.reach), 0u);
    for (int j = 0; j < count; ++j) {
      if (begin + j + kPrefetchAhead < job.list_size) __builtin_prefetch(&job.splats[job.list[begin + j + kPrefetchAhead]]);
      const TileSplat& s = job.splats[job.list[begin + j]];
      batch.splat[j] = &s;
      std::uint32_t half_rows = reached(s, job.x0, job.y0) & ~tile.done_half_rows;
      for (; half_rows != 0; half_rows &= half_rows - 1) batch.reach[__builtin_ctz(half_rows)] |= 1u << j;
    }
    blend_batch(batch, job.x0, job.y0, tile);
  }

  for (int p = 0; p < kTilePixels; ++p) {
    const int x = job.x0 + p % kTileSize, y = job.y0 + p / kTileSize;
    if (!splat::inside_image(x, y, job.width, job.height)) continue;
    const std::size_t o = static_cast<std::size_t>(y) * job.width + x;
    const splat::PixelState px{{tile.r[p], tile.g[p], tile.b[p]}, tile.transmittance[p], tile.done[p]};
    splat::composite(px, job.background, job.rgb + 3 * o, job.alpha + o);
  }
}

}  // namespace splatview::cpu_kernels::SPLATVIEW_KERNEL_ISA
