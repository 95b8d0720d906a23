#pragma once
// Real spherical harmonics under a change of frame. A scene's SH colour is a function of the view
// direction d; when every direction becomes M d (M orthogonal: a rotation, or a rotation and a mirror),
// the coefficients of each band l >= 1 must become D_l(M) c so that the colour seen along M d equals
// the colour seen along d before. D_l is found exactly (to double rounding) from the basis itself:
// for 2l+1 fixed directions d_i, Y_l(M d_i) = D_l Y_l(d_i), so D_l = [Y_l(M d_i)] [Y_l(d_i)]^-1.
// The basis is the one the renderer evaluates (DESIGN "Colour": the reference 3DGS constants and
// signs), coefficient k = l^2 + (m + l).
#include <array>

namespace splatview {

// Row-major 3x3.
using Mat3d = std::array<double, 9>;

class ShRotation {
 public:
  // `m` must be orthogonal (checked by the callers: a frame table, or a decomposed node transform).
  explicit ShRotation(const Mat3d& m);

  // Rotates bands 1..degree of one Gaussian's coefficients, stored coefficient-major with RGB inner
  // (GaussianScene::sh): sh[3 * k + channel].
  void apply(float* sh, int degree) const;

  // D_l's entry (row i, column j), both in 0..2l.
  double entry(int l, int i, int j) const;

 private:
  std::array<double, 9> d1_{};
  std::array<double, 25> d2_{};
  std::array<double, 49> d3_{};
};

}  // namespace splatview
