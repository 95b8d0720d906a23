#include "app/window/view_conversion.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

namespace splatview {

namespace {

constexpr float kMaxElevation = 89.0f;  // as the orbit controller's drag

// The orbit's own directions for azimuth 0 and 90 (from orbit_camera itself, so the convention is
// written once, in core/camera.cpp).
glm::vec3 orbit_direction(glm::vec3 up, float azimuth) {
  OrbitView v;
  v.up = up;
  v.azimuth = azimuth;
  v.elevation = 0.0f;
  v.distance = 1.0f;
  return orbit_camera(v, 1, 1).eye;
}

}  // namespace

OrbitView orbit_looking_along(glm::vec3 eye, glm::vec3 forward, glm::vec3 up, float distance, float fovy,
                              float near_azimuth) {
  up = glm::normalize(up);
  forward = glm::normalize(forward);
  const glm::vec3 toward_eye = -forward;
  const float lift = std::clamp(glm::dot(toward_eye, up), -1.0f, 1.0f);
  const float elevation = std::clamp(glm::degrees(std::asin(lift)), -kMaxElevation, kMaxElevation);
  glm::vec3 horizontal = toward_eye - lift * up;
  // Straight along the up axis the azimuth is anything: keep the one asked for.
  float azimuth = near_azimuth;
  if (glm::length(horizontal) > 1e-6f) {
    horizontal = glm::normalize(horizontal);
    azimuth = glm::degrees(std::atan2(glm::dot(horizontal, orbit_direction(up, 90.0f)),
                                      glm::dot(horizontal, orbit_direction(up, 0.0f))));
    azimuth += 360.0f * std::round((near_azimuth - azimuth) / 360.0f);
  }
  OrbitView view;
  view.up = up;
  view.azimuth = azimuth;
  view.elevation = elevation;
  view.distance = distance;
  view.fovy = fovy;
  // The centre in front of the eye (view.target is still 0 here, so orbit_camera gives the offset
  // of the eye from the centre): the eye stays put even where the elevation was clamped.
  view.target = eye - orbit_camera(view, 1, 1).eye;
  return view;
}

float orbit_distance_ahead(glm::vec3 eye, glm::vec3 forward, glm::vec3 scene_center, float scene_radius) {
  const float nearest = glm::dot(scene_center - eye, glm::normalize(forward));
  if (!(nearest > 0.0f)) return scene_radius;
  return std::max(nearest, 0.1f * scene_radius);
}

}  // namespace splatview
