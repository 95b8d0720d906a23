#pragma once
// SPLAT_HD marks the small functions that host code and CUDA device code both call, so a rule is
// written once for every backend: __host__ __device__ inline under nvcc, plain inline elsewhere.
// A macro only: core includes no CUDA header.
#if defined(__CUDACC__)
#define SPLAT_HD __host__ __device__ inline
#else
#define SPLAT_HD inline
#endif

// SPLAT_HD_INLINED: SPLAT_HD, and always inlined. For the entry points the CPU kernels compile
// once per instruction set (render/cpu_kernels.h): an out-of-line copy would be one weak symbol
// the linker could hand to a build for another instruction set (test cpu_kernels_avx2_symbols).
#if defined(__CUDACC__)
#define SPLAT_HD_INLINED __host__ __device__ __forceinline__
#else
#define SPLAT_HD_INLINED [[gnu::always_inline]] inline
#endif
