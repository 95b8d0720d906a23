#pragma once
// Internal to core/formats: moving decoded Gaussians into the scene's frame (DESIGN "Conventions":
// the 3DGS/COLMAP PLY frame, x right, y down, z forward: "RDF"). A change of frame or a glTF node
// transform is an affine map x -> A x + t. Positions follow it; each covariance R S S^T R^T becomes
// A R S S^T R^T A^T, refitted as a unit quaternion and three scales; SH bands turn with the orthogonal
// part of A (core/sh_rotation.h).
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/gaussian_scene.h"
#include "core/sh_rotation.h"

namespace splatview::formats {

constexpr Mat3d kIdentity3 = {1, 0, 0, 0, 1, 0, 0, 0, 1};

Mat3d multiply(const Mat3d& a, const Mat3d& b);

// The map from coordinates in a frame named by three letters (the directions of +x, +y, +z: R/L,
// U/D, F/B, e.g. "RUB", "LUF", "RFU") to RDF coordinates; nullopt for a name that is not a frame.
std::optional<Mat3d> frame_to_rdf(std::string_view letters);

// How a quaternion follows an orthogonal map Q that is a diagonal of +-1 (an axis flip):
//  - kCompose:   R -> Q R (the local axes are carried along; glTF's rule for node transforms);
//  - kConjugate: R -> Q R Q (the local axes are flipped too, as Niantic's SPZ library does).
// Both give the same covariance; which one a writer used decides which quaternion reads back equal.
enum class FlipRule { kCompose, kConjugate };

struct Affine {
  Mat3d linear = kIdentity3;
  std::array<double, 3> translation{};
};

// An affine map ready to apply: A = Q diag(s), Q orthogonal (columns of A normalised). nullopt (with
// `why`) when A is not finite, is singular, or shears (its columns are not orthogonal).
class GaussianTransform {
 public:
  static std::optional<GaussianTransform> make(const Affine& a, FlipRule rule, std::string& why);

  bool is_identity() const { return identity_; }

  // Transforms Gaussians [begin, end) in place. The scene holds activated values (linear scales, unit
  // quaternions w, x, y, z) at this frame's sh_degree; non-finite values pass through for the caller's
  // finish_scene to drop.
  void apply(GaussianScene& scene, std::size_t begin, std::size_t end) const;

 private:
  GaussianTransform(const Affine& a, const Mat3d& q, const std::array<double, 3>& s, FlipRule rule);
  Affine affine_;
  Mat3d q_;
  std::array<double, 3> s_;
  bool uniform_ = true;    // s_ all equal: the quaternion composes, no refit needed
  bool diagonal_ = false;  // Q is a diagonal of +-1
  bool proper_ = true;     // det Q > 0
  bool identity_ = false;
  FlipRule rule_;
  ShRotation sh_;
};

}  // namespace splatview::formats
