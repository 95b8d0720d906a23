#pragma once
// A brute-force renderer of DESIGN.md's rules, written apart from render/ (it shares no code with
// it) so the tile renderers can be checked against an independent reading of the conventions.
// O(pixels x Gaussians): for small images only.
#include <cstddef>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/image.h"

namespace splatview::test {

// What the reference saw, to compare with a renderer's FrameStats.
struct ReferenceStats {
  std::size_t visible = 0;       // Gaussians that survive culling and touch at least one tile
  std::size_t tile_entries = 0;  // sum over those of the tiles their rectangle covers
};

// Every pixel blends every Gaussian in global depth order (ties by index), skipping a Gaussian
// whose tile rectangle does not hold the pixel's tile. `max_sh_degree` caps the scene's degree.
Image render_reference(const GaussianScene& scene, const Camera& camera, const float background[3],
                       float scale_modifier, int max_sh_degree, ReferenceStats* stats = nullptr);

}  // namespace splatview::test
