#include "render/picking.h"

#include <algorithm>
#include <vector>

#include "render/frame_setup.h"

namespace splatview {

std::optional<glm::vec3> pick_surface(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                                      float pixel_x, float pixel_y) {
  const FrameSetup frame = make_frame_setup(scene, camera, settings);
  struct Hit {
    float depth;
    float alpha;
    std::size_t index;
  };
  std::vector<Hit> hits;
  const splat::Vec2 pixel{pixel_x, pixel_y};
  for (std::size_t i = 0; i < frame.gaussians; ++i) {
    splat::ProjectedSplat p;
    constexpr int kShDegree = 0;  // the colour plays no part in where the surface is
    if (!splat::preprocess_gaussian(frame.arrays, static_cast<int>(i), frame.view, frame.scale_modifier, kShDegree, p,
                                    frame.mode))
      continue;
    // The same per-pixel step the renderer runs, on a fresh pixel: the splat's alpha here.
    splat::PixelState state = splat::initial_pixel(true);
    splat::blend_splat(state, pixel, p.mean, p.conic, p.opacity, {1.f, 1.f, 1.f});
    const float alpha = 1.f - state.transmittance;
    if (alpha > 0.f) hits.push_back({p.depth, alpha, i});
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.depth != b.depth ? a.depth < b.depth : a.index < b.index;
  });
  float transmittance = 1.f;
  for (const Hit& hit : hits) {
    transmittance *= 1.f - hit.alpha;
    if (transmittance < 0.5f) {
      const float* p = scene.positions.data() + 3 * hit.index;
      return glm::vec3(p[0], p[1], p[2]);
    }
  }
  return std::nullopt;
}

}  // namespace splatview
