#pragma once
// Writes a scene as a canonical 3DGS PLY: binary little endian, every property a float, in the INRIA
// order x y z nx ny nz f_dc_0..2 f_rest_0..N-1 opacity scale_0..2 rot_0..3, with f_rest channel-major
// and the raw (pre-activation) values: logit opacity, log scales, the rotation as stored.
#include <filesystem>
#include <optional>

#include "core/gaussian_scene.h"
#include "core/result.h"

namespace splatview {

// Writes `scene` to `path` through a temporary file in the same folder, renamed into place only when
// complete, so a failure never leaves a partial file. Raw values are chosen so that reading the file
// back with load_ply gives the same activated floats wherever such floats exist (always, for a
// scene that itself came from a PLY). The scene's comments are kept.
std::optional<Error> write_ply(const std::filesystem::path& path, const GaussianScene& scene);

}  // namespace splatview
