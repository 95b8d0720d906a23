#include "core/formats/frame_transform.h"

#include <algorithm>
#include <cmath>

namespace splatview::formats {
namespace {

using Quat = std::array<double, 4>;  // w, x, y, z

double det3(const Mat3d& m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
         m[2] * (m[3] * m[7] - m[4] * m[6]);
}

Mat3d transpose(const Mat3d& m) { return {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]}; }

Mat3d quat_to_matrix(const Quat& q) {
  const double w = q[0], x = q[1], y = q[2], z = q[3];
  return {1 - 2 * (y * y + z * z), 2 * (x * y - w * z),     2 * (x * z + w * y),
          2 * (x * y + w * z),     1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
          2 * (x * z - w * y),     2 * (y * z + w * x),     1 - 2 * (x * x + y * y)};
}

// The unit quaternion of a proper rotation matrix (Shepperd: from the largest of the four squares).
Quat matrix_to_quat(const Mat3d& m) {
  const double trace = m[0] + m[4] + m[8];
  Quat q;
  if (trace >= m[0] && trace >= m[4] && trace >= m[8]) {
    const double r = std::sqrt(std::max(0.0, 1 + trace)) * 2;
    q = {r / 4, (m[7] - m[5]) / r, (m[2] - m[6]) / r, (m[3] - m[1]) / r};
  } else if (m[0] >= m[4] && m[0] >= m[8]) {
    const double r = std::sqrt(std::max(0.0, 1 + m[0] - m[4] - m[8])) * 2;
    q = {(m[7] - m[5]) / r, r / 4, (m[1] + m[3]) / r, (m[2] + m[6]) / r};
  } else if (m[4] >= m[8]) {
    const double r = std::sqrt(std::max(0.0, 1 + m[4] - m[0] - m[8])) * 2;
    q = {(m[2] - m[6]) / r, (m[1] + m[3]) / r, r / 4, (m[5] + m[7]) / r};
  } else {
    const double r = std::sqrt(std::max(0.0, 1 + m[8] - m[0] - m[4])) * 2;
    q = {(m[3] - m[1]) / r, (m[2] + m[6]) / r, (m[5] + m[7]) / r, r / 4};
  }
  return q;
}

Quat quat_multiply(const Quat& a, const Quat& b) {
  return {a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
          a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
          a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
          a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]};
}

