#pragma once
// The multithreaded CPU tile rasterizer: the reference backend and the fallback without a GPU.
// It runs DESIGN's one-frame pipeline with the shared splat math; every stage is split across
// all cores and the image does not depend on the thread count.
#include <cstdint>
#include <memory>
#include <vector>

#include "render/radix_sort.h"
#include "render/frame_setup.h"
#include "render/renderer.h"
#include "render/splat_math.h"
#include "render/cpu_kernels.h"

namespace splatview {

// The most threads the CPU renderer runs at once here: the cores this process may use (oneTBB's
// own limit; it ignores, with a raw warning, any request for more).
int cpu_thread_limit();

class CpuRenderer final : public Renderer {
 public:
  // threads = 0: every core.
  explicit CpuRenderer(int threads = 0);
  ~CpuRenderer() override;

  // The expected depth of each pixel of the last depth view (ShowMode::kDepth), row-major, 0
  // where it is not shown (render/inspect_views.h): what its colours stand for.
  const std::vector<float>& depth_image() const { return depths_; }

  std::string name() const override { return "cpu"; }
  std::string device_description() const override;
  void render(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings, Image& out,
              FrameStats& stats) override;

 private:
  struct ThreadArena;  // the oneTBB arena that caps the thread count
  // The stages of render(), in the order they run.
  void preprocess(const FrameSetup& frame);
  void sort_by_depth(const FrameSetup& frame);
  void count_tile_entries(const FrameSetup& frame);
  void compute_tile_ranges(const FrameSetup& frame);
  void fill_tile_entries(const FrameSetup& frame);
  void grow_entries(std::size_t count);
  std::size_t binning_chunk_size() const;
  // Calls visit(x, y) for each tile the k-th splat in depth order is listed in.
  template <class Visit>
  void for_each_listed_tile(std::size_t k, const Visit& visit) const;
  void blend(const FrameSetup& frame, Image& out);
  void finish_view(const FrameSetup& frame, const RenderSettings& settings, Image& out);  // the inspection views
  std::size_t memory_bytes() const;

  int threads_;
  cpu_kernels::Kernel kernel_;  // preprocess and blend for the instruction set this CPU runs
  std::unique_ptr<ThreadArena> arena_;

  // Buffers kept from frame to frame; they only grow.
  // Per Gaussian, written where visible: what binning and blending read, and the depth sort key.
  std::vector<cpu_kernels::TileSplat> splats_;
  std::vector<std::uint32_t> gaussian_depth_keys_;  // cpu_kernels::kHiddenDepthKey where it touches no tile
  std::vector<std::uint32_t> chunk_visible_;  // visible Gaussians per chunk, then offsets
  // The visible Gaussians in depth order (ties by index): depth keys and Gaussian indices.
  // Binning walks this order, so every tile's list comes out sorted with no per-tile sort.
  std::vector<std::uint32_t> depth_keys_, depth_order_;
  std::size_t visible_count_ = 0;
  RadixSorter sorter_;  // its scratch is borrowed (sort_by_depth)
  // The sorted order is cut into fixed chunks (independent of the thread count, so the result is
  // too). chunk_cursor_[c * tiles + t]: entries of chunk c in tile t, then where chunk c writes.
  std::vector<std::uint32_t> chunk_cursor_;
  std::vector<std::uint32_t> tile_begin_;  // tiles + 1 offsets into entries_
  std::vector<std::uint32_t> entries_;     // Gaussian indices, grouped by tile, front to back
  std::vector<float> depth_scratch_;       // the depth view's per-pixel depths, for its near and far
  std::vector<float> depths_;              // depth_image()
  float depth_near_ = 0, depth_far_ = 0;
};

}  // namespace splatview
