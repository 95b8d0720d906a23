// The inspection views (render/show_mode.h, render/inspect_views.h) against closed-form cases:
// depth of one and of two Gaussians, alpha at a Gaussian's centre, centres on their projected
// pixels, ellipse outlines at one sigma; and the colour view untouched by them.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/image.h"
#include "render/cpu_renderer.h"
#include "render/splat_math.h"
#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

// A camera at the origin looking down +z with -y up: camera space is world space. Odd sizes put
// the principal point on a pixel centre.
Camera camera_down_z(int width, int height) {
  Camera camera;
  camera.eye = {0, 0, 0};
  camera.target = {0, 0, 1};
  camera.up = {0, -1, 0};
  camera.fovy_degrees = 50;
  camera.width = width;
  camera.height = height;
  return camera;
}

// Isotropic Gaussians of standard deviation s: (x, y, z, s, opacity, r, g, b) each, colour as the
// SH DC term gives it (c = 0.5 + C0 dc).
struct Blob {
  float x, y, z, s, opacity, r, g, b;
};
GaussianScene blobs(const std::vector<Blob>& list) {
  GaussianScene scene;
  scene.resize(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Blob& b = list[i];
    for (int a = 0; a < 3; ++a) scene.scales[3 * i + a] = b.s;
    scene.positions[3 * i] = b.x;
    scene.positions[3 * i + 1] = b.y;
    scene.positions[3 * i + 2] = b.z;
    scene.rotations[4 * i] = 1;
    scene.opacities[i] = b.opacity;
    const float colour[3] = {b.r, b.g, b.b};
    for (int c = 0; c < 3; ++c) scene.sh[3 * i + c] = (colour[c] - 0.5f) / static_cast<float>(kShC0);
  }
  return scene;
}

struct Rendered {
  Image image;
  FrameStats stats;
  std::vector<float> depths;
};
Rendered render(const GaussianScene& scene, const Camera& camera, ShowMode show, float background = 0.f) {
  CpuRenderer renderer(2);
  RenderSettings settings;
  settings.show = show;
  for (float& c : settings.background) c = background;
  Rendered r;
  renderer.render(scene, camera, settings, r.image, r.stats);
  r.depths = renderer.depth_image();
  return r;
}

std::size_t pixel(const Image& image, int x, int y) { return static_cast<std::size_t>(y) * image.width + x; }

TEST(DepthView, OneOpaqueGaussianGivesItsDepthAtItsCentre) {
  const Camera camera = camera_down_z(65, 49);
  for (float z : {1.5f, 4.f, 20.f}) {
    const Rendered r = render(blobs({{0, 0, z, 0.05f * z, 0.99f, 0.8f, 0.2f, 0.1f}}), camera, ShowMode::kDepth);
    const std::size_t centre = pixel(r.image, 32, 24);
    ASSERT_EQ(r.depths.size(), r.image.alpha.size());
    EXPECT_NEAR(r.depths[centre], z, 1e-5f * z);
    // Every shown pixel has only this Gaussian: the map's range is its depth at both ends.
    EXPECT_NEAR(r.stats.depth_near, z, 1e-5f * z);
    EXPECT_NEAR(r.stats.depth_far, z, 1e-5f * z);
    EXPECT_GT(r.image.alpha[centre], 0.9f);
  }
}

TEST(DepthView, TwoGaussiansGiveTheirWeightedMean) {
  const Camera camera = camera_down_z(65, 49);
  // Front (alpha a1 at the centre pixel), then back (a2): weights a1 and (1 - a1) a2.
  const float z1 = 2.f, z2 = 5.f, a1 = 0.4f, a2 = 0.9f;
  const Rendered r = render(blobs({{0, 0, z2, 0.2f, a2, 0.1f, 0.9f, 0.1f}, {0, 0, z1, 0.1f, a1, 0.9f, 0.1f, 0.1f}}),
                            camera, ShowMode::kDepth);
  const float w1 = a1, w2 = (1 - a1) * a2;
  EXPECT_NEAR(r.depths[pixel(r.image, 32, 24)], (w1 * z1 + w2 * z2) / (w1 + w2), 1e-4f);
  // Near and far come from the pixels: none is nearer than the front one or farther than the back.
  EXPECT_GE(r.stats.depth_near, z1 - 1e-4f);
  EXPECT_LE(r.stats.depth_far, z2 + 1e-4f);
  EXPECT_LT(r.stats.depth_near, r.stats.depth_far);
}

