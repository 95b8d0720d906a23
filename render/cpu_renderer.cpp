#include "render/cpu_renderer.h"

#include <algorithm>
#include <cmath>
#include <chrono>

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "render/frame_setup.h"
#include "render/inspect_views.h"

namespace splatview {

namespace {

// Gaussians per chunk for tile binning: large enough that the per-chunk tile counters stay small
// next to the entry list, small enough to balance work across cores.
constexpr int kChunkSize = 8192;
// How many records ahead a gather in a jumping order asks for its data.
constexpr std::size_t kGatherAhead = 16;

using Clock = std::chrono::steady_clock;

// Runs the stages of a frame one after another, each timed into the frame's stats.
class StageTimer {
 public:
  explicit StageTimer(FrameStats& stats) : stats_(stats), lap_(Clock::now()) {}
  template <class Stage>
  void operator()(const char* name, double FrameStats::*step, const Stage& run) {
    run();
    const auto now = Clock::now();
    stats_.add_stage(name, step, std::chrono::duration<double, std::milli>(now - lap_).count());
    lap_ = now;
  }

 private:
  FrameStats& stats_;
  Clock::time_point lap_;
};

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

int cpu_thread_limit() { return std::max(1, tbb::info::default_concurrency()); }

CpuRenderer::CpuRenderer(int threads)
    : threads_(std::clamp(threads > 0 ? threads : cpu_thread_limit(), 1, cpu_thread_limit())),
      kernel_(cpu_kernels::kernel_for_this_cpu()),
      arena_(std::make_unique<ThreadArena>(ThreadArena{tbb::task_arena(threads_)})) {}

CpuRenderer::~CpuRenderer() = default;

std::string CpuRenderer::device_description() const {
  return "CPU, " + std::to_string(threads_) + (threads_ == 1 ? " thread" : " threads") + ", " +
         kernel_.instruction_set;
}

// DESIGN "One frame" as the CPU runs it: the sort orders the visible Gaussians by depth once,
// so binning them in that order (count, ranges, fill) leaves every tile's list in depth order.
void CpuRenderer::render(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                         Image& out, FrameStats& stats) {
  const auto start = Clock::now();
  const FrameSetup frame = make_frame_setup(scene, camera, settings);
  out.resize(camera.width, camera.height);
  stats = FrameStats{};
  StageTimer stage(stats);
  arena_->arena.execute([&] {
    stage("preprocess", &FrameStats::preprocess_ms, [&] { preprocess(frame); });
    if (frame.show == ShowMode::kDepth)
      stage("depth as colour", &FrameStats::preprocess_ms, [&] {
        blend_depth_instead_of_colour(splats_.data(), gaussian_depth_keys_.data(), frame.gaussians);
      });
    stage("depth sort", &FrameStats::sort_ms, [&] { sort_by_depth(frame); });
    stage("count tile entries", &FrameStats::keys_ms, [&] { count_tile_entries(frame); });
    stage("tile ranges", &FrameStats::ranges_ms, [&] { compute_tile_ranges(frame); });
    stage("fill tile entries", &FrameStats::keys_ms, [&] { fill_tile_entries(frame); });
    if (show_mode_blends(frame.show)) stage("blend", &FrameStats::blend_ms, [&] { blend(frame, out); });
    if (frame.show != ShowMode::kColor) stage("inspect view", &FrameStats::blend_ms, [&] { finish_view(frame, settings, out); });
  });
  if (frame.show == ShowMode::kDepth) {
    stats.depth_near = depth_near_;
    stats.depth_far = depth_far_;
  }
  stats.visible = visible_count_;
  stats.tile_entries = tile_begin_[frame.tiles];
  stats.memory_bytes = memory_bytes();
  stats.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Preprocess: one task per 1024 Gaussians, 8 at a time; each visible one's blend record and depth key.
void CpuRenderer::preprocess(const FrameSetup& frame) {
  if (splats_.size() < frame.gaussians) {
    splats_.resize(frame.gaussians);
    gaussian_depth_keys_.resize(frame.gaussians);
  }
  const cpu_kernels::PreprocessJob job{frame.arrays,  frame.view,       frame.scale_modifier, frame.sh_degree,
                                       splats_.data(), gaussian_depth_keys_.data(), frame.mode};
  constexpr std::size_t kGrain = 1024;  // Gaussians a task: a multiple of the kernel's 8 lanes
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, (frame.gaussians + kGrain - 1) / kGrain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      kernel_.preprocess_range(job, r.begin() * kGrain, std::min(frame.gaussians, r.end() * kGrain));
                    });
}

// Depth sort, once per Gaussian rather than once per tile entry: the visible Gaussians, compacted
// in index order, radix-sorted by depth (stable: ties by index). The sort's scratch is borrowed
// from buffers idle at the time (the per-Gaussian keys, already compacted; the tile entries, not
// yet filled), so a research-size scene pays for no third copy of the keys.
void CpuRenderer::sort_by_depth(const FrameSetup& frame) {
  const std::size_t chunks = (frame.gaussians + kChunkSize - 1) / kChunkSize;
  chunk_visible_.resize(chunks + 1);
  parallel_over(chunks, 1, [&](std::size_t c) {
    const std::size_t end = std::min(frame.gaussians, (c + 1) * kChunkSize);
    const auto keys = gaussian_depth_keys_.begin();
    chunk_visible_[c + 1] = static_cast<std::uint32_t>(
        (end - c * kChunkSize) - static_cast<std::size_t>(std::count(keys + static_cast<std::ptrdiff_t>(c * kChunkSize),
                                                                     keys + static_cast<std::ptrdiff_t>(end),
                                                                     cpu_kernels::kHiddenDepthKey)));
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
      if (gaussian_depth_keys_[i] == cpu_kernels::kHiddenDepthKey) continue;
      depth_keys_[slot] = gaussian_depth_keys_[i];
      depth_order_[slot++] = static_cast<std::uint32_t>(i);
    }
  });
  grow_entries(visible_count_);
  const auto first_visible = [&](std::vector<std::uint32_t>& b) { return std::span(b).first(visible_count_); };
  sorter_.sort(first_visible(depth_keys_), first_visible(depth_order_), first_visible(gaussian_depth_keys_),
               first_visible(entries_));
}

