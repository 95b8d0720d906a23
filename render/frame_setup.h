#pragma once
// Turns the host-side scene, camera and settings into the plain structs the shared splat math
// reads (render/splat_math.h). Used by every backend.
#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "render/renderer.h"
#include "render/splat_math.h"

namespace splatview {

splat::ViewParams make_view_params(const Camera& camera);

// Host pointers into the scene's arrays.
splat::SceneArrays scene_arrays(const GaussianScene& scene);

// The SH degree a frame uses: the scene's, capped by the settings, never below 0.
int effective_sh_degree(const GaussianScene& scene, const RenderSettings& settings);

// Tiles across and down for an image size.
inline int tiles_for(int pixels) { return (pixels + kTileSize - 1) / kTileSize; }

}  // namespace splatview
