#include "core/camera.h"

#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

namespace splatview {

std::optional<Error> check_image_size(int width, int height, const std::string& source) {
  if (width >= 1 && height >= 1 && width <= kMaxImageSide && height <= kMaxImageSide) return std::nullopt;
  return Error{source, "the image size " + std::to_string(width) + "x" + std::to_string(height) + " is outside 1.." +
                           std::to_string(kMaxImageSide) + " a side",
               "pass a smaller --size"};
}

CameraBasis camera_basis(const Camera& camera) {
  CameraBasis basis;
  basis.forward = glm::normalize(camera.target - camera.eye);
  basis.right = glm::normalize(glm::cross(basis.forward, camera.up));
  basis.down = glm::cross(basis.forward, basis.right);
  return basis;
}

float tan_half_fovy(const Camera& camera) {
  return std::tan(glm::radians(camera.fovy_degrees) * 0.5f);
}

float focal_length_pixels(const Camera& camera) {
  return static_cast<float>(camera.height) / (2.0f * tan_half_fovy(camera));
}

float tan_half_fovx(const Camera& camera) {
  return static_cast<float>(camera.width) / (2.0f * focal_length_pixels(camera));
}

bool camera_is_valid(const Camera& camera) {
  const glm::vec3 view = camera.target - camera.eye;
  if (!(glm::length(view) > 0.0f) || !(glm::length(camera.up) > 0.0f)) return false;
  const glm::vec3 side = glm::cross(glm::normalize(view), glm::normalize(camera.up));
  return glm::length(side) > 1e-6f && camera.width > 0 && camera.height > 0 &&
         camera.fovy_degrees > 0.0f && camera.fovy_degrees < 180.0f;
}

namespace {

// The direction (from the target) of the eye at azimuth 0: the -z side for y- or x-up scenes,
// so a COLMAP-style (-y up) scene is seen from the front as trained.
glm::vec3 azimuth_zero_direction(glm::vec3 up) {
  const glm::vec3 candidate = std::abs(up.z) < 0.9f ? glm::vec3(0, 0, -1) : glm::vec3(0, -1, 0);
  // Remove the up component so the reference lies in the orbit plane.
  return glm::normalize(candidate - glm::dot(candidate, up) * up);
}

}  // namespace

Camera orbit_camera(const OrbitView& view, int width, int height) {
  const glm::vec3 up = glm::normalize(view.up);
  const glm::vec3 ahead = azimuth_zero_direction(up);
  const glm::vec3 side = glm::normalize(glm::cross(up, ahead));
  const float az = glm::radians(view.azimuth);
  const float el = glm::radians(view.elevation);
  const glm::vec3 horizontal = std::cos(az) * ahead + std::sin(az) * side;
  const glm::vec3 direction = std::cos(el) * horizontal + std::sin(el) * up;

  Camera camera;
  camera.target = view.target;
  camera.eye = view.target + view.distance * direction;
  camera.up = up;
  camera.fovy_degrees = view.fovy;
  camera.width = width;
  camera.height = height;
  return camera;
}

Camera rotate_about_up(const Camera& camera, float degrees) {
  // Rodrigues: v cos t + (u x v) sin t + u (u . v)(1 - cos t), a right-handed turn about u.
  const glm::vec3 u = glm::normalize(camera.up);
  const glm::vec3 v = camera.eye - camera.target;
  const float t = glm::radians(degrees);
  const glm::vec3 turned = v * std::cos(t) + glm::cross(u, v) * std::sin(t) + u * glm::dot(u, v) * (1.0f - std::cos(t));
  Camera result = camera;
  result.eye = camera.target + turned;
  return result;
}

}  // namespace splatview
