#pragma once
// The CUDA backend's kernels, one per stage of DESIGN "One frame", as launch functions. Each
// kernel is a thin wrapper around the shared math (render/splat_math.h) and the per-thread steps
// (cuda/tile_pipeline.h); each launcher checks its launch (gpu::CudaError). A launch over zero
// items does nothing.
#include <cuda_runtime.h>

#include <cstdint>

#include "cuda/tile_pipeline.h"
#include "render/splat_math.h"

namespace splatview::gpu {

// Stage 1 for `count` Gaussians: writes projected[i] where visible, tiles_touched[i] (0 where
// not), and adds the number of visible Gaussians to *visible_count.
struct PreprocessArgs {
  splat::SceneArrays scene;  // device pointers
  int count;
  splat::ViewParams view;
  float scale_modifier;
  int sh_degree;
  splat::ProjectedSplat* projected;
  std::uint64_t* tiles_touched;
  unsigned long long* visible_count;
};
void launch_preprocess(const PreprocessArgs& args, cudaStream_t stream);

// Stage 2 (keys): every visible Gaussian's entries, at the slots its inclusive prefix sum of
// tiles touched gives.
struct DuplicateArgs {
  const splat::ProjectedSplat* projected;
  const std::uint64_t* inclusive_offsets;  // per Gaussian: entries of Gaussians 0..i
  int count;
  int tiles_x;
  std::uint64_t* keys;
  std::uint32_t* values;
};
void launch_duplicate(const DuplicateArgs& args, cudaStream_t stream);

// Stage 3 (ranges) over the `total` sorted keys; `ranges` must have been cleared to zero.
void launch_tile_ranges(const std::uint64_t* sorted_keys, std::uint32_t total, tiles::TileRange* ranges,
                        cudaStream_t stream);

// Stage 4: one 16x16 block per tile, front to back, into a float image laid out like Image.
struct BlendArgs {
  const tiles::TileRange* ranges;
  const std::uint32_t* order;  // sorted values: Gaussian indices
  const splat::ProjectedSplat* projected;
  int tiles_x, tiles;
  int width, height;
  float background[3];
  float* rgb;    // 3 per pixel
  float* alpha;  // 1 per pixel
};
void launch_blend(const BlendArgs& args, cudaStream_t stream);

// The float image as RGBA8 (colour with the 8-bit rule, alpha = coverage), rows top to bottom.
void launch_to_rgba8(const float* rgb, const float* alpha, std::size_t pixels, std::uint8_t* rgba,
                     cudaStream_t stream);

}  // namespace splatview::gpu
