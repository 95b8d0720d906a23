// The part of render/cpu_kernels.h built once, for the baseline: the choice of kernel version for
// this CPU.
#include "render/cpu_kernels.h"

namespace splatview::cpu_kernels {

std::vector<Kernel> kernels_this_cpu_runs() {
  std::vector<Kernel> kernels;
#ifdef SPLATVIEW_HAVE_AVX2_KERNEL
  if (__builtin_cpu_supports("avx2")) kernels.push_back({avx2::preprocess_range, avx2::blend_tile, avx2::half_rows_reached, "avx2"});
#endif
  kernels.push_back({baseline::preprocess_range, baseline::blend_tile, baseline::half_rows_reached, "baseline"});
  return kernels;
}

Kernel kernel_for_this_cpu() { return kernels_this_cpu_runs().front(); }

}  // namespace splatview::cpu_kernels
