#pragma once
// SPLAT_HD marks the small functions that host code and CUDA device code both call, so a rule is
// written once for every backend: __host__ __device__ inline under nvcc, plain inline elsewhere.
// A macro only: core includes no CUDA header.
#if defined(__CUDACC__)
#define SPLAT_HD __host__ __device__ inline
#else
#define SPLAT_HD inline
#endif