// Eigen-decomposition of a symmetric 3x3 by cyclic Jacobi rotations: `a` ends diagonal (the
// eigenvalues), `v`'s columns are the eigenvectors.
void symmetric_eigen(Mat3d& a, Mat3d& v) {
  v = kIdentity3;
  for (int sweep = 0; sweep < 32; ++sweep) {
    const double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
    const double scale = a[0] * a[0] + a[4] * a[4] + a[8] * a[8];
    if (off <= 1e-30 * scale || off == 0) return;
    for (int p = 0; p < 2; ++p) {
      for (int q = p + 1; q < 3; ++q) {
        const double apq = a[3 * p + q];
        if (apq == 0) continue;
        const double theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
        const double t = (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 3; ++k) {  // a <- a J
          const double akp = a[3 * k + p], akq = a[3 * k + q];
          a[3 * k + p] = c * akp - s * akq;
          a[3 * k + q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; ++k) {  // a <- J^T a
          const double apk = a[3 * p + k], aqk = a[3 * q + k];
          a[3 * p + k] = c * apk - s * aqk;
          a[3 * q + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; ++k) {
          const double vkp = v[3 * k + p], vkq = v[3 * k + q];
          v[3 * k + p] = c * vkp - s * vkq;
          v[3 * k + q] = s * vkp + c * vkq;
        }
      }
    }
  }
}

bool is_sign_diagonal(const Mat3d& m) {
  for (int i = 0; i < 9; ++i) {
    const bool on_diagonal = i % 4 == 0;
    if (on_diagonal ? std::fabs(m[i]) != 1 : m[i] != 0) return false;
  }
  return true;
}

// The direction of a frame letter in RUB coordinates.
std::optional<std::array<double, 3>> letter_direction(char c) {
  switch (c) {
    case 'R': return std::array<double, 3>{1, 0, 0};
    case 'L': return std::array<double, 3>{-1, 0, 0};
    case 'U': return std::array<double, 3>{0, 1, 0};
    case 'D': return std::array<double, 3>{0, -1, 0};
    case 'B': return std::array<double, 3>{0, 0, 1};
    case 'F': return std::array<double, 3>{0, 0, -1};
    default: return std::nullopt;
  }
}

}  // namespace

Mat3d multiply(const Mat3d& a, const Mat3d& b) {
  Mat3d r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return r;
}

std::optional<Mat3d> frame_to_rdf(std::string_view letters) {
  if (letters.size() != 3) return std::nullopt;
  // Columns of `from`: the frame's axes in RUB. RDF's axes in RUB are R, D, F; RUB -> RDF is then
  // rdf^T (orthonormal), so frame -> RDF is rdf^T from.
  Mat3d from{}, rdf{};
  bool used[3] = {};
  for (int axis = 0; axis < 3; ++axis) {
    const auto d = letter_direction(letters[static_cast<std::size_t>(axis)]);
    if (!d) return std::nullopt;
    for (int k = 0; k < 3; ++k) {
      from[3 * k + axis] = (*d)[static_cast<std::size_t>(k)];
      if ((*d)[static_cast<std::size_t>(k)] != 0) {
        if (used[k]) return std::nullopt;  // two letters on one axis, e.g. "RLU"
        used[k] = true;
      }
    }
  }
  const auto r = letter_direction('R'), d = letter_direction('D'), f = letter_direction('F');
  for (int k = 0; k < 3; ++k) {
    rdf[3 * k + 0] = (*r)[static_cast<std::size_t>(k)];
    rdf[3 * k + 1] = (*d)[static_cast<std::size_t>(k)];
    rdf[3 * k + 2] = (*f)[static_cast<std::size_t>(k)];
  }
  return multiply(transpose(rdf), from);
}

std::optional<GaussianTransform> GaussianTransform::make(const Affine& a, FlipRule rule, std::string& why) {
  for (double v : a.linear) {
    if (!std::isfinite(v)) {
      why = "its transform has a non-finite entry";
      return std::nullopt;
    }
  }
  for (double v : a.translation) {
    if (!std::isfinite(v)) {
      why = "its translation has a non-finite entry";
      return std::nullopt;
    }
  }
  Mat3d q = a.linear;
  std::array<double, 3> s{};
  for (int col = 0; col < 3; ++col) {
    const double len = std::sqrt(q[col] * q[col] + q[3 + col] * q[3 + col] + q[6 + col] * q[6 + col]);
    if (!(len > 1e-30)) {
      why = "its transform scales an axis to zero";
      return std::nullopt;
    }
    s[static_cast<std::size_t>(col)] = len;
    for (int row = 0; row < 3; ++row) q[3 * row + col] /= len;
  }
  const Mat3d qtq = multiply(transpose(q), q);
  for (int i = 0; i < 9; ++i) {
    if (std::fabs(qtq[i] - (i % 4 == 0 ? 1.0 : 0.0)) > 1e-5) {
      why = "its transform shears (it is not a rotation, a scale and a translation)";
      return std::nullopt;
    }
  }
  return GaussianTransform(a, q, s, rule);
}

GaussianTransform::GaussianTransform(const Affine& a, const Mat3d& q, const std::array<double, 3>& s,
                                     FlipRule rule)
    : affine_(a), q_(q), s_(s), rule_(rule), sh_(q) {
  const double largest = std::max({s[0], s[1], s[2]});
  uniform_ = std::fabs(s[0] - s[1]) <= 1e-12 * largest && std::fabs(s[0] - s[2]) <= 1e-12 * largest;
  diagonal_ = is_sign_diagonal(q);
  proper_ = det3(q) > 0;
  identity_ = a.linear == kIdentity3 && a.translation == std::array<double, 3>{};
}

void GaussianTransform::apply(GaussianScene& scene, std::size_t begin, std::size_t end) const {
  if (identity_) return;
  const Mat3d& m = affine_.linear;
  const auto& t = affine_.translation;
  // For a mirror Q = -P the covariance only sees P (the sign cancels in Q C C^T Q^T).
  Mat3d proper = q_;
  if (!proper_)
    for (double& v : proper) v = -v;
  const Quat q_proper = matrix_to_quat(proper);
  const std::size_t sh_stride = static_cast<std::size_t>(scene.sh_coeffs()) * 3;
  const bool turns_sh = q_ != kIdentity3 && scene.sh_degree > 0;

  for (std::size_t i = begin; i < end; ++i) {
    float* p = &scene.positions[3 * i];
    const double x = p[0], y = p[1], z = p[2];
    for (int r = 0; r < 3; ++r)
      p[r] = static_cast<float>(m[3 * r] * x + m[3 * r + 1] * y + m[3 * r + 2] * z + t[static_cast<std::size_t>(r)]);

    float* rot = &scene.rotations[4 * i];
    float* scale = &scene.scales[3 * i];
    const Quat q = {rot[0], rot[1], rot[2], rot[3]};
    Quat out;
    if (q == Quat{}) {
      out = q;  // a zero quaternion stays zero, for finish_scene to drop
    } else if (uniform_) {
      if (diagonal_ && rule_ == FlipRule::kConjugate) {
        const double a = q_[0], b = q_[4], c = q_[8];
        out = {q[0], q[1] * b * c, q[2] * a * c, q[3] * a * b};
      } else {
        out = quat_multiply(q_proper, q);
      }
      for (int k = 0; k < 3; ++k) scale[k] = static_cast<float>(scale[k] * s_[0]);
    } else {
      // Sigma' = M R S^2 R^T M^T, refitted: eigenvectors give the rotation, eigenvalues the scales.
      const Mat3d r = quat_to_matrix(q);
      Mat3d mr = multiply(m, r);
      for (int row = 0; row < 3; ++row)
        for (int col = 0; col < 3; ++col) mr[3 * row + col] *= scale[col];
      Mat3d sigma = multiply(mr, transpose(mr));
      Mat3d v;
      symmetric_eigen(sigma, v);
      if (det3(v) < 0)
        for (int row = 0; row < 3; ++row) v[3 * row] = -v[3 * row];
      out = matrix_to_quat(v);
      for (int k = 0; k < 3; ++k) scale[k] = static_cast<float>(std::sqrt(std::max(0.0, sigma[4 * k])));
    }
    for (int k = 0; k < 4; ++k) rot[k] = static_cast<float>(out[static_cast<std::size_t>(k)]);
    if (turns_sh) sh_.apply(&scene.sh[sh_stride * i], scene.sh_degree);
  }
}

}  // namespace splatview::formats
