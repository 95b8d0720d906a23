#include "app/window/fly_controller.h"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>

namespace splatview {

namespace {

// Any direction across `up`, fixed for a given up axis.
glm::vec3 across(glm::vec3 up) {
  const glm::vec3 candidate = std::abs(up.z) < 0.9f ? glm::vec3(0, 0, 1) : glm::vec3(1, 0, 0);
  return glm::normalize(candidate - glm::dot(candidate, up) * up);
}

}  // namespace

glm::vec3 FlyController::ahead() const { return across(up_); }
// forward x up is the camera's right (camera_basis): yaw 90 looks to the right of yaw 0.
glm::vec3 FlyController::side() const { return glm::normalize(glm::cross(ahead(), up_)); }

glm::vec3 FlyController::forward() const {
  const float yaw = glm::radians(yaw_), pitch = glm::radians(pitch_);
  return std::cos(pitch) * (std::cos(yaw) * ahead() + std::sin(yaw) * side()) + std::sin(pitch) * up_;
}

void FlyController::start(const Camera& camera, glm::vec3 up, float scene_radius) {
  up_ = glm::normalize(up);
  eye_ = camera.eye;
  fovy_ = camera.fovy_degrees;
  radius_ = scene_radius > 0.0f ? scene_radius : 1.0f;
  const glm::vec3 f = glm::normalize(camera.target - camera.eye);
  pitch_ = std::clamp(glm::degrees(std::asin(std::clamp(glm::dot(f, up_), -1.0f, 1.0f))), -kMaxPitch, kMaxPitch);
  yaw_ = glm::degrees(std::atan2(glm::dot(f, side()), glm::dot(f, ahead())));
}

void FlyController::handle(const FlyInput& input, double dt, double now) {
  if (input.look.x != 0.0f || input.look.y != 0.0f || input.wheel != 0.0f || input.keys.any_move())
    last_input_ = now;
  // The view follows the mouse: dragging right looks right, dragging up (toward the top of the
  // window, negative y) looks up.
  yaw_ += input.look.x * kDegreesPerPixel;
  pitch_ = std::clamp(pitch_ - input.look.y * kDegreesPerPixel, -kMaxPitch, kMaxPitch);
  yaw_ = std::remainder(yaw_, 360.0f);

  const glm::vec3 f = forward();
  const glm::vec3 right = glm::normalize(glm::cross(f, up_));
  glm::vec3 direction{0.0f};
  const FlyKeys& k = input.keys;
  if (k.forward) direction += f;
  if (k.back) direction -= f;
  if (k.right) direction += right;
  if (k.left) direction -= right;
  if (k.up) direction += up_;
  if (k.down) direction -= up_;
  // Two keys at once (forward and sideways) move no faster than one.
  if (glm::length(direction) > 1e-6f)
    eye_ += glm::normalize(direction) * speed(k.fast) * static_cast<float>(dt);
  eye_ += f * (input.wheel * kWheelStepRadii * radius_ * (k.fast ? kFastFactor : 1.0f));
}

Camera FlyController::camera(int width, int height) const {
  Camera camera;
  camera.eye = eye_;
  camera.target = eye_ + forward();
  camera.up = up_;
  camera.fovy_degrees = fovy_;
  camera.width = width;
  camera.height = height;
  return camera;
}

}  // namespace splatview
