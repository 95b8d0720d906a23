#pragma once
// Every constant of the reference 3DGS rasterizer, named once, with the reason it exists.
// Shared by the CPU and CUDA backends (plain constexpr: usable in host and device code).
#include "core/color_rules.h"  // kShC0, which the scene decoders share

namespace splatview {

// Tiles are 16x16 pixels: one CUDA thread block (256 threads) per tile, one CPU task per tile.
constexpr int kTileSize = 16;

// Gaussians at camera depth z <= 0.2 are culled: too close to the eye for the local affine
// (EWA) approximation of the perspective projection to hold.
constexpr float kNearPlane = 0.2f;

// The Jacobian is evaluated at the Gaussian's x/z and y/z clamped to 1.3x the half-field of
// view, so Gaussians far outside the frustum do not get huge, distorted footprints.
constexpr float kFrustumClampFactor = 1.3f;

// Added to both diagonal entries of the 2D covariance: a low-pass filter that dilates every splat
// so it covers at least about one pixel (prevents aliasing of sub-pixel Gaussians).
constexpr float kLowPassFilter = 0.3f;

// Floor for (mid^2 - det) under the square root of the 2D eigenvalue formula, as in the reference:
// keeps nearly isotropic splats from having a zero spread term.
constexpr float kMinEigenSpread = 0.1f;

// Radius in pixels = ceil(kSigmaExtent * sqrt(largest eigenvalue)): 3 sigma covers 99.7%.
constexpr float kSigmaExtent = 3.0f;
// The reference stores the radius in an int; on the GPU a float beyond int range converts to the
// largest int. Radii saturate at the largest float below 2^31 on both backends, so a huge, nearly
// flat splat still covers the view instead of wrapping to a negative radius and vanishing.
constexpr float kMaxRadius = 2147483520.0f;

// Per-splat alpha is capped below 1 so one splat never makes a pixel fully opaque on its own
// (keeps the transmittance product well-defined for the backward pass of the reference).
constexpr float kMaxAlpha = 0.99f;

// Splat contributions with alpha below one 8-bit step are skipped: they cannot change the pixel.
constexpr float kMinAlpha = 1.0f / 255.0f;

// Front-to-back blending of a pixel stops before the splat that would bring the remaining
// transmittance below this: the rest of the list is invisible.
constexpr float kMinTransmittance = 0.0001f;

// Real spherical-harmonics basis constants for degrees 0-3 (the standard ones used by 3DGS);
// kShC0 (degree 0) comes from core/color_rules.h.
constexpr float kShC1 = 0.4886025119029199f;
// (Scalars rather than arrays: namespace-scope arrays are not readable from CUDA device code.)
constexpr float kShC2_0 = 1.0925484305920792f;
constexpr float kShC2_1 = -1.0925484305920792f;
constexpr float kShC2_2 = 0.31539156525252005f;
constexpr float kShC2_3 = -1.0925484305920792f;
constexpr float kShC2_4 = 0.5462742152960396f;
constexpr float kShC3_0 = -0.5900435899266435f;
constexpr float kShC3_1 = 2.890611442640554f;
constexpr float kShC3_2 = -0.4570457994644658f;
constexpr float kShC3_3 = 0.3731763325901154f;
constexpr float kShC3_4 = -0.4570457994644658f;
constexpr float kShC3_5 = 1.445305721320277f;
constexpr float kShC3_6 = -0.5900435899266435f;

// SH colour is stored relative to mid-grey: 0.5 is added after evaluation.
constexpr float kShColorOffset = 0.5f;

}  // namespace splatview
