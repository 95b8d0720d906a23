#pragma once
// The loaded scene: activated Gaussians as a structure of arrays.
#include <cstddef>
#include <string>
#include <vector>

#include "core/render_mode.h"

namespace splatview {

constexpr int kMaxShDegree = 3;

// Number of SH coefficients per colour channel for a degree (1, 4, 9, 16).
constexpr int sh_coeff_count(int degree) { return (degree + 1) * (degree + 1); }

struct GaussianScene {
  // All values are activated (DESIGN "Activations at load").
  std::vector<float> positions;  // 3 per Gaussian: x, y, z (world)
  std::vector<float> scales;     // 3 per Gaussian: exp(scale_i)
  std::vector<float> rotations;  // 4 per Gaussian: unit quaternion w, x, y, z
  std::vector<float> opacities;  // 1 per Gaussian: sigmoid(opacity)
  // sh_coeff_count(sh_degree) * 3 per Gaussian, coefficient-major: for coefficient k,
  // red, green, blue. Coefficient 0 is f_dc; the rest come from the channel-major f_rest.
  std::vector<float> sh;
  int sh_degree = 0;
  // The rule the file says its Gaussians were trained with (core/render_mode.h); RenderSettings
  // may override it.
  RenderMode render_mode = RenderMode::kClassic;

  std::vector<std::string> comments;  // the PLY header's comment lines, for the About text

  std::size_t count() const { return opacities.size(); }
  int sh_coeffs() const { return sh_coeff_count(sh_degree); }

  // Resizes every array for n Gaussians at the current sh_degree.
  void resize(std::size_t n) {
    positions.resize(3 * n);
    scales.resize(3 * n);
    rotations.resize(4 * n);
    opacities.resize(n);
    sh.resize(static_cast<std::size_t>(sh_coeffs()) * 3 * n);
  }
};

}  // namespace splatview
