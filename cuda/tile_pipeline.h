#pragma once
// The per-thread steps of the CUDA backend's stages 2-4 (DESIGN "One frame"): tile keys, tile
// ranges, the blend of one shared-memory batch into one pixel. The kernels in cuda/kernels.cu are
// thin wrappers around these SPLAT_HD functions, so tests run the same steps on the host (no GPU
// needed) and compare the result with the CPU renderer. Plain C++: no CUDA types.
#include <cmath>
#include <cstdint>

#include "render/splat_math.h"

namespace splatview::tiles {

// One thread block per tile and one thread per pixel; a blend batch holds one splat per thread.
constexpr int kBlockPixels = kTileSize * kTileSize;

// Sorted entries are counted in 32-bit indices (tile ranges, the radix sort): a frame needing
// more is refused with an error rather than wrapping around.
constexpr std::uint64_t kMaxTileEntries = 0x7fffffffu;

// A tile's [begin, end) in the sorted entry list; {0, 0} for a tile no splat touches.
struct TileRange {
  std::uint32_t begin, end;
};

// What blending reads of a splat: a ProjectedSplat without what only binning needs.
struct BlendSplat {
  splat::Vec2 mean;
  splat::Conic conic;
  float opacity;
  splat::Vec3 color;
};

SPLAT_HD BlendSplat blend_splat_of(const splat::ProjectedSplat& p) { return {p.mean, p.conic, p.opacity, p.color}; }

// Bits needed to write every value in [0, max_value]: 0 for 0, 1 for 1, 2 for 2-3, ...
SPLAT_HD int bits_for(std::uint32_t max_value) {
  int bits = 0;
  while (bits < 32 && (max_value >> bits) != 0) ++bits;
  return bits;
}

// The radix sort's end bit for `tiles` tiles: the 32 depth bits under just enough tile bits.
SPLAT_HD int sort_end_bit(std::uint32_t tiles) { return 32 + bits_for(tiles > 0 ? tiles - 1 : 0); }

// Sort key of one (tile, splat) entry: tile in the high word, depth bits in the low word, so one
// ascending sort groups entries by tile and orders each tile front to back.
SPLAT_HD std::uint64_t tile_key(std::uint32_t tile, float depth) {
  return (static_cast<std::uint64_t>(tile) << 32) | splat::depth_key(depth);
}

SPLAT_HD std::uint32_t tile_of_key(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32); }

// Stage 2 for one visible Gaussian: an entry per tile of its rectangle, written from `slot` on
// (its exclusive prefix sum of tiles touched). Tile ids are y * tiles_x + x.
SPLAT_HD void write_tile_entries(const splat::ProjectedSplat& p, std::uint32_t gaussian, int tiles_x,
                                 std::uint64_t slot, std::uint64_t* keys, std::uint32_t* values) {
  for (int y = p.rect.y0; y < p.rect.y1; ++y) {
    for (int x = p.rect.x0; x < p.rect.x1; ++x) {
      const std::uint32_t tile = static_cast<std::uint32_t>(y) * static_cast<std::uint32_t>(tiles_x) +
                                 static_cast<std::uint32_t>(x);
      keys[slot] = tile_key(tile, p.depth);
      values[slot] = gaussian;
      ++slot;
    }
  }
}

// Stage 3 (ranges) for sorted entry e of `total`: a tile's range starts where its id first
// appears and ends where the next id starts (or at the end of the list). Tiles with no entry keep
// the {0, 0} they were cleared to.
SPLAT_HD void identify_tile_range(std::uint32_t e, std::uint32_t total, const std::uint64_t* keys, TileRange* ranges) {
  const std::uint32_t tile = tile_of_key(keys[e]);
  if (e == 0) {
    ranges[tile].begin = 0;
  } else {
    const std::uint32_t previous = tile_of_key(keys[e - 1]);
    if (tile != previous) {
      ranges[previous].end = e;
      ranges[tile].begin = e;
    }
  }
  if (e == total - 1) ranges[tile].end = total;
}

// Pixel of thread `thread` (0..255, row-major in the tile) of tile `tile`.
SPLAT_HD void tile_pixel(std::uint32_t tile, int thread, int tiles_x, int& x, int& y) {
  x = static_cast<int>(tile % static_cast<std::uint32_t>(tiles_x)) * kTileSize + thread % kTileSize;
  y = static_cast<int>(tile / static_cast<std::uint32_t>(tiles_x)) * kTileSize + thread / kTileSize;
}

// A pixel before blending. Pixels outside the image start done, so they never hold up the
// tile's early stop (they still take part in its loads and barriers).
SPLAT_HD splat::PixelState initial_pixel(bool inside_image) { return {{0.f, 0.f, 0.f}, 1.f, inside_image ? 0.f : 1.f}; }

// Stage 4 for one pixel and one batch, front to back; once the pixel is done the rest of the
// batch would add nothing.
SPLAT_HD void blend_batch(splat::PixelState& px, splat::Vec2 pixel, const BlendSplat* batch, int count) {
  for (int j = 0; j < count && px.done == 0.f; ++j)
    splat::blend_splat(px, pixel, batch[j].mean, batch[j].conic, batch[j].opacity, batch[j].color);
}

// The CPU renderer's 8-bit rule, round(clamp(v, 0, 1) * 255) with NaN as 0, for device output.
SPLAT_HD std::uint8_t to_8bit_channel(float v) {
  if (!(v == v)) return 0;
  const float clamped = fminf(1.f, fmaxf(0.f, v));
  return static_cast<std::uint8_t>(lroundf(clamped * 255.f));
}

}  // namespace splatview::tiles
