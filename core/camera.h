#pragma once
// The viewer's camera and its DESIGN conventions: camera space is x right, y down, z forward
// (COLMAP/OpenCV), a pinhole with square pixels and the principal point at the image centre.
#include <optional>
#include <string>

#include <glm/vec3.hpp>

#include "core/result.h"

namespace splatview {

struct Camera {
  glm::vec3 eye{0.0f, 0.0f, -3.0f};
  glm::vec3 target{0.0f, 0.0f, 0.0f};
  glm::vec3 up{0.0f, -1.0f, 0.0f};
  float fovy_degrees = 50.0f;
  int width = 1280;
  int height = 720;
};

// The largest image side splatview renders, however the size arrives (--size, a training camera, a
// camera path, the window's export settings): beyond 8K video and poster prints, and it keeps a
// frame's memory bounded (8192 x 8192 x 16 bytes of float RGBA = 1 GiB).
inline constexpr int kMaxImageSide = 8192;

// An Error naming `source` unless both sides are from 1 to kMaxImageSide.
std::optional<Error> check_image_size(int width, int height, const std::string& source);

// World-space axes of the camera: forward = normalize(target - eye),
// right = normalize(forward x up), down = forward x right.
struct CameraBasis {
  glm::vec3 right;
  glm::vec3 down;
  glm::vec3 forward;
};

CameraBasis camera_basis(const Camera& camera);

// Focal length in pixels: fy = H / (2 tan(fovy / 2)), fx = fy.
float focal_length_pixels(const Camera& camera);

// tan of half the horizontal field of view implied by the square-pixel pinhole.
float tan_half_fovx(const Camera& camera);
float tan_half_fovy(const Camera& camera);

// True when eye != target and up is not parallel to the viewing direction.
bool camera_is_valid(const Camera& camera);

// A view on an orbit about `target`: azimuth turns about the up axis, elevation lifts toward up,
// both in degrees; azimuth 0 looks along the world axis "ahead" of up (see camera.cpp).
struct OrbitView {
  glm::vec3 target{0.0f};
  glm::vec3 up{0.0f, -1.0f, 0.0f};
  float azimuth = 0.0f;     // degrees
  float elevation = 10.0f;  // degrees
  float distance = 3.0f;
  float fovy = 50.0f;       // degrees
};

// The camera of an orbit view, for an image of width x height.
Camera orbit_camera(const OrbitView& view, int width, int height);

// The camera carried round its up axis through its target by `degrees`: positive turns
// counterclockwise as seen from above (looking down the up axis). Distance and height are kept.
Camera rotate_about_up(const Camera& camera, float degrees);

}  // namespace splatview
