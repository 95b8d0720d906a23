#pragma once
// What is under a pixel: the world position where front-to-back blending at that pixel has
// reached half opacity (the "surface" a user means by double-clicking a splat).
#include <optional>

#include <glm/vec3.hpp>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "render/renderer.h"

namespace splatview {

std::optional<glm::vec3> pick_surface(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                                      float pixel_x, float pixel_y);

}  // namespace splatview
