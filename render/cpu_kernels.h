#pragma once
// The CPU renderer's SIMD kernels: stage 1 for 8 Gaussians at a time (render/preprocess_kernel.cpp)
// and stage 4 for one 16x16 tile (render/tile_kernel.cpp). Each is compiled once per instruction
// set (AVX2, and the x86-64 baseline); the renderer picks the version the running CPU supports.
// All give identical images: every lane computes what splat_math.h's scalar code computes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "render/splat_math.h"
#include "render/tile_footprint.h"

namespace splatview::cpu_kernels {

// The tiles a splat is listed in (its footprint, render/tile_footprint.h) as binning reads them:
// the footprint's rows, and each row's span of tiles when there are at most kStoredRows rows and
// no span is wider than 255 tiles (nearly every splat); otherwise binning computes the spans from
// the record's footprint. Made once, in preprocess, where 8 splats' spans cost what one's would.
constexpr int kStoredRows = 4;
struct TileRows {
  std::uint16_t x0, y0, x1, y1;                         // the square's columns, the footprint's rows
  std::uint8_t begin[kStoredRows], end[kStoredRows];  // row y0 + r spans [x0 + begin[r], x0 + end[r])
};
inline bool spans_stored(const TileRows& t) { return t.y1 - t.y0 <= kStoredRows && t.x1 - t.x0 <= 255; }

// The rows of a footprint whose tiles are [x0, x1) x [y0, y1) (whole numbers) and whose row
// y0 + r spans span(r, begin, end) for r < kStoredRows.
template <class Span>
[[gnu::always_inline]] inline TileRows tile_rows_of(float x0, float y0, float x1, float y1, const Span& span) {
  TileRows t = {static_cast<std::uint16_t>(x0), static_cast<std::uint16_t>(y0), static_cast<std::uint16_t>(x1),
                static_cast<std::uint16_t>(y1), {}, {}};
  if (!spans_stored(t)) return t;
  for (int r = 0; r < t.y1 - t.y0; ++r) {
    float begin, end;
    span(r, begin, end);
    t.begin[r] = static_cast<std::uint8_t>(begin - x0);
    t.end[r] = static_cast<std::uint8_t>(end - x0);
  }
  return t;
}

// What binning and blending read of one visible Gaussian, kept per Gaussian (by index). One cache
// line each: a tile's list reaches them in depth order, which jumps about in memory.
struct alignas(64) TileSplat {
  splat::Vec2 mean;
  splat::Conic conic;
  float opacity;
  splat::Vec3 color;
  float level;        // splat::visibility_level(opacity): of the opacity as drawn (mip: compensated)
  float half_height;  // splat::visible_half_height(conic, level)
  TileRows tiles;
};

// The record of a visible Gaussian's projection. Always inlined: the kernels of each instruction
// set then hold their own copy, and no build of it is shared between them.
[[gnu::always_inline]] inline TileSplat tile_splat_of(const splat::ProjectedSplat& p) {
  const float level = splat::visibility_level(p.opacity);
  const splat::TileFootprint f = splat::tile_footprint(p.mean, p.conic, level, p.rect);
  const TileRows tiles = tile_rows_of(f.tiles.x0, f.tiles.y0, f.tiles.x1, f.tiles.y1, [&](int r, float& b, float& e) {
    splat::lanes::tile_row_span(f, f.tiles.y0 + static_cast<float>(r), b, e);
  });
  return {p.mean, p.conic, p.opacity, p.color, level, splat::visible_half_height(p.conic, level), tiles};
}

// The footprint binning computes for a record whose spans are not stored (the rows are already
// cut: cutting them again changes nothing).
inline splat::TileFootprint footprint_of(const TileSplat& s) {
  return splat::tile_footprint(s.mean, s.conic, s.level, {s.tiles.x0, s.tiles.y0, s.tiles.x1, s.tiles.y1});
}

// The depth key of a Gaussian that touches no tile: a NaN's bit pattern, which splat::depth_key of a
// depth past the near plane never gives. It saves a visibility flag per Gaussian.
inline constexpr std::uint32_t kHiddenDepthKey = 0xFFFFFFFFu;

// Stage 1's inputs and outputs for a range of Gaussians.
struct PreprocessJob {
  splat::SceneArrays scene;
  splat::ViewParams view;
  float scale_modifier;
  int sh_degree;
  TileSplat* splats;           // per Gaussian: tile_splat_of its projection, written where visible
  std::uint32_t* depth_keys;   // per Gaussian: splat::depth_key of its depth, or kHiddenDepthKey
  RenderMode mode = RenderMode::kClassic;  // last, so that a job written without it is classic
};

// One tile's work: its list of splats, front to back, and where its pixels go.
struct TileJob {
  const TileSplat* splats;       // per Gaussian (only the visible ones are listed)
  const std::uint32_t* list;     // the tile's entries: indices into splats, front to back
  std::uint32_t list_size;
  int x0, y0;                    // the tile's first pixel
  int width, height;             // the image
  const float* background;       // RGB
  float* rgb;                    // the image: 3 floats a pixel, row-major
  float* alpha;                  // 1 float a pixel: 1 - final transmittance
};

// The tile's 32 half rows of 8 pixels, numbered h = side * kTileSize + row, where side 0 holds
// pixels 0-7 of the row and side 1 pixels 8-15.
constexpr int kHalfRows = 2 * kTileSize;
constexpr int half_row_first_pixel(int h) { return (h % kTileSize) * kTileSize + (h / kTileSize) * 8; }

// One version per instruction set of:
// - preprocess_range: splat::preprocess_gaussian for Gaussians [begin, end), 8 at a time.
// - blend_tile: blends the tile's list front to back into its pixels, stopping once every pixel
//   is saturated.
// - half_rows_reached: bit h set for each half row of the tile at (x0, y0) that the splat's
//   alpha >= kMinAlpha ellipse reaches, widened by a pixel on every side for rounding. Outside
//   them the blend step would give the splat alpha 0 and change nothing, so skipping them leaves
//   the image identical.
namespace avx2 {
void preprocess_range(const PreprocessJob& job, std::size_t begin, std::size_t end);
void blend_tile(const TileJob& job);
std::uint32_t half_rows_reached(const TileSplat& s, int x0, int y0);
}  // namespace avx2
namespace baseline {
void preprocess_range(const PreprocessJob& job, std::size_t begin, std::size_t end);
void blend_tile(const TileJob& job);
std::uint32_t half_rows_reached(const TileSplat& s, int x0, int y0);
}  // namespace baseline

// The best version this CPU runs.
struct Kernel {
  void (*preprocess_range)(const PreprocessJob&, std::size_t, std::size_t);
  void (*blend_tile)(const TileJob&);
  std::uint32_t (*half_rows_reached)(const TileSplat&, int, int);
  const char* instruction_set;
};
Kernel kernel_for_this_cpu();
// Every version built in that this CPU can run (for the tests).
std::vector<Kernel> kernels_this_cpu_runs();

}  // namespace splatview::cpu_kernels