// Grows the entry list to hold `count` without copying what it held (it is rewritten each frame),
// so that its old and new blocks are never both resident.
void CpuRenderer::grow_entries(std::size_t count) {
  if (entries_.size() >= count) return;
  std::vector<std::uint32_t>().swap(entries_);
  entries_.resize(count);
}

// How much of the depth order a binning task takes: kChunkSize, or more for research-size scenes so that
// the per-chunk tile counters (chunks x tiles) stay small. The entries do not depend on it: chunks
// are consecutive runs of the depth order, written in that order.
std::size_t CpuRenderer::binning_chunk_size() const {
  constexpr std::size_t kMaxBinningChunks = 256;
  return std::max<std::size_t>(kChunkSize, (visible_count_ + kMaxBinningChunks - 1) / kMaxBinningChunks);
}

// Calls visit(x, y) for each tile that the k-th splat in depth order is listed in, and asks for the
// record a few places ahead in that order (binning jumps about in memory).
template <class Visit>
void CpuRenderer::for_each_listed_tile(std::size_t k, const Visit& visit) const {
  if (k + kGatherAhead < visible_count_) __builtin_prefetch(&splats_[depth_order_[k + kGatherAhead]].tiles);
  const cpu_kernels::TileSplat& splat = splats_[depth_order_[k]];
  const cpu_kernels::TileRows& t = splat.tiles;
  if (!cpu_kernels::spans_stored(t)) {
    splat::for_each_tile(cpu_kernels::footprint_of(splat), visit);
    return;
  }
  for (int r = 0; r < t.y1 - t.y0; ++r)
    for (int x = t.x0 + t.begin[r]; x < t.x0 + t.end[r]; ++x) visit(x, t.y0 + r);
}

