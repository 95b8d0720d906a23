#pragma once
// The Gaussians a ShowRule (crop box, opacity threshold; render/splat_math.h) shows, as a scene of
// their own: what --convert writes when the view hides some. The renderer applies the same rule
// in its preprocess, so a render of the filtered scene equals a render of the whole scene with
// the rule.
#include <cstddef>

#include "core/gaussian_scene.h"
#include "render/splat_math.h"

namespace splatview {

// Whether the rule hides nothing whatever the scene (no box, no threshold).
inline bool shows_everything(const splat::ShowRule& rule) { return rule.use_box == 0 && rule.min_opacity <= 0.f; }

// Whether Gaussian i of `scene` is shown.
bool gaussian_shown(const GaussianScene& scene, std::size_t i, const splat::ShowRule& rule);

// The shown Gaussians, in their order, with every value as it was (and the scene's SH degree,
// render mode and comments).
GaussianScene filter_scene(const GaussianScene& scene, const splat::ShowRule& rule);

// The axis-aligned box holding every Gaussian's centre (the window's "reset to the scene
// bounds"); for an empty scene the unit cube about the origin.
struct SceneBounds {
  splat::Vec3 min, max;
};
SceneBounds scene_bounds(const GaussianScene& scene);

}  // namespace splatview
