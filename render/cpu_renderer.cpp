#include "render/cpu_renderer.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <thread>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "render/frame_setup.h"

namespace splatview {

namespace {

// Gaussians per chunk for tile binning: large enough that the per-chunk tile counters stay small
// next to the entry list, small enough to balance work across cores.
constexpr int kChunkSize = 8192;

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point& since) {
  const auto now = Clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - since).count();
  since = now;
  return ms;
}

template <class Body>
void parallel_over(std::size_t count, std::size_t grain, const Body& body) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, grain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
                    });
}

}  // namespace

struct CpuRenderer::ThreadArena {
  tbb::task_arena arena;
};

struct CpuRenderer::Frame {
  splat::SceneArrays scene;
  splat::ViewParams view;
  float scale_modifier;
  int sh_degree;
  std::size_t gaussians;
  std::size_t tiles;
  int width, height;
};

CpuRenderer::CpuRenderer(int threads)
    : threads_(threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency())),
      arena_(std::make_unique<ThreadArena>(ThreadArena{tbb::task_arena(threads_)})) {}

CpuRenderer::~CpuRenderer() = default;

std::string CpuRenderer::device_description() const {
  return "CPU, " + std::to_string(threads_) + (threads_ == 1 ? " thread" : " threads");
}

void CpuRenderer::render(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                         Image& out, FrameStats& stats) {
  const auto start = Clock::now();
  auto lap = start;

  Frame frame;
  frame.scene = scene_arrays(scene);
  frame.view = make_view_params(camera);
  frame.scale_modifier = settings.scale_modifier;
  frame.sh_degree = effective_sh_degree(scene, settings);
  frame.gaussians = scene.count();
  frame.tiles = static_cast<std::size_t>(frame.view.tiles_x) * frame.view.tiles_y;
  frame.width = camera.width;
  frame.height = camera.height;

  out.resize(camera.width, camera.height);
  stats = FrameStats{};
  arena_->arena.execute([&] {
    preprocess(frame);
    stats.preprocess_ms = elapsed_ms(lap);
    sort_by_depth(frame);
    stats.sort_ms = elapsed_ms(lap);
    count_tile_entries(frame);
    stats.keys_ms = elapsed_ms(lap);
    compute_tile_ranges(frame);
    stats.ranges_ms = elapsed_ms(lap);
    fill_tile_entries(frame);
    stats.keys_ms += elapsed_ms(lap);
    blend(frame, settings, out);
    stats.blend_ms = elapsed_ms(lap);
  });

  stats.visible = visible_count_;
  stats.tile_entries = tile_begin_[frame.tiles];
  stats.memory_bytes = memory_bytes();
  stats.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Stage 1: one task per Gaussian.
void CpuRenderer::preprocess(const Frame& frame) {
  if (projected_.size() < frame.gaussians) {
    projected_.resize(frame.gaussians);
    visible_.resize(frame.gaussians);
  }
  parallel_over(frame.gaussians, 1024, [&](std::size_t i) {
    visible_[i] = splat::preprocess_gaussian(frame.scene, static_cast<int>(i), frame.view, frame.scale_modifier,
                                             frame.sh_degree, projected_[i]);
  });
}

// Stage 3 (sort), done once per Gaussian rather than once per tile entry: the visible
// Gaussians, compacted in index order, then radix-sorted by depth (stable: ties by index).
void CpuRenderer::sort_by_depth(const Frame& frame) {
  const std::size_t chunks = (frame.gaussians + kChunkSize - 1) / kChunkSize;
  chunk_visible_.resize(chunks + 1);
  parallel_over(chunks, 1, [&](std::size_t c) {
    const std::size_t end = std::min(frame.gaussians, (c + 1) * kChunkSize);
    chunk_visible_[c + 1] = static_cast<std::uint32_t>(
        std::count(visible_.begin() + static_cast<std::ptrdiff_t>(c * kChunkSize),
                   visible_.begin() + static_cast<std::ptrdiff_t>(end), 1));
  });
  chunk_visible_[0] = 0;
  for (std::size_t c = 0; c < chunks; ++c) chunk_visible_[c + 1] += chunk_visible_[c];
  visible_count_ = chunk_visible_[chunks];
  if (depth_keys_.size() < visible_count_) {
    depth_keys_.resize(visible_count_);
    depth_order_.resize(visible_count_);
  }
  parallel_over(chunks, 1, [&](std::size_t c) {
    std::uint32_t slot = chunk_visible_[c];
    const std::size_t end = std::min(frame.gaussians, (c + 1) * kChunkSize);
    for (std::size_t i = c * kChunkSize; i < end; ++i) {
      if (!visible_[i]) continue;
      depth_keys_[slot] = splat::depth_key(projected_[i].depth);
      depth_order_[slot++] = static_cast<std::uint32_t>(i);
    }
  });
  sorter_.sort(depth_keys_, depth_order_, visible_count_);

  if (sorted_.size() < visible_count_) sorted_.resize(visible_count_);
  parallel_over(visible_count_, 4096, [&](std::size_t k) {
    const splat::ProjectedSplat& p = projected_[depth_order_[k]];
    const float level = splat::visibility_level(p.opacity);
    sorted_[k] = {p.mean, p.conic, p.opacity, p.color, level, splat::visible_half_height(p.conic, level), p.rect};
  });
}

// Stage 2a (keys): how many entries each chunk of the depth order puts in each tile.
void CpuRenderer::count_tile_entries(const Frame& frame) {
  const std::size_t chunks = (visible_count_ + kChunkSize - 1) / kChunkSize;
  chunk_cursor_.assign(chunks * frame.tiles, 0);
  const int tiles_x = frame.view.tiles_x;
  parallel_over(chunks, 1, [&](std::size_t c) {
    std::uint32_t* counts = chunk_cursor_.data() + c * frame.tiles;
    const std::size_t end = std::min(visible_count_, (c + 1) * kChunkSize);
    for (std::size_t k = c * kChunkSize; k < end; ++k) {
      const splat::TileRect r = sorted_[k].rect;
      for (int y = r.y0; y < r.y1; ++y)
        for (int x = r.x0; x < r.x1; ++x) ++counts[y * tiles_x + x];
    }
  });
}

// Stage 3 (ranges): each tile's [begin, end) in the entry list, and where each chunk writes
// inside it, so the fill needs no atomics.
void CpuRenderer::compute_tile_ranges(const Frame& frame) {
  const std::size_t chunks = (visible_count_ + kChunkSize - 1) / kChunkSize;
  tile_begin_.resize(frame.tiles + 1);
  parallel_over(frame.tiles, 64, [&](std::size_t t) {
    std::uint32_t total = 0;
    for (std::size_t c = 0; c < chunks; ++c) total += chunk_cursor_[c * frame.tiles + t];
    tile_begin_[t + 1] = total;
  });
  tile_begin_[0] = 0;
  for (std::size_t t = 0; t < frame.tiles; ++t) tile_begin_[t + 1] += tile_begin_[t];
  parallel_over(frame.tiles, 64, [&](std::size_t t) {
    std::uint32_t cursor = tile_begin_[t];
    for (std::size_t c = 0; c < chunks; ++c) {
      std::uint32_t& slot = chunk_cursor_[c * frame.tiles + t];
      const std::uint32_t count = slot;
      slot = cursor;
      cursor += count;
    }
  });
}

// Stage 2b (keys): each visible Gaussian, in depth order, into every tile it touches; a tile's
// list is therefore in depth order too (the CUDA backend gets the same order from sorting
// (tile, depth) keys).
void CpuRenderer::fill_tile_entries(const Frame& frame) {
  const std::size_t chunks = (visible_count_ + kChunkSize - 1) / kChunkSize;
  const std::size_t total = tile_begin_[frame.tiles];
  if (entries_.size() < total) entries_.resize(total);
  const int tiles_x = frame.view.tiles_x;
  parallel_over(chunks, 1, [&](std::size_t c) {
    std::uint32_t* cursor = chunk_cursor_.data() + c * frame.tiles;
    const std::size_t end = std::min(visible_count_, (c + 1) * kChunkSize);
    for (std::size_t k = c * kChunkSize; k < end; ++k) {
      const splat::TileRect r = sorted_[k].rect;
      for (int y = r.y0; y < r.y1; ++y)
        for (int x = r.x0; x < r.x1; ++x) entries_[cursor[y * tiles_x + x]++] = static_cast<std::uint32_t>(k);
    }
  });
}

namespace {

constexpr int kTilePixels = kTileSize * kTileSize;
static_assert(kTileSize == 16, "blend_batch visits a tile row as two halves of 8 pixels");
// Splats gathered from the tile's list at a time: the CPU's stand-in for the CUDA block's
// shared-memory batch. After each batch the tile stops if every pixel is saturated.
constexpr int kBatchSize = 32;

// A batch of splats in structure-of-arrays form, contiguous for the pixel loop.
struct SplatBatch {
  splat::Vec2 mean[kBatchSize];
  splat::Conic conic[kBatchSize];
  float opacity[kBatchSize];
  splat::Vec3 color[kBatchSize];
  float level[kBatchSize];                          // splat::visibility_level of the opacity
  int row_begin[kBatchSize], row_end[kBatchSize];  // the tile rows the splat can reach
};

// The pixels of one tile as structure of arrays, so the pixel loop is plain SIMD over each
// field; pixels outside the image start done.
struct TilePixels {
  float x[kTilePixels], y[kTilePixels];
  float r[kTilePixels], g[kTilePixels], b[kTilePixels];
  float transmittance[kTilePixels];
  float done[kTilePixels];
  // Per 8-pixel half row: every pixel in it is saturated (refreshed between batches).
  bool span_done[kTilePixels / 8];

  splat::PixelState state(int p) const { return {{r[p], g[p], b[p]}, transmittance[p], done[p]}; }
};

// Blends one splat into 8 consecutive pixels starting at p: a fixed width the compiler turns
// into one AVX2 (or two SSE) operation per step.
inline __attribute__((always_inline)) void blend_span8(TilePixels& tile, int p, splat::Vec2 mean, splat::Conic conic,
                                                       float opacity, splat::Vec3 color) {
  for (int q = p; q < p + 8; ++q) {
    splat::PixelState s = tile.state(q);
    splat::blend_splat(s, {tile.x[q], tile.y[q]}, mean, conic, opacity, color);
    tile.r[q] = s.color.x;
    tile.g[q] = s.color.y;
    tile.b[q] = s.color.z;
    tile.transmittance[q] = s.transmittance;
    tile.done[q] = s.done;
  }
}

// Blends a batch into the tile, visiting per splat only the rows and 8-pixel half rows that its
// alpha >= kMinAlpha ellipse reaches: elsewhere the step would add alpha 0 and change nothing.
// One pixel of margin on each side covers rounding in the ellipse bounds. Compiled for AVX2 and
// for the baseline, chosen at run time.
__attribute__((target_clones("avx2", "default"))) void blend_batch(const SplatBatch& batch, int count, int x0,
                                                                   int y0, TilePixels& tile) {
  for (int j = 0; j < count; ++j) {
    const splat::Vec2 mean = batch.mean[j];
    const splat::Conic conic = batch.conic[j];
    const float opacity = batch.opacity[j];
    const splat::Vec3 color = batch.color[j];
    const float inv_a = 1.f / conic.a;
    // The two half rows as offsets from the mean, widened by a pixel of margin for rounding.
    const float left = static_cast<float>(x0) - mean.x - 1.f;
    for (int row = batch.row_begin[j]; row < batch.row_end[j]; ++row) {
      const float dy = static_cast<float>(y0 + row) - mean.y;
      if (!tile.span_done[2 * row] && splat::visible_in_row(conic, inv_a, batch.level[j], dy, left, left + 9.f))
        blend_span8(tile, row * kTileSize, mean, conic, opacity, color);
      if (!tile.span_done[2 * row + 1] &&
          splat::visible_in_row(conic, inv_a, batch.level[j], dy, left + 8.f, left + 17.f))
        blend_span8(tile, row * kTileSize + 8, mean, conic, opacity, color);
    }
  }
}

// Marks the half rows whose pixels are all saturated; true when the whole tile is.
bool refresh_done_spans(TilePixels& tile) {
  bool all = true;
  for (int span = 0; span < kTilePixels / 8; ++span) {
    bool done = true;
    for (int q = span * 8; q < span * 8 + 8; ++q) done = done && tile.done[q] != 0.f;
    tile.span_done[span] = done;
    all = all && done;
  }
  return all;
}

}  // namespace

// Stage 4: one task per tile, front to back in batches, until every pixel is saturated.
void CpuRenderer::blend(const Frame& frame, const RenderSettings& settings, Image& out) {
  const int tiles_x = frame.view.tiles_x;
  parallel_over(frame.tiles, 1, [&](std::size_t t) {
    const int x0 = static_cast<int>(t) % tiles_x * kTileSize;
    const int y0 = static_cast<int>(t) / tiles_x * kTileSize;
    TilePixels tile;
    for (int p = 0; p < kTilePixels; ++p) {
      const int x = x0 + p % kTileSize, y = y0 + p / kTileSize;
      tile.x[p] = static_cast<float>(x);
      tile.y[p] = static_cast<float>(y);
      tile.r[p] = tile.g[p] = tile.b[p] = 0.f;
      tile.transmittance[p] = 1.f;
      tile.done[p] = (x >= frame.width || y >= frame.height) ? 1.f : 0.f;
    }

    SplatBatch batch;
    for (std::uint32_t begin = tile_begin_[t], end = tile_begin_[t + 1]; begin < end && !refresh_done_spans(tile);
         begin += kBatchSize) {
      const int count = static_cast<int>(std::min<std::uint32_t>(kBatchSize, end - begin));
      for (int j = 0; j < count; ++j) {
        const SortedSplat& s = sorted_[entries_[begin + j]];
        batch.mean[j] = s.mean;
        batch.conic[j] = s.conic;
        batch.opacity[j] = s.opacity;
        batch.color[j] = s.color;
        batch.level[j] = s.level;
        // Rows outside the splat's alpha >= kMinAlpha ellipse would get alpha 0: skipping them
        // changes nothing. The extra pixel of margin covers rounding in the extent.
        const float reach = s.half_height + 1.f;
        const float top = s.mean.y - reach - static_cast<float>(y0);
        const float bottom = s.mean.y + reach - static_cast<float>(y0);
        batch.row_begin[j] = reach < 1.f ? 0 : std::clamp(static_cast<int>(std::ceil(std::max(top, -1.f))), 0, kTileSize);
        batch.row_end[j] = reach < 1.f ? 0 : std::clamp(static_cast<int>(std::floor(std::min(bottom, 17.f))) + 1, 0, kTileSize);
      }
      blend_batch(batch, count, x0, y0, tile);
    }

    for (int p = 0; p < kTilePixels; ++p) {
      const int x = x0 + p % kTileSize, y = y0 + p / kTileSize;
      if (x >= frame.width || y >= frame.height) continue;
      const splat::PixelState s = tile.state(p);
      const std::size_t o = static_cast<std::size_t>(y) * frame.width + x;
      out.rgb[3 * o + 0] = s.color.x + s.transmittance * settings.background[0];
      out.rgb[3 * o + 1] = s.color.y + s.transmittance * settings.background[1];
      out.rgb[3 * o + 2] = s.color.z + s.transmittance * settings.background[2];
      out.alpha[o] = 1.f - s.transmittance;
    }
  });
}

std::size_t CpuRenderer::memory_bytes() const {
  return projected_.capacity() * sizeof(splat::ProjectedSplat) + sorted_.capacity() * sizeof(SortedSplat) +
         visible_.capacity() + sorter_.memory_bytes() +
         (chunk_visible_.capacity() + depth_keys_.capacity() + depth_order_.capacity() + chunk_cursor_.capacity() +
          tile_begin_.capacity() + entries_.capacity()) *
             sizeof(std::uint32_t);
}

}  // namespace splatview
