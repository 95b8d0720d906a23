#pragma once
// The per-Gaussian and per-pixel math of the 3DGS forward pass (Kerbl et al. 2023), written once
// for both backends: with nvcc every function is __host__ __device__, so the CUDA kernels call
// exactly what the CPU renderer runs and the tests check on the host.
//
// Conventions (DESIGN.md): camera space x right, y down, z forward; pixel centres at integer
// coordinates; tiles of kTileSize x kTileSize pixels.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/host_device.h"
#include "core/render_mode.h"
#include "render/constants.h"

namespace splatview::splat {

// The small vector and matrix types, over a number type F: float, or a SIMD type holding one value
// per lane (see "generic" below). The float ones have the plain names.
template <class F>
struct Vec2T {
  F x, y;
};
template <class F>
struct Vec3T {
  F x, y, z;
};
using Vec2 = Vec2T<float>;
using Vec3 = Vec3T<float>;

template <class F>
SPLAT_HD Vec3T<F> operator+(Vec3T<F> a, Vec3T<F> b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
template <class F>
SPLAT_HD Vec3T<F> operator-(Vec3T<F> a, Vec3T<F> b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
template <class F>
SPLAT_HD Vec3T<F> operator*(F s, Vec3T<F> a) {
  return {s * a.x, s * a.y, s * a.z};
}
template <class F>
SPLAT_HD F dot(Vec3T<F> a, Vec3T<F> b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

// Row-major 3x3 matrix.
template <class F>
struct Mat3T {
  Vec3T<F> row[3];
};
using Mat3 = Mat3T<float>;
template <class F>
SPLAT_HD Vec3T<F> operator*(const Mat3T<F>& m, Vec3T<F> v) {
  return {dot(m.row[0], v), dot(m.row[1], v), dot(m.row[2], v)};
}

// Symmetric 3x3 (3D covariance) and 2x2 (2D covariance) matrices, upper triangles.
template <class F>
struct Sym3T {
  F xx, xy, xz, yy, yz, zz;
};
template <class F>
struct Sym2T {
  F xx, xy, yy;
};
using Sym3 = Sym3T<float>;
using Sym2 = Sym2T<float>;

// Inverse of a 2D covariance: a splat's Gaussian falloff at offset d is
// exp(-0.5 (a dx^2 + c dy^2) - b dx dy).
template <class F>
struct ConicT {
  F a, b, c;
};
using Conic = ConicT<float>;

// Tiles a splat touches: [x0, x1) x [y0, y1) in tile units.
struct TileRect {
  int x0, y0, x1, y1;
};
SPLAT_HD int tile_count(TileRect r) { return (r.x1 - r.x0) * (r.y1 - r.y0); }

// Which Gaussians a view shows, to hide floaters: those inside an axis-aligned box (in the scene's
// coordinates as loaded) when use_box is set, and with an opacity (as stored, before mip mode's
// compensation) of at least min_opacity. All zero shows every Gaussian. Plain data, so that it
// travels to the device inside ViewParams.
struct ShowRule {
  int use_box;
  Vec3 box_min, box_max;  // inclusive
  float min_opacity;      // 0..1
};

// The camera as the per-Gaussian math reads it.
struct ViewParams {
  Mat3 rotation;             // world to camera: rows are right, down, forward
  Vec3 eye;                  // camera position, world space
  float fx, fy;              // focal lengths in pixels (equal: square pixels)
  float cx, cy;              // principal point: (W - 1) / 2, (H - 1) / 2
  float tan_fovx, tan_fovy;  // tan of the half fields of view
  int tiles_x, tiles_y;      // ceil(W / kTileSize), ceil(H / kTileSize)
  ShowRule shown;            // which Gaussians the view shows; all-zero (the default) shows every one
};

// Read-only views of the scene's arrays (host or device pointers): GaussianScene's layout.
struct SceneArrays {
  const float* positions;  // 3 per Gaussian
  const float* scales;     // 3 per Gaussian, activated
  const float* rotations;  // 4 per Gaussian, unit quaternion (w, x, y, z)
  const float* opacities;  // 1 per Gaussian, activated
  const float* sh;         // sh_stride * 3 per Gaussian, coefficient-major [k][rgb]
  int sh_stride;           // SH coefficients per channel stored in the file (1, 4, 9 or 16)
};

// What preprocessing leaves for one Gaussian; valid only when preprocess_gaussian returns true.
struct ProjectedSplat {
  Vec2 mean;     // centre in pixels
  float depth;   // camera-space z
  Conic conic;   // inverse 2D covariance
  float opacity;
  Vec3 color;    // view-dependent colour from SH
  int radius;    // pixels
  TileRect rect;
};

// Generic math. The per-Gaussian math (namespace lanes, wrapped for float below it) and the
// per-pixel math (visible_in_row, splat_exp, blend_splat) are generic over their number type F:
// float for one Gaussian or pixel (CUDA threads, the tests, picking) or a SIMD type holding
// several (the CPU kernels' Float8, render/float8.h, which defines the same operations for 8
// lanes). They use only +, -, *, /, comparisons and the lane operations here, so each lane
// computes exactly what the float version computes.

// condition ? if_true : if_false, as a select rather than a branch.
SPLAT_HD float choose(bool condition, float if_true, float if_false) { return condition ? if_true : if_false; }
// float(int(v)): truncation toward zero.
SPLAT_HD float truncate_toward_zero(float v) { return static_cast<float>(static_cast<int>(v)); }
SPLAT_HD float square_root(float v) { return sqrtf(v); }
SPLAT_HD float ceil_whole(float v) { return ceilf(v); }
// a && b, and whether any lane is true (for one float, the value itself).
SPLAT_HD bool both(bool a, bool b) { return a && b; }
SPLAT_HD bool any_lane(bool v) { return v; }
// 2^n for an integral n in [-126, 0], built from the exponent bits.
SPLAT_HD float exp2_of_integer(float n) {
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float result;
  memcpy(&result, &bits, sizeof result);
  return result;
}

// min and max as plain selects: unlike fminf/fmaxf, which the CPU build calls in libm, they compile
// to single instructions. Every caller puts the argument that could be NaN second; a NaN there
// gives the first argument, as fminf/fmaxf would.
template <class F>
SPLAT_HD F min_of(F a, F b) {
  return choose(b < a, b, a);
}
template <class F>
SPLAT_HD F max_of(F a, F b) {
  return choose(b > a, b, a);
}

// Tiles a splat touches as whole numbers in F: [x0, x1) x [y0, y1) in tile units.
template <class F>
struct TileRectT {
  F x0, y0, x1, y1;
};

// The float results of preprocessing one Gaussian (or one per lane).
template <class F>
struct ProjectedT {
  Vec2T<F> mean;
  F depth;
  ConicT<F> conic;
  F opacity;
  Vec3T<F> color;
  F radius;  // whole pixels
  TileRectT<F> rect;
};

// One Gaussian's activated values (or one per lane).
template <class F>
struct GaussianT {
  Vec3T<F> position, scale;
  F rot_w, rot_x, rot_y, rot_z;  // unit quaternion
  F opacity;
};

namespace lanes {

// Whether `rule` shows a Gaussian at `position` with `opacity`: the one rule the renderer's
// preprocess (both backends) and filter_scene (render/scene_filter.h) follow.
template <class F>
SPLAT_HD_INLINED auto gaussian_shown(const ShowRule& rule, Vec3T<F> position, F opacity) {
  auto shown = opacity >= rule.min_opacity;
  if (rule.use_box != 0) {
    shown = both(shown, both(both(position.x >= rule.box_min.x, position.x <= rule.box_max.x),
                             both(position.y >= rule.box_min.y, position.y <= rule.box_max.y)));
    shown = both(shown, both(position.z >= rule.box_min.z, position.z <= rule.box_max.z));
  }
  return shown;
}

// Rotation matrix of a unit quaternion (w, x, y, z).
template <class F>
SPLAT_HD Mat3T<F> quat_to_rotation(F w, F x, F y, F z) {
  return {{{1.f - 2.f * (y * y + z * z), 2.f * (x * y - w * z), 2.f * (x * z + w * y)},
           {2.f * (x * y + w * z), 1.f - 2.f * (x * x + z * z), 2.f * (y * z - w * x)},
           {2.f * (x * z - w * y), 2.f * (y * z + w * x), 1.f - 2.f * (x * x + y * y)}}};
}

// World-space 3D covariance: Sigma = R S S^T R^T with S = diag(scale * modifier).
template <class F>
SPLAT_HD Sym3T<F> covariance_3d(Vec3T<F> scale, float modifier, const Mat3T<F>& r) {
  const F s0 = scale.x * modifier, s1 = scale.y * modifier, s2 = scale.z * modifier;
  const Vec3T<F> s2v = {s0 * s0, s1 * s1, s2 * s2};
  // Sigma_ij = sum_k R_ik s_k^2 R_jk
  auto entry = [&](int i, int j) {
    return r.row[i].x * s2v.x * r.row[j].x + r.row[i].y * s2v.y * r.row[j].y + r.row[i].z * s2v.z * r.row[j].z;
  };
  return {entry(0, 0), entry(0, 1), entry(0, 2), entry(1, 1), entry(1, 2), entry(2, 2)};
}

// s times a row of the (float) view matrix.
template <class F>
SPLAT_HD Vec3T<F> scaled_row(F s, Vec3 row) {
  return {s * row.x, s * row.y, s * row.z};
}

// EWA splatting (Zwicker et al. 2002, 3DGS eq. 5): Sigma2 = J W Sigma W^T J^T, with the Jacobian
// of the perspective projection taken at the camera-space point t whose x/z and y/z are clamped
// to kFrustumClampFactor times the half field of view; before the low-pass filter.
template <class F>
SPLAT_HD Sym2T<F> project_covariance_unfiltered(Vec3T<F> t, const Sym3T<F>& sigma, const ViewParams& view) {
  const float lim_x = kFrustumClampFactor * view.tan_fovx;
  const float lim_y = kFrustumClampFactor * view.tan_fovy;
  const F tx = min_of(F(lim_x), max_of(F(-lim_x), t.x / t.z)) * t.z;
  const F ty = min_of(F(lim_y), max_of(F(-lim_y), t.y / t.z)) * t.z;
  const F tz = t.z;

  // Rows of J (2x3); the third row of the reference's 3x3 J is zero.
  const Vec3T<F> j0 = {view.fx / tz, F(0.f), -view.fx * tx / (tz * tz)};
  const Vec3T<F> j1 = {F(0.f), view.fy / tz, -view.fy * ty / (tz * tz)};
  // Rows of T = J W: row_i(T) = sum_k J_ik row_k(W).
  const Mat3& w = view.rotation;
  const Vec3T<F> t0 = scaled_row(j0.x, w.row[0]) + scaled_row(j0.y, w.row[1]) + scaled_row(j0.z, w.row[2]);
  const Vec3T<F> t1 = scaled_row(j1.x, w.row[0]) + scaled_row(j1.y, w.row[1]) + scaled_row(j1.z, w.row[2]);
  // Sigma times a vector, for the symmetric Sigma.
  auto sigma_times = [&](Vec3T<F> v) {
    return Vec3T<F>{sigma.xx * v.x + sigma.xy * v.y + sigma.xz * v.z,
                    sigma.xy * v.x + sigma.yy * v.y + sigma.yz * v.z,
                    sigma.xz * v.x + sigma.yz * v.y + sigma.zz * v.z};
  };
  const Vec3T<F> s_t0 = sigma_times(t0);
  const Vec3T<F> s_t1 = sigma_times(t1);
  return {dot(t0, s_t0), dot(t0, s_t1), dot(t1, s_t1)};
}

// The low-pass filter: kLowPassFilter added to both diagonal entries (3DGS; in mip mode,
// Mip-Splatting's 2D Mip filter, a Gaussian of that variance convolved with the splat).
template <class F>
SPLAT_HD Sym2T<F> low_pass_filter(Sym2T<F> cov) {
  return {cov.xx + kLowPassFilter, cov.xy, cov.yy + kLowPassFilter};
}

// The projected 2D covariance as the splat is drawn: EWA, then the low-pass filter.
template <class F>
SPLAT_HD Sym2T<F> project_covariance(Vec3T<F> t, const Sym3T<F>& sigma, const ViewParams& view) {
  return low_pass_filter(project_covariance_unfiltered(t, sigma, view));
}

// Mip mode's opacity factor for a splat of 2D covariance `cov` dilated to `filtered`:
// sqrt(det(cov) / det(filtered)), the ratio clamped at 0. It is the 2D Mip filter of
// Mip-Splatting (Yu et al., CVPR 2024): the splat convolved with a normalised Gaussian filter
// keeps its integral (opacity * 2 pi sqrt(det)) only if its peak opacity drops by this factor.
// gsplat's `antialiased` rasterisation (which writes `SplatRenderMode: mip`) computes it this
// way: the determinant before and after adding eps2d to the diagonal, compensation =
// sqrt(max(0, ratio)), with eps2d = 0.3, the 3DGS filter's variance (kLowPassFilter), as here;
// Mip-Splatting's own rasteriser uses 0.1. Classic 3DGS dilates without it, so splats far below a
// pixel grow brighter and thicker. At most 1; for an isotropic s^2 I it is s^2 / (s^2 + 0.3).
template <class F>
SPLAT_HD F mip_opacity_factor(Sym2T<F> cov, Sym2T<F> filtered) {
  const F det = cov.xx * cov.yy - cov.xy * cov.xy;
  const F det_filtered = filtered.xx * filtered.yy - filtered.xy * filtered.xy;
  return square_root(max_of(F(0.f), det / det_filtered));
}

// Inverse of a 2D covariance; false where it is not positive definite (det <= 0, or NaN), and
// `conic` is then meaningless.
template <class F>
SPLAT_HD auto invert_covariance_2d(Sym2T<F> cov, ConicT<F>& conic) {
  const F det = cov.xx * cov.yy - cov.xy * cov.xy;
  const F inv = 1.f / det;
  conic = {cov.yy * inv, -cov.xy * inv, cov.xx * inv};
  return det > 0.f;
}

// Screen radius in whole pixels: kSigmaExtent standard deviations along the major axis, as an
// int (the float of it), saturating at kMaxRadius.
template <class F>
SPLAT_HD F splat_radius(Sym2T<F> cov) {
  const F det = cov.xx * cov.yy - cov.xy * cov.xy;
  const F mid = 0.5f * (cov.xx + cov.yy);
  const F lambda_max = mid + square_root(max_of(F(kMinEigenSpread), mid * mid - det));
  const F extent = kSigmaExtent * square_root(lambda_max);
  return truncate_toward_zero(ceil_whole(choose(extent > kMaxRadius, F(kMaxRadius), extent)));
}

// Pixel coordinates of a camera-space point (pixel centres at integers).
template <class F>
SPLAT_HD Vec2T<F> project_to_pixels(Vec3T<F> t, const ViewParams& view) {
  return {view.fx * t.x / t.z + view.cx, view.fy * t.y / t.z + view.cy};
}

// int(v) with v first clamped to [-1, limit + 1]: identical to the reference's clamp of the
// truncated value to [0, limit] but free of overflow for far-away splats.
template <class F>
SPLAT_HD F clamped_tile_index(F v, int limit) {
  const F bounded = min_of(F(static_cast<float>(limit + 1)), max_of(F(-1.f), v));
  const F truncated = truncate_toward_zero(bounded);
  return choose(truncated < 0.f, F(0.f), choose(truncated > static_cast<float>(limit), F(static_cast<float>(limit)), truncated));
}

// The reference's tile rectangle: the square of side 2r about the mean, in tile units.
template <class F>
SPLAT_HD TileRectT<F> tile_rect(Vec2T<F> mean, F radius, int tiles_x, int tiles_y) {
  const float tile = static_cast<float>(kTileSize);
  return {clamped_tile_index((mean.x - radius) / tile, tiles_x), clamped_tile_index((mean.y - radius) / tile, tiles_y),
          clamped_tile_index((mean.x + radius + tile - 1.f) / tile, tiles_x),
          clamped_tile_index((mean.y + radius + tile - 1.f) / tile, tiles_y)};
}

// View-dependent colour: real SH of degree 0-3 evaluated in the unit direction `dir` from the
// camera to the Gaussian, plus 0.5, clamped below at 0. coeff(k) gives coefficient k's RGB.
template <class F, class Coeff>
SPLAT_HD Vec3T<F> sh_to_color(int degree, const Coeff& coeff, Vec3T<F> dir) {
  Vec3T<F> result = F(static_cast<float>(kShC0)) * coeff(0);
  if (degree > 0) {
    const F x = dir.x, y = dir.y, z = dir.z;
    result = result - (kShC1 * y) * coeff(1) + (kShC1 * z) * coeff(2) - (kShC1 * x) * coeff(3);
    if (degree > 1) {
      const F xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
      result = result + (kShC2_0 * xy) * coeff(4) + (kShC2_1 * yz) * coeff(5) +
               (kShC2_2 * (2.f * zz - xx - yy)) * coeff(6) + (kShC2_3 * xz) * coeff(7) +
               (kShC2_4 * (xx - yy)) * coeff(8);
      if (degree > 2) {
        result = result + (kShC3_0 * y * (3.f * xx - yy)) * coeff(9) + (kShC3_1 * xy * z) * coeff(10) +
                 (kShC3_2 * y * (4.f * zz - xx - yy)) * coeff(11) +
                 (kShC3_3 * z * (2.f * zz - 3.f * xx - 3.f * yy)) * coeff(12) +
                 (kShC3_4 * x * (4.f * zz - xx - yy)) * coeff(13) + (kShC3_5 * z * (xx - yy)) * coeff(14) +
                 (kShC3_6 * x * (xx - 3.f * yy)) * coeff(15);
      }
    }
  }
  return {max_of(F(0.f), result.x + kShColorOffset), max_of(F(0.f), result.y + kShColorOffset),
          max_of(F(0.f), result.z + kShColorOffset)};
}

// Stage 1: cull, project, colour. False where the Gaussian covers no tile or is too transparent to
// show (`out` then meaningless).
// Returns as soon as no lane is left, so a float call does only the work its Gaussian needs.
// `mode` (core/render_mode.h) changes only the opacity: mip_opacity_factor in mip mode.
template <class F, class Coeff>
SPLAT_HD_INLINED auto preprocess(const GaussianT<F>& g, const Coeff& sh_coeff, const ViewParams& view,
                                 float scale_modifier, int sh_degree, RenderMode mode, ProjectedT<F>& out) {
  const Vec3T<F> eye = {F(view.eye.x), F(view.eye.y), F(view.eye.z)};
  const Mat3& r = view.rotation;
  const Vec3T<F> d = g.position - eye;
  const Vec3T<F> t = {r.row[0].x * d.x + r.row[0].y * d.y + r.row[0].z * d.z,
                      r.row[1].x * d.x + r.row[1].y * d.y + r.row[1].z * d.z,
                      r.row[2].x * d.x + r.row[2].y * d.y + r.row[2].z * d.z};
  // A splat with opacity under kMinAlpha never reaches it (alpha <= opacity): it adds nothing anywhere.
  auto visible = both(both(t.z > kNearPlane, g.opacity >= kMinAlpha), gaussian_shown(view.shown, g.position, g.opacity));
  if (!any_lane(visible)) return visible;

  const Sym3T<F> sigma = covariance_3d(g.scale, scale_modifier, quat_to_rotation(g.rot_w, g.rot_x, g.rot_y, g.rot_z));
  const Sym2T<F> footprint = project_covariance_unfiltered(t, sigma, view);
  const Sym2T<F> cov = low_pass_filter(footprint);
  visible = both(visible, invert_covariance_2d(cov, out.conic));
  if (!any_lane(visible)) return visible;

  out.radius = splat_radius(cov);
  out.mean = project_to_pixels(t, view);
  out.rect = tile_rect(out.mean, out.radius, view.tiles_x, view.tiles_y);
  const F tiles = (out.rect.x1 - out.rect.x0) * (out.rect.y1 - out.rect.y0);
  visible = both(visible, both(out.radius > 0.f, tiles > 0.f));
  if (!any_lane(visible)) return visible;

  const F inv_len = 1.f / square_root(dot(d, d));
  out.color = sh_to_color(sh_degree, sh_coeff, inv_len * d);
  out.depth = t.z;
  out.opacity = mode == RenderMode::kMip ? g.opacity * mip_opacity_factor(footprint, cov) : g.opacity;
  // (In mip mode the compensated opacity, never above the stored one, can fall under it too.)
  if (mode == RenderMode::kMip) visible = both(visible, out.opacity >= kMinAlpha);
  return visible;
}

}  // namespace lanes

// The float forms: what the CUDA kernels, the tests and picking call.
SPLAT_HD Mat3 quat_to_rotation(float w, float x, float y, float z) { return lanes::quat_to_rotation(w, x, y, z); }
SPLAT_HD Sym3 covariance_3d(Vec3 scale, float modifier, const Mat3& r) { return lanes::covariance_3d(scale, modifier, r); }
SPLAT_HD Sym2 project_covariance(Vec3 t, const Sym3& sigma, const ViewParams& view) {
  return lanes::project_covariance(t, sigma, view);
}
SPLAT_HD bool invert_covariance_2d(Sym2 cov, Conic& conic) {
  Conic inverse;
  if (!lanes::invert_covariance_2d(cov, inverse)) return false;
  conic = inverse;
  return true;
}
SPLAT_HD int splat_radius(Sym2 cov) { return static_cast<int>(lanes::splat_radius(cov)); }
SPLAT_HD Vec2 project_to_pixels(Vec3 t, const ViewParams& view) { return lanes::project_to_pixels(t, view); }
SPLAT_HD TileRect tile_rect(Vec2 mean, int radius, int tiles_x, int tiles_y) {
  const TileRectT<float> r = lanes::tile_rect(mean, static_cast<float>(radius), tiles_x, tiles_y);
  return {static_cast<int>(r.x0), static_cast<int>(r.y0), static_cast<int>(r.x1), static_cast<int>(r.y1)};
}
// `sh` holds [k][rgb] for k < (degree+1)^2.
SPLAT_HD Vec3 sh_to_color(int degree, const float* sh, Vec3 dir) {
  auto coeff = [sh](int k) { return Vec3{sh[3 * k], sh[3 * k + 1], sh[3 * k + 2]}; };
  return lanes::sh_to_color(degree, coeff, dir);
}

SPLAT_HD bool gaussian_shown(const ShowRule& rule, Vec3 position, float opacity) {
  return lanes::gaussian_shown(rule, position, opacity);
}
SPLAT_HD Sym2 low_pass_filter(Sym2 cov) { return lanes::low_pass_filter(cov); }
SPLAT_HD float mip_opacity_factor(Sym2 cov, Sym2 filtered) { return lanes::mip_opacity_factor(cov, filtered); }

// Stage 1 for Gaussian i: cull, project, colour. False when it covers no tile. Classic unless
// `mode` says otherwise.
SPLAT_HD_INLINED bool preprocess_gaussian(const SceneArrays& scene, int i, const ViewParams& view,
                                          float scale_modifier, int sh_degree, ProjectedSplat& out,
                                          RenderMode mode = RenderMode::kClassic) {
  const long long n = i;
  const float* p = scene.positions + 3 * n;
  const float* s = scene.scales + 3 * n;
  const float* q = scene.rotations + 4 * n;
  const GaussianT<float> g = {{p[0], p[1], p[2]}, {s[0], s[1], s[2]}, q[0], q[1], q[2], q[3], scene.opacities[i]};
  // 64-bit offset: 48 floats a Gaussian at SH degree 3 passes 2^31 beyond 44 M Gaussians.
  const float* sh = scene.sh + 3 * static_cast<long long>(scene.sh_stride) * n;
  auto coeff = [sh](int k) { return Vec3{sh[3 * k], sh[3 * k + 1], sh[3 * k + 2]}; };
  ProjectedT<float> r;
  if (!lanes::preprocess(g, coeff, view, scale_modifier, sh_degree, mode, r)) return false;
  out = {r.mean, r.depth, r.conic, r.opacity, r.color, static_cast<int>(r.radius),
         {static_cast<int>(r.rect.x0), static_cast<int>(r.rect.y0), static_cast<int>(r.rect.x1),
          static_cast<int>(r.rect.y1)}};
  return true;
}

// Sort key bits of a depth: for positive floats the IEEE bit pattern orders like the value.
SPLAT_HD uint32_t depth_key(float depth) {
  uint32_t bits;
  memcpy(&bits, &depth, sizeof bits);
  return bits;
}

// e^x for x <= 0 (larger x is clamped to 0), written out so that CPU SIMD code runs it and both
// backends compute the same value: Cody-Waite range reduction x = n ln2 + r, a degree-6
// polynomial for e^r on |r| <= ln2/2 (the Cephes expf coefficients, about 1 ulp), then 2^n.
template <class F>
SPLAT_HD F splat_exp(F x) {
  x = min_of(F(0.f), max_of(F(-87.f), x));  // below -87, e^x is under 2^-125: far below any alpha that counts
  const F n = truncate_toward_zero(x * 1.44269504088896341f - 0.5f);  // round(x / ln2)
  const F r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  F p = F(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const F er = p * (r * r) + r + 1.f;
  return er * exp2_of_integer(n);  // n in [-126, 0]
}

// Where a splat can still reach alpha >= kMinAlpha: opacity * exp(power) >= kMinAlpha holds inside
// the ellipse d^T Sigma2^-1 d = a dx^2 + 2 b dx dy + c dy^2 <= 2 ln(opacity / kMinAlpha), the
// splat's "visibility level" (not positive: the splat never reaches kMinAlpha anywhere).
SPLAT_HD float visibility_level(float opacity) { return 2.f * logf(opacity / kMinAlpha); }

// The ellipse's vertical half-extent: sqrt(level * Sigma2_yy), Sigma2_yy = a / (a c - b^2).
// -1 when the splat is never visible. Lets the CPU skip rows it cannot touch. Generic (the CPU
// computes it for 8 splats at once).
template <class F>
SPLAT_HD F visible_half_height(ConicT<F> conic, F level) {
  const F cov_yy = conic.a / (conic.a * conic.c - conic.b * conic.b);
  return choose(level > 0.f, square_root(level * cov_yy), F(-1.f));
}

// Whether the ellipse, in the row at vertical offset dy, reaches the horizontal interval
// [x_low, x_high] of offsets from the mean, for a visible splat (level > 0). In that row the
// ellipse spans centre +- w with centre = -b dy / a and w^2 = ((b dy)^2 - a (c dy^2 - level)) / a^2
// (a dx^2 + 2 b dy dx + c dy^2 <= level solved for dx); the test compares squares, so a row costs
// no square root or division. Generic like the pixel math below: the CPU tests 8 rows at once.
template <class F>
SPLAT_HD auto visible_in_row(Conic conic, float inv_a, float level, F dy, float x_low, float x_high) {
  const F half_b = conic.b * dy;
  const F discriminant = half_b * half_b - conic.a * (conic.c * dy * dy - level);
  const F w2 = discriminant * inv_a * inv_a;
  const F centre = half_b * -inv_a;
  // centre + w >= x_low and centre - w <= x_high, with w >= 0.
  const F left_gap = x_low - centre, right_gap = centre - x_high;
  const auto reaches_low = (left_gap <= 0.f) | (left_gap * left_gap <= w2);
  const auto reaches_high = (right_gap <= 0.f) | (right_gap * right_gap <= w2);
  return (discriminant >= 0.f) & reaches_low & reaches_high;
}

// A pixel (F = float) or a group of pixels (a SIMD F) being blended front to back.
template <class F>
struct ColorOf {
  F x, y, z;
};
template <class F>
struct PixelStateOf {
  ColorOf<F> color;  // accumulated colour
  F transmittance;   // T: light still passing through
  F done;            // 1 once saturated (nothing more is added), else 0; a number, not a bool, so that
                     // SIMD code keeps one lane width
};
using PixelState = PixelStateOf<float>;

// Stage 4's per-pixel step (3DGS eq. 3): blends one splat into the pixel centred at (pixel_x,
// pixel_y). Skips it where its falloff is rising (power > 0) or its alpha is under kMinAlpha;
// marks the pixel done, without adding the splat, where it would bring T below kMinTransmittance.
// Written as selects, not branches, so that it runs on SIMD lanes: a skipped splat gets alpha 0,
// which leaves C and T exactly as they were (and, as T never drops below kMinTransmittance,
// cannot trigger the stop).
template <class F>
SPLAT_HD void blend_splat(PixelStateOf<F>& px, F pixel_x, F pixel_y, Vec2 mean, Conic conic, float opacity,
                          Vec3 color) {
  const F dx = pixel_x - mean.x;
  const F dy = pixel_y - mean.y;
  const F power = -0.5f * (conic.a * dx * dx + conic.c * dy * dy) - conic.b * dx * dy;
  F alpha = min_of(F(kMaxAlpha), opacity * splat_exp(power));
  alpha = choose(power > 0.f, F(0.f), alpha);
  alpha = choose(alpha < kMinAlpha, F(0.f), alpha);
  // A pixel already done keeps its state: its next_t is computed but not used. Testing `done` here,
  // after next_t, rather than zeroing alpha first keeps it off the chain from one splat's
  // transmittance to the next (the CPU blends a run of splats into the same pixels back to back).
  const F next_t = px.transmittance * (1.f - alpha);
  const auto stop = (next_t < kMinTransmittance) | (px.done != 0.f);
  alpha = choose(stop, F(0.f), alpha);
  const F weight = alpha * px.transmittance;
  px.color.x = px.color.x + weight * color.x;
  px.color.y = px.color.y + weight * color.y;
  px.color.z = px.color.z + weight * color.z;
  px.transmittance = choose(stop, px.transmittance, next_t);
  px.done = choose(stop, F(1.f), px.done);
}

// The single-pixel form the CUDA kernel, picking and the tests call.
SPLAT_HD void blend_splat(PixelState& px, Vec2 pixel, Vec2 mean, Conic conic, float opacity, Vec3 color) {
  blend_splat<float>(px, pixel.x, pixel.y, mean, conic, opacity, color);
}

// Whether pixel (x, y) lies in a width x height image (a tile at the image's edge reaches past it).
SPLAT_HD bool inside_image(int x, int y, int width, int height) { return x < width && y < height; }

// A pixel before blending. Pixels outside the image start done, so they never hold up a tile's
// early stop (on the GPU they still take part in the block's loads and barriers).
SPLAT_HD PixelState initial_pixel(bool inside) { return {{0.f, 0.f, 0.f}, 1.f, inside ? 0.f : 1.f}; }

// The final composite of a blended pixel: colour C + T * background into rgb[0..2], coverage
// 1 - T into *alpha.
SPLAT_HD void composite(const PixelState& px, const float* background, float* rgb, float* alpha) {
  rgb[0] = px.color.x + px.transmittance * background[0];
  rgb[1] = px.color.y + px.transmittance * background[1];
  rgb[2] = px.color.z + px.transmittance * background[2];
  *alpha = 1.f - px.transmittance;
}

// Inspection views (render/show_mode.h): the per-pixel and per-splat math of the depth, centre and
// ellipse pictures.

// The colour a splat is blended with in the depth view: its view depth in red and 1 in green, so
// that one front-to-back blend (on black) sums w z and w (expected_depth divides them).
SPLAT_HD Vec3 depth_as_color(float depth) { return {depth, 1.f, 0.f}; }

// The alpha-weighted expected view depth of a pixel, sum w_i z_i / sum w_i, with w_i = alpha_i T_i
// the weights blending gives each splat, from a blend of depth_as_color. 0 where nothing was
// blended.
SPLAT_HD float expected_depth(float weighted_depth, float weight) {
  return weight > 0.f ? weighted_depth / weight : 0.f;
}

// The Turbo colour map (Mikhailov, "Turbo, An Improved Rainbow Colormap for Visualization",
// Google AI Blog 2019) through the degree-5 polynomial fit of its table that Google published with
// it (turbo_colormap.glsl): t in [0, 1] from near black through blue, cyan, green and yellow to
// dark red; t outside is clamped. (The fit's t = 0 end is a dark grey where the table's is a
// dark purple.)
SPLAT_HD Vec3 turbo_color(float t) {
  t = min_of(1.f, max_of(0.f, t));
  const float t2 = t * t, t3 = t2 * t, t4 = t2 * t2, t5 = t4 * t;
  const float r = 0.13572138f + 4.61539260f * t - 42.66032258f * t2 + 132.13108234f * t3 - 152.94239396f * t4 +
                  59.28637943f * t5;
  const float g = 0.09140261f + 2.19418839f * t + 4.84296658f * t2 - 14.18503333f * t3 + 4.27729857f * t4 +
                  2.82956604f * t5;
  const float b = 0.10667330f + 12.64194608f * t - 60.58204836f * t2 + 110.36276771f * t3 - 89.90310912f * t4 +
                  27.34824973f * t5;
  return {min_of(1.f, max_of(0.f, r)), min_of(1.f, max_of(0.f, g)), min_of(1.f, max_of(0.f, b))};
}

// The point at `angle` (radians) on a splat's ellipse d^T conic d = level, as an offset from its
// mean in pixels: d = sqrt(level) L (cos, sin) with L L^T = conic^-1 the 2D covariance
// (Cholesky), so that d^T conic d = level (cos^2 + sin^2) = level.
SPLAT_HD Vec2 ellipse_offset(Conic conic, float level, float angle) {
  const float det = conic.a * conic.c - conic.b * conic.b;
  const float xx = conic.c / det, xy = -conic.b / det, yy = conic.a / det;  // the 2D covariance
  const float l00 = sqrtf(xx);
  const float l10 = xy / l00;
  const float l11 = sqrtf(max_of(0.f, yy - l10 * l10));
  const float u = sqrtf(level) * cosf(angle), v = sqrtf(level) * sinf(angle);
  return {l00 * u, l10 * u + l11 * v};
}

// The ellipse's longest semi-axis in pixels: sqrt(level * largest eigenvalue of conic^-1).
SPLAT_HD float ellipse_major_radius(Conic conic, float level) {
  const float det = conic.a * conic.c - conic.b * conic.b;
  const float xx = conic.c / det, xy = -conic.b / det, yy = conic.a / det;
  const float mid = 0.5f * (xx + yy);
  const float lambda_max = mid + sqrtf(max_of(0.f, mid * mid - (xx * yy - xy * xy)));
  return sqrtf(level * lambda_max);
}

}  // namespace splatview::splat
