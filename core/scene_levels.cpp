#include "core/scene_levels.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include <glm/gtc/quaternion.hpp>

namespace splatview {

namespace {

constexpr int kMortonBits = 21;  // per axis: 63 bits of Morton code

// Spreads the low 21 bits of v to every third bit.
std::uint64_t spread_bits(std::uint64_t v) {
  v &= 0x1fffff;
  v = (v | v << 32) & 0x1f00000000ffffULL;
  v = (v | v << 16) & 0x1f0000ff0000ffULL;
  v = (v | v << 8) & 0x100f00f00f00f00fULL;
  v = (v | v << 4) & 0x10c30c30c30c30c3ULL;
  v = (v | v << 2) & 0x1249249249249249ULL;
  return v;
}

using Mat3d = std::array<std::array<double, 3>, 3>;

// Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric 3x3 matrix, by cyclic Jacobi
// rotations: a few sweeps reach double precision for 3x3.
void symmetric_eigen(Mat3d a, std::array<double, 3>& values, Mat3d& vectors) {
  vectors = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  for (int sweep = 0; sweep < 12; ++sweep) {
    const double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
    if (off < 1e-30 * (a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2]) || off == 0) break;
    for (int p = 0; p < 2; ++p)
      for (int q = p + 1; q < 3; ++q) {
        if (a[p][q] == 0) continue;
        const double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 3; ++k) {  // A <- A J
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; ++k) {  // A <- J^T A
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; ++k) {  // V <- V J
          const double vkp = vectors[k][p], vkq = vectors[k][q];
          vectors[k][p] = c * vkp - s * vkq;
          vectors[k][q] = s * vkp + c * vkq;
        }
      }
  }
  values = {a[0][0], a[1][1], a[2][2]};
}

// Unit quaternion (w, x, y, z) of a rotation matrix (row-major).
std::array<double, 4> quaternion_of(const Mat3d& m) {
  glm::dmat3 columns;  // glm's matrices are column-major
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) columns[c][r] = m[r][c];
  const glm::dquat q = glm::normalize(glm::quat_cast(columns));
  return {q.w, q.x, q.y, q.z};
}

// Gaussian i's world covariance R diag(s^2) R^T.
Mat3d covariance_of(const GaussianScene& scene, std::size_t i) {
  const float* q = &scene.rotations[4 * i];
  const glm::dmat3 r = glm::mat3_cast(glm::dquat(q[0], q[1], q[2], q[3]));  // r[column][row]
  Mat3d c{};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int k = 0; k < 3; ++k) {
        const double s = scene.scales[3 * i + static_cast<std::size_t>(k)];
        c[a][b] += r[k][a] * s * s * r[k][b];
      }
  return c;
}

double area_of(const float* s) { return double(s[0]) * s[1] + double(s[0]) * s[2] + double(s[1]) * s[2]; }

// The Gaussians in Morton order of their cell in a 2^21 grid over the scene's bounds: (code, index).
std::vector<std::pair<std::uint64_t, std::uint32_t>> morton_order(const GaussianScene& scene) {
  const std::size_t n = scene.count();
  float low[3], high[3];
  for (int a = 0; a < 3; ++a) {
    low[a] = std::numeric_limits<float>::max();
    high[a] = std::numeric_limits<float>::lowest();
  }
  for (std::size_t i = 0; i < n; ++i)
    for (int a = 0; a < 3; ++a) {
      low[a] = std::min(low[a], scene.positions[3 * i + a]);
      high[a] = std::max(high[a], scene.positions[3 * i + a]);
    }
  // One cell size for all axes (cubes), spanning the largest extent.
  double extent = 0;
  for (int a = 0; a < 3; ++a) extent = std::max(extent, double(high[a]) - low[a]);
  const double cells = double(1u << kMortonBits) - 1;
  const double to_cell = extent > 0 ? cells / extent : 0;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t code = 0;
    for (int a = 0; a < 3; ++a) {
      const double c = std::clamp((double(scene.positions[3 * i + a]) - low[a]) * to_cell, 0.0, cells);
      code |= spread_bits(static_cast<std::uint64_t>(c)) << a;
    }
    order[i] = {code, static_cast<std::uint32_t>(i)};
  }
  std::sort(order.begin(), order.end());
  return order;
}

// Cells of 2^level grid steps: how many the sorted codes fill.
std::size_t occupied_cells(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& order, int level) {
  std::size_t cells = 0;
  for (std::size_t k = 0; k < order.size(); ++k)
    cells += k == 0 || (order[k].first >> (3 * level)) != (order[k - 1].first >> (3 * level));
  return cells;
}

}  // namespace

