#include "tests/support/reference_renderer.h"

// Written from the text of DESIGN.md "Conventions" only; deliberately no render/ header. The math
// uses glm matrices (a different arrangement of the same float operations) so an error in the
// shared splat math does not hide behind the same error here.
#include <algorithm>
#include <climits>
#include <cmath>
#include <numbers>
#include <vector>

#include <glm/geometric.hpp>
#include <glm/gtc/quaternion.hpp>
#include <glm/mat3x3.hpp>
#include <glm/matrix.hpp>
#include <glm/trigonometric.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

namespace splatview::test {

namespace {

// DESIGN's numbers, restated here on purpose rather than read from render/constants.h.
constexpr float kCullDepth = 0.2f;
constexpr float kJacobianClamp = 1.3f;
constexpr float kDilation = 0.3f;
constexpr float kSpreadFloor = 0.1f;
constexpr float kAlphaCap = 0.99f;
constexpr float kAlphaFloor = 1.0f / 255.0f;
constexpr float kStopTransmittance = 0.0001f;
constexpr int kTile = 16;

// The 16 real SH basis functions (degrees 0-3) at unit direction d, with the signs of the 3DGS
// convention; the constants are computed from their closed forms (e.g. sqrt(3 / (4 pi)) for l = 1).
void sh_basis(glm::vec3 d, float out[16]) {
  constexpr double pi = std::numbers::pi;
  static const float c0 = static_cast<float>(0.5 * std::sqrt(1.0 / pi));
  static const float c1 = static_cast<float>(std::sqrt(3.0 / (4.0 * pi)));
  static const float c2a = static_cast<float>(0.5 * std::sqrt(15.0 / pi));         // xy, yz, xz
  static const float c2b = static_cast<float>(0.25 * std::sqrt(5.0 / pi));         // 2z^2 - x^2 - y^2
  static const float c2c = static_cast<float>(0.25 * std::sqrt(15.0 / pi));        // x^2 - y^2
  static const float c3a = static_cast<float>(0.25 * std::sqrt(35.0 / (2.0 * pi)));  // y(3x^2 - y^2)
  static const float c3b = static_cast<float>(0.5 * std::sqrt(105.0 / pi));        // xyz
  static const float c3c = static_cast<float>(0.25 * std::sqrt(21.0 / (2.0 * pi)));  // y(4z^2 - x^2 - y^2)
  static const float c3d = static_cast<float>(0.25 * std::sqrt(7.0 / pi));         // z(2z^2 - 3x^2 - 3y^2)
  static const float c3e = static_cast<float>(0.25 * std::sqrt(105.0 / pi));       // z(x^2 - y^2)
  const float x = d.x, y = d.y, z = d.z;
  out[0] = c0;
  out[1] = -c1 * y;
  out[2] = c1 * z;
  out[3] = -c1 * x;
  out[4] = c2a * x * y;
  out[5] = -c2a * y * z;
  out[6] = c2b * (2.0f * z * z - x * x - y * y);
  out[7] = -c2a * x * z;
  out[8] = c2c * (x * x - y * y);
  out[9] = -c3a * y * (3.0f * x * x - y * y);
  out[10] = c3b * x * y * z;
  out[11] = -c3c * y * (4.0f * z * z - x * x - y * y);
  out[12] = c3d * z * (2.0f * z * z - 3.0f * x * x - 3.0f * y * y);
  out[13] = -c3c * x * (4.0f * z * z - x * x - y * y);
  out[14] = c3e * z * (x * x - y * y);
  out[15] = -c3a * x * (x * x - 3.0f * y * y);
}

// DESIGN's tile bound: clamp(int(v), 0, limit), int truncating toward zero. Truncation and the
// clamp are done in float so a far-away mean cannot overflow the int conversion.
int tile_bound(float v, int limit) {
  const float truncated = std::trunc(v);
  if (!(truncated > 0.0f)) return 0;  // also NaN
  if (truncated >= static_cast<float>(limit)) return limit;
  return static_cast<int>(truncated);
}

struct Splat {
  std::size_t index;
  float depth;
  glm::vec2 mean;
  float conic_a, conic_b, conic_c;
  float opacity;
  glm::vec3 color;
  int x0, x1, y0, y1;  // tile rectangle, exclusive ends
};

}  // namespace

Image render_reference(const GaussianScene& scene, const Camera& camera, const float background[3],
                       float scale_modifier, int max_sh_degree, ReferenceStats* stats) {
  const int width = camera.width;
  const int height = camera.height;

  // Camera frame: rows of the world-to-camera rotation are right, down, forward.
  const glm::vec3 forward = glm::normalize(camera.target - camera.eye);
  const glm::vec3 right = glm::normalize(glm::cross(forward, camera.up));
  const glm::vec3 down = glm::cross(forward, right);
  const glm::mat3 world_to_camera = glm::transpose(glm::mat3(right, down, forward));

  const float tan_half_y = std::tan(0.5f * glm::radians(camera.fovy_degrees));
  const float focal = static_cast<float>(height) / (2.0f * tan_half_y);
  const float tan_half_x = static_cast<float>(width) / (2.0f * focal);  // square pixels
  const int tiles_x = (width + kTile - 1) / kTile;
  const int tiles_y = (height + kTile - 1) / kTile;

  const int degree = std::clamp(std::min(scene.sh_degree, max_sh_degree), 0, 3);
  const int coeffs_used = (degree + 1) * (degree + 1);
  const std::size_t sh_stride = static_cast<std::size_t>(scene.sh_coeffs()) * 3;

  std::vector<Splat> splats;
  ReferenceStats seen;
  for (std::size_t i = 0; i < scene.count(); ++i) {
    const glm::vec3 world(scene.positions[3 * i], scene.positions[3 * i + 1], scene.positions[3 * i + 2]);
    const glm::vec3 t = world_to_camera * (world - camera.eye);
    if (!(t.z > kCullDepth)) continue;

    // Sigma = R S S^T R^T.
    const glm::quat q(scene.rotations[4 * i], scene.rotations[4 * i + 1], scene.rotations[4 * i + 2],
                      scene.rotations[4 * i + 3]);
    const glm::mat3 rotation = glm::mat3_cast(q);
    glm::mat3 s(0.0f);
    for (int k = 0; k < 3; ++k) s[k][k] = scene.scales[3 * i + k] * scale_modifier;
    const glm::mat3 rs = rotation * s;
    const glm::mat3 sigma = rs * glm::transpose(rs);

    // EWA: the Jacobian at the point with x/z, y/z clamped to 1.3 tan(half fov).
    const float lim_x = kJacobianClamp * tan_half_x;
    const float lim_y = kJacobianClamp * tan_half_y;
    const float jx = std::clamp(t.x / t.z, -lim_x, lim_x) * t.z;
    const float jy = std::clamp(t.y / t.z, -lim_y, lim_y) * t.z;
    glm::mat3 jacobian(0.0f);  // glm indexes [column][row]; the third row stays zero
    jacobian[0][0] = focal / t.z;
    jacobian[2][0] = -focal * jx / (t.z * t.z);
    jacobian[1][1] = focal / t.z;
    jacobian[2][1] = -focal * jy / (t.z * t.z);
    const glm::mat3 jw = jacobian * world_to_camera;
    const glm::mat3 cov = jw * sigma * glm::transpose(jw);
    const float c00 = cov[0][0] + kDilation;
    const float c01 = cov[1][0];
    const float c11 = cov[1][1] + kDilation;
    const float det = c00 * c11 - c01 * c01;
    if (!(det > 0.0f)) continue;

    const float mid = 0.5f * (c00 + c11);
    const float lambda_max = mid + std::sqrt(std::max(kSpreadFloor, mid * mid - det));
    // The reference's int radius; beyond int range the GPU's conversion saturates.
    const float radius_float = std::ceil(3.0f * std::sqrt(lambda_max));
    const int radius = radius_float < 2147483648.0f ? static_cast<int>(radius_float) : INT_MAX;

    Splat splat;
    splat.index = i;
    splat.depth = t.z;
    splat.mean = {focal * t.x / t.z + 0.5f * static_cast<float>(width - 1),
                  focal * t.y / t.z + 0.5f * static_cast<float>(height - 1)};
    const float r = static_cast<float>(radius);
    splat.x0 = tile_bound((splat.mean.x - r) / kTile, tiles_x);
    splat.x1 = tile_bound((splat.mean.x + r + kTile - 1) / kTile, tiles_x);
    splat.y0 = tile_bound((splat.mean.y - r) / kTile, tiles_y);
    splat.y1 = tile_bound((splat.mean.y + r + kTile - 1) / kTile, tiles_y);
    if (radius <= 0 || splat.x1 <= splat.x0 || splat.y1 <= splat.y0) continue;

    splat.conic_a = c11 / det;
    splat.conic_b = -c01 / det;
    splat.conic_c = c00 / det;
    splat.opacity = scene.opacities[i];

    float basis[16];
    sh_basis(glm::normalize(world - camera.eye), basis);
    glm::vec3 color(0.0f);
    const float* sh = scene.sh.data() + sh_stride * i;
    for (int k = 0; k < coeffs_used; ++k) color += basis[k] * glm::vec3(sh[3 * k], sh[3 * k + 1], sh[3 * k + 2]);
    splat.color = glm::max(color + 0.5f, glm::vec3(0.0f));

    ++seen.visible;
    seen.tile_entries += static_cast<std::size_t>(splat.x1 - splat.x0) * static_cast<std::size_t>(splat.y1 - splat.y0);
    splats.push_back(splat);
  }
  // Already in index order, so a stable sort by depth breaks ties by index.
  std::stable_sort(splats.begin(), splats.end(), [](const Splat& a, const Splat& b) { return a.depth < b.depth; });

  Image image;
  image.resize(width, height);
  for (int py = 0; py < height; ++py) {
    for (int px = 0; px < width; ++px) {
      const int tile_x = px / kTile;
      const int tile_y = py / kTile;
      glm::vec3 color(0.0f);
      float transmittance = 1.0f;
      for (const Splat& s : splats) {
        if (tile_x < s.x0 || tile_x >= s.x1 || tile_y < s.y0 || tile_y >= s.y1) continue;
        const float dx = static_cast<float>(px) - s.mean.x;
        const float dy = static_cast<float>(py) - s.mean.y;
        const float power = -0.5f * (s.conic_a * dx * dx + s.conic_c * dy * dy) - s.conic_b * dx * dy;
        if (power > 0.0f) continue;
        const float alpha = std::min(kAlphaCap, s.opacity * std::exp(power));
        if (alpha < kAlphaFloor) continue;
        const float next = transmittance * (1.0f - alpha);
        if (next < kStopTransmittance) break;
        color += s.color * (alpha * transmittance);
        transmittance = next;
      }
      const std::size_t o = static_cast<std::size_t>(py) * width + px;
      for (int c = 0; c < 3; ++c) image.rgb[3 * o + c] = color[c] + transmittance * background[c];
      image.alpha[o] = 1.0f - transmittance;
    }
  }
  if (stats) *stats = seen;
  return image;
}

}  // namespace splatview::test
