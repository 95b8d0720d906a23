#pragma once
// The CUDA backend's kernels, one per stage of DESIGN "One frame", as launch functions. Each
// kernel is a thin wrapper around the per-thread steps of cuda/tile_pipeline.h (which hold the
// argument structs) and the shared math (render/splat_math.h); each launcher checks its launch
// (gpu::CudaError). A launch over zero items does nothing.
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "cuda/tile_pipeline.h"
#include "render/splat_math.h"

namespace splatview::gpu {

using tiles::BlendArgs;
using tiles::DuplicateArgs;
using tiles::PreprocessArgs;

// Preprocess: one thread per Gaussian.
void launch_preprocess(const PreprocessArgs& args, cudaStream_t stream);

// Tile keys: one thread per Gaussian.
void launch_duplicate(const DuplicateArgs& args, cudaStream_t stream);

// Tile ranges over the `total` sorted keys; `ranges` must have been cleared to zero.
void launch_tile_ranges(const std::uint64_t* sorted_keys, std::uint32_t total, tiles::TileRange* ranges,
                        cudaStream_t stream);

// Blend: one 16x16 block per tile.
void launch_blend(const BlendArgs& args, cudaStream_t stream);

// The float image as RGBA8 (colour by the 8-bit rule, alpha = coverage), rows top to bottom.
void launch_to_rgba8(const float* rgb, const float* alpha, std::size_t pixels, std::uint8_t* rgba,
                     cudaStream_t stream);

}  // namespace splatview::gpu