TEST(DepthView, BackgroundStaysTheBackgroundAndEveryShownPixelIsItsDepthThroughTheMap) {
  const Camera camera = camera_down_z(65, 49);
  const Rendered r = render(blobs({{-0.3f, 0, 2, 0.05f, 0.99f, 1, 1, 1}, {0.3f, 0, 6, 0.15f, 0.99f, 1, 1, 1}}), camera,
                            ShowMode::kDepth, 0.25f);
  const std::size_t corner = pixel(r.image, 0, 0);
  for (int c = 0; c < 3; ++c) EXPECT_EQ(r.image.rgb[3 * corner + c], 0.25f);
  EXPECT_EQ(r.image.alpha[corner], 0.f);
  // Every shown pixel is its depth through the map, from near (t = 1) to far (t = 0), over the
  // background by its coverage; the near splat's centre is at the red end.
  const float span = r.stats.depth_far - r.stats.depth_near;
  ASSERT_GT(span, 3.f);
  int shown = 0;
  for (std::size_t p = 0; p < r.image.alpha.size(); ++p) {
    const float c = r.image.alpha[p];
    if (c == 0.f) continue;
    ++shown;
    const splat::Vec3 expected = splat::turbo_color((r.stats.depth_far - r.depths[p]) / span);
    EXPECT_NEAR(r.image.rgb[3 * p], c * expected.x + (1 - c) * 0.25f, 1e-5f);
    EXPECT_NEAR(r.image.rgb[3 * p + 2], c * expected.z + (1 - c) * 0.25f, 1e-5f);
  }
  EXPECT_GT(shown, 20);
  const float fx = focal_length_pixels(camera);
  const std::size_t near_px = pixel(r.image, static_cast<int>(std::lround(32 - fx * 0.3f / 2)), 24);
  EXPECT_GT(r.image.rgb[3 * near_px], 2 * r.image.rgb[3 * near_px + 2]);
}

TEST(TurboColor, RunsFromDarkThroughBlueGreenAndYellowToDarkRed) {
  const splat::Vec3 low = splat::turbo_color(0.f), blue = splat::turbo_color(0.12f), mid = splat::turbo_color(0.5f),
                    red = splat::turbo_color(0.9f), high = splat::turbo_color(1.f);
  EXPECT_LT(low.x + low.y + low.z, 0.5f);  // dark ends
  EXPECT_LT(high.x + high.y + high.z, 1.f);
  EXPECT_GT(blue.z, blue.x);
  EXPECT_GT(blue.z, blue.y);
  EXPECT_GT(mid.y, mid.z);
  EXPECT_GT(mid.y, 0.9f);
  EXPECT_GT(red.x, red.y);
  EXPECT_GT(red.x, 4 * red.z);
  EXPECT_GT(high.x, high.z);
  const splat::Vec3 clamped = splat::turbo_color(7.f);
  EXPECT_EQ(clamped.x, high.x);
}

TEST(AlphaView, OneGaussianAtItsCentreShowsItsOpacity) {
  const Camera camera = camera_down_z(33, 33);
  for (float opacity : {0.1f, 0.5f, 0.9f}) {
    const Rendered r = render(blobs({{0, 0, 3, 0.1f, opacity, 0.3f, 0.6f, 0.9f}}), camera, ShowMode::kAlpha, 1.f);
    const std::size_t centre = pixel(r.image, 16, 16);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(r.image.rgb[3 * centre + c], opacity, 1e-6f);
    EXPECT_EQ(r.image.rgb[3 * pixel(r.image, 0, 0)], 0.f);  // grey 0 where nothing is, whatever the background
    EXPECT_EQ(r.image.alpha[centre], 1.f);
  }
}

TEST(CentresView, EachCentreLandsOnItsProjectedPixel) {
  const Camera camera = camera_down_z(96, 64);
  const float f = focal_length_pixels(camera);
  const std::vector<Blob> list = {{0.2f, -0.1f, 2, 0.01f, 0.8f, 1, 0, 0}, {-0.5f, 0.3f, 3, 0.02f, 0.8f, 0, 1, 0}};
  const Rendered r = render(blobs(list), camera, ShowMode::kCentres, 0.f);
  int lit = 0;
  for (float a : r.image.alpha) lit += a > 0.f ? 1 : 0;
  EXPECT_EQ(lit, 2 * 9);  // two 3x3 points, nothing else
  for (std::size_t i = 0; i < list.size(); ++i) {
    const int x = static_cast<int>(std::lround(f * list[i].x / list[i].z + 0.5f * 95));
    const int y = static_cast<int>(std::lround(f * list[i].y / list[i].z + 0.5f * 63));
    const std::size_t p = pixel(r.image, x, y);
    EXPECT_EQ(r.image.alpha[p], 1.f) << i;
    EXPECT_NEAR(r.image.rgb[3 * p], list[i].r, 1e-5f);
    EXPECT_NEAR(r.image.rgb[3 * p + 1], list[i].g, 1e-5f);
    EXPECT_EQ(r.image.alpha[pixel(r.image, x + 2, y)], 0.f);
  }
}

