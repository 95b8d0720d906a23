#pragma once
// Writes a scene as glTF 2.0 binary (.glb) with KHR_gaussian_splatting: one point primitive, float
// attributes (POSITION, ROTATION x y z w, linear SCALE, OPACITY 0..1, SH_DEGREE_l_COEF_n per
// coefficient) and an 8-bit COLOR_0 fallback for viewers without the extension. The scene is turned
// from our frame into glTF's (+y up) with its SH bands, the inverse of what the reader does, so
// decode_gltf(encode_glb(s)) gives s back (scales and opacities within a float step).
#include <string>

#include "core/gaussian_scene.h"
#include "core/result.h"

namespace splatview {

// The .glb file's bytes; an Error when the scene does not fit glTF binary's 4 GiB. Writing them to
// disk (safely: core/safe_write) is the caller's; `name` (the output) is for the message.
Result<std::string> encode_glb(const GaussianScene& scene, const std::string& name);

}  // namespace splatview
