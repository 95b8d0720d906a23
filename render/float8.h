#pragma once
// Eight floats operated on together: the number type the CPU tile kernel runs the shared per-pixel
// math (render/splat_math.h) with, one lane per pixel of a half tile row. Built on GCC's vector
// extensions, so one source compiles to AVX (one register) or SSE2 (two). Every operation is the
// lane-wise IEEE one the float version performs, so each lane's result is bit-identical to the
// scalar math. Only render/tile_kernel.cpp includes it: it lives in that compilation's
// instruction-set namespace, so the AVX2 and baseline builds never share a symbol.
#include <bit>
#include <cstdint>
#include <cstring>

#ifndef SPLATVIEW_TILE_KERNEL_ISA
#error "float8.h belongs to render/tile_kernel.cpp"
#endif

namespace splatview::simd::SPLATVIEW_TILE_KERNEL_ISA {

#define SPLATVIEW_LANES [[gnu::always_inline]] inline

using FloatLanes = float __attribute__((vector_size(32)));
using IntLanes = std::int32_t __attribute__((vector_size(32)));

// The result of a lane-wise comparison: all bits set where true.
struct Mask8 {
  IntLanes bits;

  SPLATVIEW_LANES friend Mask8 operator&(Mask8 a, Mask8 b) { return {a.bits & b.bits}; }
  SPLATVIEW_LANES friend Mask8 operator|(Mask8 a, Mask8 b) { return {a.bits | b.bits}; }
};

// Bit i set where lane i of the mask is true.
SPLATVIEW_LANES std::uint32_t lane_bits(Mask8 m) {
  std::uint32_t bits = 0;
  for (int lane = 0; lane < 8; ++lane) bits |= (static_cast<std::uint32_t>(m.bits[lane]) & 1u) << lane;
  return bits;
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
  SPLATVIEW_LANES friend Float8 exp2_of_integer(Float8 n) {
    const IntLanes bits = (__builtin_convertvector(n.lanes, IntLanes) + 127) << 23;
    return Float8(std::bit_cast<FloatLanes>(bits));
  }
};

// Whether every lane is non-zero.
SPLATVIEW_LANES bool all_nonzero(Float8 v) { return lane_bits(v != 0.f) == 0xffu; }

#undef SPLATVIEW_LANES

}  // namespace splatview::simd::SPLATVIEW_TILE_KERNEL_ISA
