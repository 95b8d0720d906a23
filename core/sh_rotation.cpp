#include "core/sh_rotation.h"

#include <cmath>
#include <cstddef>
#include <utility>

namespace splatview {
namespace {

// Band l of the reference 3DGS real SH basis at unit direction (x, y, z), 2l+1 values.
void basis(int l, double x, double y, double z, double* out) {
  const double xx = x * x, yy = y * y, zz = z * z;
  switch (l) {
    case 1: {
      constexpr double c1 = 0.4886025119029199;
      out[0] = -c1 * y;
      out[1] = c1 * z;
      out[2] = -c1 * x;
      return;
    }
    case 2:
      out[0] = 1.0925484305920792 * x * y;
      out[1] = -1.0925484305920792 * y * z;
      out[2] = 0.31539156525252005 * (2 * zz - xx - yy);
      out[3] = -1.0925484305920792 * x * z;
      out[4] = 0.5462742152960396 * (xx - yy);
      return;
    default:
      out[0] = -0.5900435899266435 * y * (3 * xx - yy);
      out[1] = 2.890611442640554 * x * y * z;
      out[2] = -0.4570457994644658 * y * (4 * zz - xx - yy);
      out[3] = 0.3731763325901154 * z * (2 * zz - 3 * xx - 3 * yy);
      out[4] = -0.4570457994644658 * x * (4 * zz - xx - yy);
      out[5] = 1.445305721320277 * z * (xx - yy);
      out[6] = -0.5900435899266435 * x * (xx - 3 * yy);
      return;
  }
}

// Inverts the n x n matrix `a` (row-major) in place by Gauss-Jordan with partial pivoting. The
// matrices here are well conditioned Gram matrices of the basis, so no failure path is needed.
void invert(double* a, int n) {
  double inv[49] = {};
  for (int i = 0; i < n; ++i) inv[i * n + i] = 1;
  for (int col = 0; col < n; ++col) {
    int pivot = col;
    for (int r = col + 1; r < n; ++r)
      if (std::fabs(a[r * n + col]) > std::fabs(a[pivot * n + col])) pivot = r;
    for (int c = 0; c < n; ++c) {
      std::swap(a[col * n + c], a[pivot * n + c]);
      std::swap(inv[col * n + c], inv[pivot * n + c]);
    }
    const double p = a[col * n + col];
    for (int c = 0; c < n; ++c) {
      a[col * n + c] /= p;
      inv[col * n + c] /= p;
    }
    for (int r = 0; r < n; ++r) {
      if (r == col) continue;
      const double f = a[r * n + col];
      for (int c = 0; c < n; ++c) {
        a[r * n + c] -= f * a[col * n + c];
        inv[r * n + c] -= f * inv[col * n + c];
      }
    }
  }
  for (int i = 0; i < n * n; ++i) a[i] = inv[i];
}

// D_l by least squares over a spiral of sample directions: D = B A^T (A A^T)^-1, where A's columns
// are Y_l(d_i) and B's are Y_l(M d_i). With more samples than coefficients A A^T is well conditioned
// whatever the band. Entries within rounding of 0 or +-1 are snapped, so an axis flip is exact.
void band_matrix(int l, const Mat3d& m, double* d) {
  constexpr int kSamples = 24;
  const int n = 2 * l + 1;
  double a[7 * kSamples], b[7 * kSamples];
  for (int s = 0; s < kSamples; ++s) {
    const double z = 1.0 - (2.0 * s + 1.0) / kSamples;
    const double r = std::sqrt(1.0 - z * z);
    const double phi = 2.399963229728653 * s;  // the golden angle
    const double v[3] = {r * std::cos(phi), r * std::sin(phi), z};
    const double w[3] = {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
                         m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
    double ya[7], yb[7];
    basis(l, v[0], v[1], v[2], ya);
    basis(l, w[0], w[1], w[2], yb);
    for (int i = 0; i < n; ++i) {
      a[i * kSamples + s] = ya[i];
      b[i * kSamples + s] = yb[i];
    }
  }
  double gram[49], cross[49];
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      double g = 0, c = 0;
      for (int s = 0; s < kSamples; ++s) {
        g += a[i * kSamples + s] * a[j * kSamples + s];
        c += b[i * kSamples + s] * a[j * kSamples + s];
      }
      gram[i * n + j] = g;
      cross[i * n + j] = c;
    }
  }
  invert(gram, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      double v = 0;
      for (int k = 0; k < n; ++k) v += cross[i * n + k] * gram[k * n + j];
      for (double snap : {-1.0, 0.0, 1.0})
        if (std::fabs(v - snap) < 1e-12) v = snap;
      d[i * n + j] = v;
    }
  }
}

void apply_band(const double* d, int l, float* sh) {
  const int n = 2 * l + 1;
  const int first = l * l;
  for (int channel = 0; channel < 3; ++channel) {
    double in[7];
    for (int j = 0; j < n; ++j) in[j] = sh[3 * (first + j) + channel];
    for (int i = 0; i < n; ++i) {
      double v = 0;
      for (int j = 0; j < n; ++j) v += d[i * n + j] * in[j];
      sh[3 * (first + i) + channel] = static_cast<float>(v);
    }
  }
}

}  // namespace

ShRotation::ShRotation(const Mat3d& m) {
  band_matrix(1, m, d1_.data());
  band_matrix(2, m, d2_.data());
  band_matrix(3, m, d3_.data());
}

void ShRotation::apply(float* sh, int degree) const {
  if (degree >= 1) apply_band(d1_.data(), 1, sh);
  if (degree >= 2) apply_band(d2_.data(), 2, sh);
  if (degree >= 3) apply_band(d3_.data(), 3, sh);
}

double ShRotation::entry(int l, int i, int j) const {
  const int n = 2 * l + 1;
  const double* d = l == 1 ? d1_.data() : l == 2 ? d2_.data() : d3_.data();
  return d[i * n + j];
}

}  // namespace splatview