TEST(CentresView, TheNearerCentreIsOnTop) {
  const Camera camera = camera_down_z(33, 33);
  // Both project onto the centre pixel; the nearer (green) is listed first, the farther second.
  const Rendered r = render(blobs({{0, 0, 2, 0.01f, 0.8f, 0, 1, 0}, {0, 0, 4, 0.01f, 0.8f, 1, 0, 0}}), camera,
                            ShowMode::kCentres);
  const std::size_t p = pixel(r.image, 16, 16);
  EXPECT_NEAR(r.image.rgb[3 * p + 1], 1.f, 1e-5f);
  EXPECT_NEAR(r.image.rgb[3 * p], 0.f, 1e-5f);
}

TEST(EllipsesView, OutlineOfAnIsotropicGaussianIsItsOneSigmaCircle) {
  const Camera camera = camera_down_z(101, 101);
  const float f = focal_length_pixels(camera), z = 4.f, s = 0.5f;
  // Head on, the drawn footprint is (f s / z)^2 + 0.3 (the low-pass filter) in each direction.
  const float radius = std::sqrt((f * s / z) * (f * s / z) + static_cast<float>(kLowPassFilter));
  ASSERT_GT(radius, 10.f);
  const Rendered r = render(blobs({{0, 0, z, s, 0.9f, 1, 1, 0}}), camera, ShowMode::kEllipses);
  EXPECT_EQ(r.image.alpha[pixel(r.image, 50, 50)], 0.f);  // the inside is not filled
  int on_circle = 0, off_circle = 0;
  for (int y = 0; y < 101; ++y)
    for (int x = 0; x < 101; ++x) {
      if (r.image.alpha[pixel(r.image, x, y)] == 0.f) continue;
      const float d = std::hypot(static_cast<float>(x - 50), static_cast<float>(y - 50));
      (std::fabs(d - radius) <= 1.f ? on_circle : off_circle)++;
    }
  EXPECT_EQ(off_circle, 0);
  EXPECT_GT(on_circle, static_cast<int>(2 * 3.14159f * radius * 0.9f));  // closed all round
}

TEST(EllipseMath, OffsetsLieOnTheLevelSet) {
  const splat::Conic conic = {0.3f, 0.1f, 0.05f};
  for (float angle = 0; angle < 6.28f; angle += 0.3f) {
    const splat::Vec2 d = splat::ellipse_offset(conic, 2.f, angle);
    const float level = conic.a * d.x * d.x + 2 * conic.b * d.x * d.y + conic.c * d.y * d.y;
    EXPECT_NEAR(level, 2.f, 1e-4f);
  }
}

// Centres and ellipses are drawn in bands of rows, one task each; the picture does not depend on
// how many threads draw it (nor do depth and alpha).
TEST(InspectViews, PicturesDoNotDependOnTheThreadCount) {
  const GaussianScene& scene = test::cached_shared_scene("playbot-31k-sh2.ply");
  const Camera camera = test::playbot_front(333, 187);
  for (ShowMode show : {ShowMode::kDepth, ShowMode::kAlpha, ShowMode::kCentres, ShowMode::kEllipses}) {
    RenderSettings settings;
    settings.show = show;
    settings.background[2] = 0.2f;
    Image one, several;
    FrameStats stats;
    CpuRenderer(1).render(scene, camera, settings, one, stats);
    CpuRenderer(cpu_thread_limit()).render(scene, camera, settings, several, stats);
    EXPECT_EQ(one.rgb, several.rgb) << show_mode_name(show);
    EXPECT_EQ(one.alpha, several.alpha) << show_mode_name(show);
  }
}

// The colour view is the renderer's own image whatever the inspection code does: the default
// settings and a crop box holding every Gaussian give the same bits.
TEST(ColorView, AShowRuleThatHidesNothingChangesNoBit) {
  const GaussianScene& scene = test::cached_shared_scene("playbot-31k-sh2.ply");
  const Camera camera = test::playbot_front(320, 180);
  CpuRenderer renderer(2);
  Image plain, ruled;
  FrameStats stats;
  renderer.render(scene, camera, RenderSettings{}, plain, stats);
  RenderSettings settings;
  settings.shown = {1, {-1e9f, -1e9f, -1e9f}, {1e9f, 1e9f, 1e9f}, 0.f};
  renderer.render(scene, camera, settings, ruled, stats);
  EXPECT_EQ(plain.rgb, ruled.rgb);
  EXPECT_EQ(plain.alpha, ruled.alpha);
}

}  // namespace
}  // namespace splatview