void merge_gaussians(const GaussianScene& scene, const std::uint32_t* members, std::size_t count, GaussianScene& out,
                     std::size_t slot) {
  const int coeffs = scene.sh_coeffs();
  double total = 0, mean[3] = {0, 0, 0}, color[3] = {0, 0, 0};
  for (std::size_t m = 0; m < count; ++m) {
    const std::size_t i = members[m];
    // A weight of 0 (opacity 0) would leave nothing to average: every member then counts a little.
    const double w = std::max(1e-30, double(scene.opacities[i]) * area_of(&scene.scales[3 * i]));
    total += w;
    for (int a = 0; a < 3; ++a) {
      mean[a] += w * scene.positions[3 * i + a];
      color[a] += w * scene.sh[static_cast<std::size_t>(3 * coeffs) * i + a];
    }
  }
  for (int a = 0; a < 3; ++a) {
    mean[a] /= total;
    color[a] /= total;
  }
  Mat3d cov{};
  for (std::size_t m = 0; m < count; ++m) {
    const std::size_t i = members[m];
    const double w = std::max(1e-30, double(scene.opacities[i]) * area_of(&scene.scales[3 * i])) / total;
    const Mat3d c = covariance_of(scene, i);
    double d[3];
    for (int a = 0; a < 3; ++a) d[a] = scene.positions[3 * i + a] - mean[a];
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) cov[a][b] += w * (c[a][b] + d[a] * d[b]);
  }
  std::array<double, 3> values;
  Mat3d vectors;
  symmetric_eigen(cov, values, vectors);
  // A right-handed frame of eigenvectors: a rotation.
  const double det = vectors[0][0] * (vectors[1][1] * vectors[2][2] - vectors[1][2] * vectors[2][1]) -
                     vectors[0][1] * (vectors[1][0] * vectors[2][2] - vectors[1][2] * vectors[2][0]) +
                     vectors[0][2] * (vectors[1][0] * vectors[2][1] - vectors[1][1] * vectors[2][0]);
  if (det < 0)
    for (int k = 0; k < 3; ++k) vectors[k][2] = -vectors[k][2];
  const std::array<double, 4> q = quaternion_of(vectors);
  float scales[3];
  for (int a = 0; a < 3; ++a) scales[a] = static_cast<float>(std::sqrt(std::max(values[a], 1e-20)));
  for (int a = 0; a < 3; ++a) {
    out.positions[3 * slot + a] = static_cast<float>(mean[a]);
    out.scales[3 * slot + a] = scales[a];
    out.sh[3 * slot + a] = static_cast<float>(color[a]);
  }
  for (int k = 0; k < 4; ++k) out.rotations[4 * slot + k] = static_cast<float>(q[k]);
  out.opacities[slot] = static_cast<float>(std::min(1.0, total / area_of(scales)));
}

std::vector<GaussianScene> build_scene_levels(const GaussianScene& scene, const LevelBuildControl& control) {
  std::vector<GaussianScene> levels;
  if (scene.count() < kCoarsestLevelGaussians * kLevelReduction || scene.count() > 0xffffffffu) return levels;
  const auto cancelled = [&] { return control.cancel && control.cancel->load(); };
  const auto report = [&](float f) {
    if (control.progress) control.progress(f);
  };
  report(0.f);
  const auto order = morton_order(scene);
  report(0.3f);
  std::vector<std::uint32_t> members;
  std::size_t wanted = scene.count() / kLevelReduction;
  int cell_level = 0;
  while (wanted >= kCoarsestLevelGaussians && !cancelled()) {
    // The finest cells that leave at most `wanted` Gaussians.
    std::size_t cells = 0;
    while (cell_level < kMortonBits && (cells = occupied_cells(order, cell_level)) > wanted) ++cell_level;
    if (cell_level >= kMortonBits) break;
    GaussianScene level;
    level.sh_degree = 0;
    level.render_mode = scene.render_mode;  // a level is drawn by the rule its scene was trained for
    level.resize(cells);
    std::size_t slot = 0;
    for (std::size_t begin = 0; begin < order.size() && !cancelled(); ++slot) {
      const std::uint64_t cell = order[begin].first >> (3 * cell_level);
      std::size_t end = begin;
      members.clear();
      while (end < order.size() && (order[end].first >> (3 * cell_level)) == cell) members.push_back(order[end++].second);
      merge_gaussians(scene, members.data(), members.size(), level, slot);
      begin = end;
    }
    if (cancelled()) break;
    wanted = level.count() / kLevelReduction;
    levels.push_back(std::move(level));
    report(0.3f + 0.7f * (1.f - static_cast<float>(wanted) * kLevelReduction / static_cast<float>(scene.count())));
  }
  if (cancelled()) levels.clear();
  report(1.f);
  return levels;
}

}  // namespace splatview
