#pragma once
// The inputs of one frame, assembled once from the host-side scene, camera and settings into the
// plain structs the shared splat math reads (render/splat_math.h). Every backend and picking
// build their frame from make_frame_setup.
#include <cstddef>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "render/renderer.h"
#include "render/splat_math.h"

namespace splatview {

struct FrameSetup {
  splat::SceneArrays arrays;  // host pointers into the scene (the CUDA backend swaps in its device copy)
  std::size_t gaussians;
  splat::ViewParams view;     // the camera, and the tile grid in view.tiles_x x view.tiles_y
  std::size_t tiles;          // tiles_x * tiles_y
  int width, height;          // the image
  float scale_modifier;
  int sh_degree;              // effective_sh_degree
  RenderMode mode;            // render_mode_for
  const float* background;    // RGB: the settings' (black for the depth and alpha views, which blend other values)
  ShowMode show;              // the settings'
};

FrameSetup make_frame_setup(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings);

splat::ViewParams make_view_params(const Camera& camera);

// Host pointers into the scene's arrays.
splat::SceneArrays scene_arrays(const GaussianScene& scene);

// The SH degree a frame uses: the scene's, capped by the settings, never below 0.
int effective_sh_degree(const GaussianScene& scene, const RenderSettings& settings);

// The render mode a frame uses: the settings', else the scene's.
inline RenderMode render_mode_for(const GaussianScene& scene, const RenderSettings& settings) {
  return settings.render_mode.value_or(scene.render_mode);
}

// Tiles across and down for an image size.
inline int tiles_for(int pixels) { return (pixels + kTileSize - 1) / kTileSize; }

}  // namespace splatview
