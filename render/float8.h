#pragma once
// Eight floats operated on together: the number type the CPU kernels (render/cpu_kernels.h) run
// the shared math (render/splat_math.h) with, one lane per Gaussian or per pixel of a half row.
// Built on GCC's vector extensions, so one source compiles to AVX (one register) or SSE2 (two).
// Every operation is the lane-wise IEEE one the float version performs, so each lane's result is
// bit-identical to the scalar math. Only the kernel sources include it: it lives in their
// compilation's instruction-set namespace, so the AVX2 and baseline builds never share a symbol.
#include <bit>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <immintrin.h>
#endif

#ifndef SPLATVIEW_KERNEL_ISA
#error "float8.h belongs to the CPU kernels (render/CMakeLists.txt names their instruction set)"
#endif

namespace splatview::simd::SPLATVIEW_KERNEL_ISA {

#define SPLATVIEW_LANES [[gnu::always_inline]] inline

using FloatLanes = float __attribute__((vector_size(32)));
using IntLanes = std::int32_t __attribute__((vector_size(32)));

// The result of a lane-wise comparison: all bits set where true.
struct Mask8 {
  IntLanes bits;

  SPLATVIEW_LANES friend Mask8 operator&(Mask8 a, Mask8 b) { return {a.bits & b.bits}; }
  SPLATVIEW_LANES friend Mask8 operator|(Mask8 a, Mask8 b) { return {a.bits | b.bits}; }
  // The lane operations splat_math.h's generic code calls (found by argument-dependent lookup).
  SPLATVIEW_LANES friend Mask8 both(Mask8 a, Mask8 b) { return {a.bits & b.bits}; }
};

// Bit i set where lane i of the mask is true.
// A lane of a mask is all ones or all zeros, so its sign bit says which: one movemask
// instruction (two on SSE2) rather than eight lane extractions.
SPLATVIEW_LANES std::uint32_t lane_bits(Mask8 m) {
#if defined(__AVX__)
  return static_cast<std::uint32_t>(_mm256_movemask_ps(__m256(m.bits)));
#elif defined(__SSE2__)
  __m128 halves[2];
  std::memcpy(halves, &m.bits, sizeof halves);
  return static_cast<std::uint32_t>(_mm_movemask_ps(halves[0]) | _mm_movemask_ps(halves[1]) << 4);
#else
  std::uint32_t bits = 0;
  for (int lane = 0; lane < 8; ++lane) bits |= (static_cast<std::uint32_t>(m.bits[lane]) & 1u) << lane;
  return bits;
#endif
}

struct Float8 {
  FloatLanes lanes;

  Float8() = default;
  // Broadcast: implicit, so that the shared math can mix floats and Float8s.
  SPLATVIEW_LANES constexpr Float8(float v) : lanes(FloatLanes{v, v, v, v, v, v, v, v}) {}  // NOLINT
  SPLATVIEW_LANES constexpr explicit Float8(FloatLanes v) : lanes(v) {}

  SPLATVIEW_LANES static Float8 load(const float* from) {
    FloatLanes v;
    std::memcpy(&v, from, sizeof v);
    return Float8(v);
  }
  SPLATVIEW_LANES void store(float* to) const { std::memcpy(to, &lanes, sizeof lanes); }

  SPLATVIEW_LANES friend Float8 operator+(Float8 a, Float8 b) { return Float8(a.lanes + b.lanes); }
  SPLATVIEW_LANES friend Float8 operator-(Float8 a, Float8 b) { return Float8(a.lanes - b.lanes); }
  SPLATVIEW_LANES friend Float8 operator*(Float8 a, Float8 b) { return Float8(a.lanes * b.lanes); }
  SPLATVIEW_LANES friend Float8 operator/(Float8 a, Float8 b) { return Float8(a.lanes / b.lanes); }
  SPLATVIEW_LANES friend Float8 operator-(Float8 a) { return Float8(-a.lanes); }
  SPLATVIEW_LANES friend Mask8 operator<(Float8 a, Float8 b) { return {a.lanes < b.lanes}; }
  SPLATVIEW_LANES friend Mask8 operator>(Float8 a, Float8 b) { return {a.lanes > b.lanes}; }
  SPLATVIEW_LANES friend Mask8 operator!=(Float8 a, Float8 b) { return {a.lanes != b.lanes}; }
  SPLATVIEW_LANES friend Mask8 operator<=(Float8 a, Float8 b) { return {a.lanes <= b.lanes}; }
  SPLATVIEW_LANES friend Mask8 operator>=(Float8 a, Float8 b) { return {a.lanes >= b.lanes}; }

  // The lane operations splat_math.h's generic code calls (found by argument-dependent lookup).
  SPLATVIEW_LANES friend Float8 choose(Mask8 condition, Float8 if_true, Float8 if_false) {
    return Float8(condition.bits ? if_true.lanes : if_false.lanes);
  }
  SPLATVIEW_LANES friend Float8 truncate_toward_zero(Float8 v) {
    return Float8(__builtin_convertvector(__builtin_convertvector(v.lanes, IntLanes), FloatLanes));
  }
  SPLATVIEW_LANES friend Float8 ceil_whole(Float8 v) {
    // Exact for |v| < 2^31: the finite radii it is used for are clamped below that (kMaxRadius).
    const Float8 t = truncate_toward_zero(v);
    return choose(t < v, t + 1.f, t);
  }
  SPLATVIEW_LANES friend Float8 square_root(Float8 v) {
    // The vector extensions have no square root: the instruction set's own (IEEE, correctly
    // rounded, as sqrtf).
#if defined(__AVX__)
    return Float8(FloatLanes(_mm256_sqrt_ps(v.lanes)));
#elif defined(__SSE2__)
    __m128 halves[2];
    std::memcpy(halves, &v.lanes, sizeof halves);
    halves[0] = _mm_sqrt_ps(halves[0]);
    halves[1] = _mm_sqrt_ps(halves[1]);
    FloatLanes r;
    std::memcpy(&r, halves, sizeof r);
    return Float8(r);
#else
    FloatLanes r;
    for (int lane = 0; lane < 8; ++lane) r[lane] = __builtin_sqrtf(v.lanes[lane]);
    return Float8(r);
#endif
  }
  SPLATVIEW_LANES friend Float8 exp2_of_integer(Float8 n) {
    const IntLanes bits = (__builtin_convertvector(n.lanes, IntLanes) + 127) << 23;
    return Float8(std::bit_cast<FloatLanes>(bits));
  }
};

SPLATVIEW_LANES bool any_lane(Mask8 m) { return lane_bits(m) != 0; }

// Whether every lane is non-zero.
SPLATVIEW_LANES bool all_nonzero(Float8 v) { return lane_bits(v != 0.f) == 0xffu; }

#undef SPLATVIEW_LANES

}  // namespace splatview::simd::SPLATVIEW_KERNEL_ISA
