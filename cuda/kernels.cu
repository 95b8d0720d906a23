#include "cuda/kernels.cuh"

#include "core/color_rules.h"
#include "cuda/device_buffer.h"

namespace splatview::gpu {

namespace {

constexpr unsigned kThreads = 256;  // per block for the per-Gaussian and per-entry kernels

unsigned blocks_for(std::size_t items) { return static_cast<unsigned>((items + kThreads - 1) / kThreads); }

// One thread per Gaussian. No thread returns early: every one must reach the block's count.
__global__ void preprocess_kernel(PreprocessArgs a) {
  const unsigned index = blockIdx.x * blockDim.x + threadIdx.x;  // unsigned: no wrap to negative
  const bool visible = index < static_cast<unsigned>(a.count) && tiles::preprocess_one(a, static_cast<int>(index));
  const int block_visible = __syncthreads_count(visible);
  if (threadIdx.x == 0 && block_visible > 0)
    atomicAdd(a.visible_count, static_cast<unsigned long long>(block_visible));
}

__global__ void duplicate_kernel(DuplicateArgs a) {
  const unsigned index = blockIdx.x * blockDim.x + threadIdx.x;
  if (index < static_cast<unsigned>(a.count)) tiles::duplicate_one(a, static_cast<int>(index));
}

// One thread per sorted entry.
__global__ void tile_ranges_kernel(const std::uint64_t* keys, std::uint32_t total, tiles::TileRange* ranges) {
  const std::uint32_t e = blockIdx.x * blockDim.x + threadIdx.x;
  if (e < total) tiles::identify_tile_range(e, total, keys, ranges);
}

// One block per tile, one thread per pixel. The tile's list is read in batches of kBlockPixels
// splats, each thread loading one into shared memory; all threads, those whose pixel lies outside
// the image included, take part in every load and barrier. Every loop decision is uniform across
// the block (the tile's range and the barrier's count), so no thread skips a barrier.
__global__ void __launch_bounds__(tiles::kBlockPixels) blend_kernel(BlendArgs a) {
  __shared__ tiles::BlendSplat batch[tiles::kBlockPixels];
  const std::uint32_t tile = blockIdx.x;
  const int thread = static_cast<int>(threadIdx.x);
  int x, y;
  splat::PixelState px = tiles::start_pixel(a, tile, thread, x, y);
  const splat::Vec2 pixel = {static_cast<float>(x), static_cast<float>(y)};

  const tiles::TileRange range = a.ranges[tile];
  for (std::uint32_t begin = range.begin; begin < range.end; begin += tiles::kBlockPixels) {
    // Also the barrier after which no thread still reads the previous batch.
    if (__syncthreads_count(px.done != 0.f) == tiles::kBlockPixels) break;  // the whole tile is saturated
    const int count = tiles::batch_size(range, begin);
    if (thread < count) batch[thread] = tiles::batch_splat(a, begin + thread);
    __syncthreads();
    tiles::blend_batch(px, pixel, batch, count);
  }
  tiles::finish_pixel(a, px, x, y);
}

__global__ void to_rgba8_kernel(const float* rgb, const float* alpha, std::size_t pixels, uchar4* rgba) {
  const std::size_t p = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (p >= pixels) return;
  rgba[p] = make_uchar4(to_8bit(rgb[3 * p]), to_8bit(rgb[3 * p + 1]), to_8bit(rgb[3 * p + 2]), to_8bit(alpha[p]));
}

}  // namespace

void launch_preprocess(const PreprocessArgs& args, cudaStream_t stream) {
  if (args.count <= 0) return;
  preprocess_kernel<<<blocks_for(static_cast<std::size_t>(args.count)), kThreads, 0, stream>>>(args);
  check_launch("preprocess_kernel");
}

void launch_duplicate(const DuplicateArgs& args, cudaStream_t stream) {
  if (args.count <= 0) return;
  duplicate_kernel<<<blocks_for(static_cast<std::size_t>(args.count)), kThreads, 0, stream>>>(args);
  check_launch("duplicate_kernel");
}

void launch_tile_ranges(const std::uint64_t* sorted_keys, std::uint32_t total, tiles::TileRange* ranges,
                        cudaStream_t stream) {
  if (total == 0) return;
  tile_ranges_kernel<<<blocks_for(total), kThreads, 0, stream>>>(sorted_keys, total, ranges);
  check_launch("tile_ranges_kernel");
}

void launch_blend(const BlendArgs& args, cudaStream_t stream) {
  if (args.tiles <= 0) return;
  blend_kernel<<<static_cast<unsigned>(args.tiles), tiles::kBlockPixels, 0, stream>>>(args);
  check_launch("blend_kernel");
}

void launch_to_rgba8(const float* rgb, const float* alpha, std::size_t pixels, std::uint8_t* rgba,
                     cudaStream_t stream) {
  if (pixels == 0) return;
  to_rgba8_kernel<<<blocks_for(pixels), kThreads, 0, stream>>>(rgb, alpha, pixels, reinterpret_cast<uchar4*>(rgba));
  check_launch("to_rgba8_kernel");
}

}  // namespace splatview::gpu
