// Stage 1 of the CPU renderer, 8 Gaussians at a time: the shared per-Gaussian math
// (splat::lanes::preprocess) on Float8 lanes. Compiled once per instruction set like
// tile_kernel.cpp (see render/CMakeLists.txt); each lane's result is bit-identical to
// splat::preprocess_gaussian's.
#include <algorithm>
#include <cstring>

#include "render/float8.h"
#include "render/cpu_kernels.h"

#ifndef SPLATVIEW_KERNEL_ISA
#error "build preprocess_kernel.cpp through render/CMakeLists.txt, which names the instruction set"
#endif

namespace splatview::cpu_kernels::SPLATVIEW_KERNEL_ISA {

namespace {

namespace simd = splatview::simd::SPLATVIEW_KERNEL_ISA;
using simd::Float8;
using simd::FloatLanes;

// Lane l holds values[stride * l + offset]: one field of 8 consecutive Gaussians.
Float8 gather(const float* values, long long stride, long long offset) {
  FloatLanes lanes;
  for (int l = 0; l < 8; ++l) lanes[l] = values[stride * l + offset];
  return Float8(lanes);
}

}  // namespace

void preprocess_range(const PreprocessJob& job, std::size_t begin, std::size_t end) {
  const splat::SceneArrays& scene = job.scene;
  std::size_t i = begin;
  for (; i + 8 <= end; i += 8) {
    const long long first = static_cast<long long>(i);
    const float* p = scene.positions + 3 * first;
    const float* s = scene.scales + 3 * first;
    const float* q = scene.rotations + 4 * first;
    const splat::GaussianT<Float8> g = {{gather(p, 3, 0), gather(p, 3, 1), gather(p, 3, 2)},
                                        {gather(s, 3, 0), gather(s, 3, 1), gather(s, 3, 2)},
                                        gather(q, 4, 0),
                                        gather(q, 4, 1),
                                        gather(q, 4, 2),
                                        gather(q, 4, 3),
                                        Float8::load(scene.opacities + first)};
    const long long sh_stride = 3 * static_cast<long long>(scene.sh_stride);
    const float* sh = scene.sh + sh_stride * first;
    auto coeff = [sh, sh_stride](int k) {
      return splat::Vec3T<Float8>{gather(sh, sh_stride, 3 * k), gather(sh, sh_stride, 3 * k + 1),
                                  gather(sh, sh_stride, 3 * k + 2)};
    };
    splat::ProjectedT<Float8> r;
    const std::uint32_t visible =
        simd::lane_bits(splat::lanes::preprocess(g, coeff, job.view, job.scale_modifier, job.sh_degree, job.mode, r));
    if (visible == 0) {  // preprocess stopped early: r is not all filled in
      std::fill(job.depth_keys + i, job.depth_keys + i + 8, kHiddenDepthKey);
      continue;
    }
    // The records as tile_splat_of makes them: the levels (a logf each), then the footprints and
    // their first rows' spans on 8 lanes.
    FloatLanes levels;
    for (int l = 0; l < 8; ++l) levels[l] = (visible >> l & 1u) != 0 ? splat::visibility_level(r.opacity.lanes[l]) : 1.f;
    const splat::TileFootprintT<Float8> f = splat::lanes::tile_footprint(r.mean, r.conic, Float8(levels), r.rect);
    // Only as many rows as the tallest visible footprint has (most have one or two).
    int rows = 0;
    for (int l = 0; l < 8; ++l)
      if ((visible >> l & 1u) != 0) rows = std::max(rows, static_cast<int>(f.tiles.y1.lanes[l] - f.tiles.y0.lanes[l]));
    Float8 span_begin[kStoredRows], span_end[kStoredRows];
    for (int row = 0; row < std::min(rows, kStoredRows); ++row)
      splat::lanes::tile_row_span(f, f.tiles.y0 + static_cast<float>(row), span_begin[row], span_end[row]);
    for (int l = 0; l < 8; ++l) {
      if ((visible >> l & 1u) == 0) {
        job.depth_keys[i + l] = kHiddenDepthKey;
        continue;
      }
      const splat::Conic conic = {r.conic.a.lanes[l], r.conic.b.lanes[l], r.conic.c.lanes[l]};
      const TileRows tiles = tile_rows_of(f.tiles.x0.lanes[l], f.tiles.y0.lanes[l], f.tiles.x1.lanes[l],
                                          f.tiles.y1.lanes[l], [&](int row, float& b, float& e) {
                                            b = span_begin[row].lanes[l];
                                            e = span_end[row].lanes[l];
                                          });
      job.splats[i + l] = {{r.mean.x.lanes[l], r.mean.y.lanes[l]},
                           conic,
                           r.opacity.lanes[l],
                           {r.color.x.lanes[l], r.color.y.lanes[l], r.color.z.lanes[l]},
                           levels[l],
                           splat::visible_half_height(conic, levels[l]),
                           tiles};
      job.depth_keys[i + l] = splat::depth_key(r.depth.lanes[l]);
    }
  }
  for (; i < end; ++i) {  // the last few, one at a time
    splat::ProjectedSplat p{};  // (initialised only to quiet GCC: it is read only where visible)
    if (!splat::preprocess_gaussian(scene, static_cast<int>(i), job.view, job.scale_modifier, job.sh_degree, p,
                                    job.mode)) {
      job.depth_keys[i] = kHiddenDepthKey;
      continue;
    }
    job.splats[i] = tile_splat_of(p);
    job.depth_keys[i] = splat::depth_key(p.depth);
  }
}

}  // namespace splatview::cpu_kernels::SPLATVIEW_KERNEL_ISA
