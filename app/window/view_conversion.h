#pragma once
// The orbit that shows a given eye and viewing direction: how fly mode hands the view back to the
// orbit, and how a training camera becomes the orbit's view. The orbit keeps the scene's up axis,
// so a camera's roll about its viewing direction is levelled.
#include <glm/vec3.hpp>

#include "core/camera.h"

namespace splatview {

// The orbit about the point `distance` ahead of `eye` along `forward`, seen from `eye`, about
// `up`, with its azimuth the one nearest `near_azimuth` (so a glide takes the short way round).
// Elevation stops short of the poles as the orbit's does.
OrbitView orbit_looking_along(glm::vec3 eye, glm::vec3 forward, glm::vec3 up, float distance, float fovy,
                              float near_azimuth = 0.0f);

// How far ahead of the eye the orbit's new centre lies: where the view passes closest to the
// scene's centre, but never nearer than a tenth of the scene's radius (looking away from the
// scene: its radius).
float orbit_distance_ahead(glm::vec3 eye, glm::vec3 forward, glm::vec3 scene_center, float scene_radius);

}  // namespace splatview
