#pragma once
// The per-thread steps of the CUDA backend's stages (DESIGN "One frame"): preprocess, tile keys,
// tile ranges, the blend of one shared-memory batch into one pixel and its final composite. The
// kernels in cuda/kernels.cu are thin wrappers around these SPLAT_HD functions (what is left in
// them is the thread indexing, barriers and atomics), so tests run the same steps on the host (no
// GPU needed) and compare the result with the CPU renderer. Plain C++: no CUDA types.
#include <cstddef>
#include <cstdint>

#include "render/splat_math.h"
#include "render/tile_footprint.h"

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

// What each kernel reads and writes (device pointers on the GPU, host ones in the tests).

// Preprocess for `count` Gaussians: projected[i] where visible, tiles_touched[i] (0 where not), and
// the number of visible Gaussians added to *visible_count.
struct PreprocessArgs {
  splat::SceneArrays scene;
  int count;
  splat::ViewParams view;
  float scale_modifier;
  int sh_degree;
  splat::ProjectedSplat* projected;
  std::uint64_t* tiles_touched;
  unsigned long long* visible_count;
  RenderMode mode = RenderMode::kClassic;  // so that arguments written without it are classic
  bool depth_as_color = false;             // the depth view: splat::depth_as_color in place of the colour
};

// Tile keys: every visible Gaussian's entries, at the slots its inclusive prefix sum of tiles
// touched gives.
struct DuplicateArgs {
  const splat::ProjectedSplat* projected;
  const std::uint64_t* inclusive_offsets;  // per Gaussian: entries of Gaussians 0..i
  int count;
  int tiles_x;
  std::uint64_t* keys;
  std::uint32_t* values;
};

// Blend: one block of kBlockPixels threads per tile, front to back, into a float image laid out
// like Image.
struct BlendArgs {
  const TileRange* ranges;
  const std::uint32_t* order;  // sorted values: Gaussian indices
  const splat::ProjectedSplat* projected;
  int tiles_x, tiles;
  int width, height;
  float background[3];
  float* rgb;    // 3 per pixel
  float* alpha;  // 1 per pixel
};

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

// The tiles a projected splat is listed in (the CPU renderer makes the same footprint from its record).
SPLAT_HD splat::TileFootprint footprint_of(const splat::ProjectedSplat& p) {
  return splat::tile_footprint(p.mean, p.conic, splat::visibility_level(p.opacity), p.rect);
}

// Preprocess for Gaussian i: cull, project, colour; true where visible.
SPLAT_HD bool preprocess_one(const PreprocessArgs& a, int i) {
  splat::ProjectedSplat p;
  const bool visible = splat::preprocess_gaussian(a.scene, i, a.view, a.scale_modifier, a.sh_degree, p, a.mode);
  if (visible && a.depth_as_color) p.color = splat::depth_as_color(p.depth);
  if (visible) a.projected[i] = p;
  a.tiles_touched[i] = visible ? static_cast<std::uint64_t>(splat::tile_count(footprint_of(p))) : 0u;
  return visible;
}

// Tile keys for one visible Gaussian: an entry per tile of its footprint, written from `slot` on
// (its exclusive prefix sum of tiles touched). Tile ids are y * tiles_x + x.
SPLAT_HD void write_tile_entries(const splat::ProjectedSplat& p, std::uint32_t gaussian, int tiles_x,
                                 std::uint64_t slot, std::uint64_t* keys, std::uint32_t* values) {
  splat::for_each_tile(footprint_of(p), [&](int x, int y) {
    const std::uint32_t tile = static_cast<std::uint32_t>(y) * static_cast<std::uint32_t>(tiles_x) +
                               static_cast<std::uint32_t>(x);
    keys[slot] = tile_key(tile, p.depth);
    values[slot] = gaussian;
    ++slot;
  });
}

// Tile keys for Gaussian i, which owns slots [inclusive[i - 1], inclusive[i]).
SPLAT_HD void duplicate_one(const DuplicateArgs& a, int i) {
  const std::uint64_t end = a.inclusive_offsets[i];
  const std::uint64_t begin = i == 0 ? 0u : a.inclusive_offsets[i - 1];
  if (begin == end) return;
  write_tile_entries(a.projected[i], static_cast<std::uint32_t>(i), a.tiles_x, begin, a.keys, a.values);
}

// Tile ranges for sorted entry e of `total`: a tile's range starts where its id first
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

// The pixel of thread `thread` of tile `tile` and its state before blending.
SPLAT_HD splat::PixelState start_pixel(const BlendArgs& a, std::uint32_t tile, int thread, int& x, int& y) {
  tile_pixel(tile, thread, a.tiles_x, x, y);
  return splat::initial_pixel(splat::inside_image(x, y, a.width, a.height));
}

// Splats in the batch that starts at entry `begin` of `range`: kBlockPixels, or what is left.
SPLAT_HD int batch_size(TileRange range, std::uint32_t begin) {
  const std::uint32_t left = range.end - begin;
  return left < static_cast<std::uint32_t>(kBlockPixels) ? static_cast<int>(left) : kBlockPixels;
}

// What blending reads of sorted entry e.
SPLAT_HD BlendSplat batch_splat(const BlendArgs& a, std::uint32_t e) { return blend_splat_of(a.projected[a.order[e]]); }

// Blend for one pixel and one batch, front to back; once the pixel is done the rest of the batch
// would add nothing.
SPLAT_HD void blend_batch(splat::PixelState& px, splat::Vec2 pixel, const BlendSplat* batch, int count) {
  for (int j = 0; j < count && px.done == 0.f; ++j)
    splat::blend_splat(px, pixel, batch[j].mean, batch[j].conic, batch[j].opacity, batch[j].color);
}

// The blended pixel (x, y), if it lies in the image, composited over the background into the image.
SPLAT_HD void finish_pixel(const BlendArgs& a, const splat::PixelState& px, int x, int y) {
  if (!splat::inside_image(x, y, a.width, a.height)) return;
  const std::size_t o = static_cast<std::size_t>(y) * static_cast<std::size_t>(a.width) + static_cast<std::size_t>(x);
  splat::composite(px, a.background, a.rgb + 3 * o, a.alpha + o);
}

}  // namespace splatview::tiles