// Count tile entries: how many entries each chunk of the depth order puts in each tile.
void CpuRenderer::count_tile_entries(const FrameSetup& frame) {
  const std::size_t chunk = binning_chunk_size(), chunks = (visible_count_ + chunk - 1) / chunk;
  chunk_cursor_.assign(chunks * frame.tiles, 0);
  const int tiles_x = frame.view.tiles_x;
  parallel_over(chunks, 1, [&](std::size_t c) {
    std::uint32_t* counts = chunk_cursor_.data() + c * frame.tiles;
    const std::size_t end = std::min(visible_count_, (c + 1) * chunk);
    for (std::size_t k = c * chunk; k < end; ++k) {
      for_each_listed_tile(k, [&](int x, int y) { ++counts[y * tiles_x + x]; });
    }
  });
}

// Tile ranges: each tile's [begin, end) in the entry list, and where each chunk writes inside it,
// so the fill needs no atomics.
void CpuRenderer::compute_tile_ranges(const FrameSetup& frame) {
  const std::size_t chunk = binning_chunk_size(), chunks = (visible_count_ + chunk - 1) / chunk;
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

// Fill tile entries: each visible Gaussian, in depth order, into every tile it touches; a tile's
// list is therefore in depth order too (the CUDA backend gets the same order from sorting
// (tile, depth) keys).
void CpuRenderer::fill_tile_entries(const FrameSetup& frame) {
  const std::size_t chunk = binning_chunk_size(), chunks = (visible_count_ + chunk - 1) / chunk;
  grow_entries(tile_begin_[frame.tiles]);
  const int tiles_x = frame.view.tiles_x;
  parallel_over(chunks, 1, [&](std::size_t c) {
    std::uint32_t* cursor = chunk_cursor_.data() + c * frame.tiles;
    const std::size_t end = std::min(visible_count_, (c + 1) * chunk);
    for (std::size_t k = c * chunk; k < end; ++k) {
      const std::uint32_t gaussian = depth_order_[k];
      for_each_listed_tile(k, [&](int x, int y) { entries_[cursor[y * tiles_x + x]++] = gaussian; });
    }
  });
}

// Blend: one task per tile, front to back, until every pixel is saturated.
void CpuRenderer::blend(const FrameSetup& frame, Image& out) {
  const int tiles_x = frame.view.tiles_x;
  parallel_over(frame.tiles, 1, [&](std::size_t t) {
    cpu_kernels::TileJob job;
    job.splats = splats_.data();
    job.list = entries_.data() + tile_begin_[t];
    job.list_size = tile_begin_[t + 1] - tile_begin_[t];
    job.x0 = static_cast<int>(t) % tiles_x * kTileSize;
    job.y0 = static_cast<int>(t) / tiles_x * kTileSize;
    job.width = frame.width;
    job.height = frame.height;
    job.background = frame.background;
    job.rgb = out.rgb.data();
    job.alpha = out.alpha.data();
    kernel_.blend_tile(job);
  });
}

// The inspection views (render/inspect_views.h) from the blend or the visible splats in depth order.
void CpuRenderer::finish_view(const FrameSetup& frame, const RenderSettings& settings, Image& out) {
  switch (frame.show) {
    case ShowMode::kDepth: {
      const DepthRange range = finish_depth_view(out, settings.background, depths_, depth_scratch_);
      depth_near_ = range.near_depth;
      depth_far_ = range.far_depth;
      break;
    }
    case ShowMode::kAlpha: finish_alpha_view(out); break;
    case ShowMode::kCentres: draw_centres(out, settings.background, splats_.data(), depth_order_.data(), visible_count_); break;
    case ShowMode::kEllipses: draw_ellipses(out, settings.background, splats_.data(), depth_order_.data(), visible_count_); break;
    case ShowMode::kColor: break;
  }
}

std::size_t CpuRenderer::memory_bytes() const {
  return splats_.capacity() * sizeof(cpu_kernels::TileSplat) + sorter_.memory_bytes() +
         (gaussian_depth_keys_.capacity() + chunk_visible_.capacity() + depth_keys_.capacity() +
          depth_order_.capacity() + chunk_cursor_.capacity() + tile_begin_.capacity() + entries_.capacity() +
          depth_scratch_.capacity() + depths_.capacity()) *
             sizeof(std::uint32_t);
}

}  // namespace splatview
