// Render modes (core/render_mode.h): mip mode's opacity factor against closed form, a mip image
// against the classic image of the same scene with its opacities compensated by hand, and the PLY
// header comment that names a scene's mode, read and written.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "core/camera.h"
#include "core/formats/ply_writer.h"
#include "core/gaussian_scene.h"
#include "core/image.h"
#include "core/ply_reader.h"
#include "render/cpu_renderer.h"
#include "render/frame_setup.h"
#include "render/splat_math.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

// A camera at the origin looking down +z with -y up: camera space is world space.
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

// The 2D covariance of an isotropic 3D Gaussian of standard deviation s at (x, y, z) in camera
// space, before the filter: s^2 J J^T = k [[1 + u^2, u v], [u v, 1 + v^2]], k = (f s / z)^2,
// u = x / z, v = y / z (J of DESIGN's EWA projection; the view rotation drops out of J W W^T J^T).
// Mip mode's factor is then sqrt(det / det(+ 0.3 I)), worked out in double.
double closed_form_factor(double f, double s, double x, double y, double z) {
  const double k = (f * s / z) * (f * s / z), u = x / z, v = y / z;
  const double xx = k * (1 + u * u), xy = k * u * v, yy = k * (1 + v * v);
  const double det = xx * yy - xy * xy;
  const double filtered = (xx + 0.3) * (yy + 0.3) - xy * xy;
  return std::sqrt(det / filtered);
}

GaussianScene one_isotropic_gaussian(float x, float y, float z, float s, float opacity) {
  GaussianScene scene;
  scene.resize(1);
  scene.positions = {x, y, z};
  scene.scales = {s, s, s};
  scene.rotations = {1, 0, 0, 0};
  scene.opacities = {opacity};
  scene.sh = {0.5f, 0.5f, 0.5f};
  return scene;
}

// The opacity preprocessing gives Gaussian 0 in `mode`; -1 where it culls it.
float preprocessed_opacity(const GaussianScene& scene, const Camera& camera, RenderMode mode) {
  const FrameSetup frame = make_frame_setup(scene, camera, RenderSettings{});
  splat::ProjectedSplat p{};
  if (!splat::preprocess_gaussian(frame.arrays, 0, frame.view, 1.0f, 0, p, mode)) return -1.f;
  return p.opacity;
}

TEST(MipOpacityFactor, IsotropicGaussianSeenHeadOnAtSeveralDistancesAndSizes) {
  const Camera camera = camera_down_z(640, 480);
  const double f = focal_length_pixels(camera);
  for (float z : {0.5f, 2.f, 10.f, 80.f}) {
    for (float s : {0.0005f, 0.005f, 0.05f, 0.5f}) {
      const GaussianScene scene = one_isotropic_gaussian(0, 0, z, s, 0.8f);
      // On the axis the footprint is sigma^2 I with sigma = f s / z pixels: the factor is
      // sigma^2 / (sigma^2 + 0.3).
      const double sigma2 = (f * s / z) * (f * s / z);
      const double expected = sigma2 / (sigma2 + 0.3);
      ASSERT_NEAR(expected, closed_form_factor(f, s, 0, 0, z), 1e-12);
      const float mip = preprocessed_opacity(scene, camera, RenderMode::kMip);
      if (0.8 * expected < kMinAlpha * (1 - 1e-5)) {  // compensated below one 8-bit step: culled, it shows nowhere
        EXPECT_EQ(mip, -1.f) << "z " << z << ", s " << s;
        continue;
      }
      EXPECT_NEAR(mip / 0.8, expected, 2e-6 * expected) << "z " << z << ", s " << s;
      EXPECT_EQ(preprocessed_opacity(scene, camera, RenderMode::kClassic), 0.8f) << "classic keeps the opacity";
    }
  }
}

TEST(MipOpacityFactor, IsotropicGaussianOffTheAxis) {
  const Camera camera = camera_down_z(640, 480);
  const double f = focal_length_pixels(camera);
  for (const auto& [x, y, z, s] : {std::array{0.3f, -0.2f, 2.f, 0.004f}, std::array{-3.f, 1.5f, 10.f, 0.02f},
                                   std::array{1.f, 1.f, 5.f, 0.1f}}) {
    const GaussianScene scene = one_isotropic_gaussian(x, y, z, s, 0.5f);
    const double expected = closed_form_factor(f, s, x, y, z);
    EXPECT_NEAR(preprocessed_opacity(scene, camera, RenderMode::kMip) / 0.5, expected, 2e-6 * expected)
        << x << "," << y << "," << z;
  }
}

TEST(MipOpacityFactor, DependsOnlyOnTheDeterminants) {
  // diag(a, b) rotated by any angle: sqrt(a b / ((a + 0.3) (b + 0.3))).
  for (const auto& [a, b] : {std::pair{4.0, 0.01}, std::pair{100.0, 100.0}, std::pair{0.2, 7.0}}) {
    const double expected = std::sqrt(a * b / ((a + 0.3) * (b + 0.3)));
    for (double angle : {0.0, 0.4, 1.3}) {
      const double c = std::cos(angle), sn = std::sin(angle);
      const splat::Sym2 cov = {static_cast<float>(a * c * c + b * sn * sn), static_cast<float>((a - b) * c * sn),
                               static_cast<float>(a * sn * sn + b * c * c)};
      EXPECT_NEAR(splat::mip_opacity_factor(cov, splat::low_pass_filter(cov)), expected, 5e-5 * expected)
          << a << ", " << b << ", angle " << angle;
    }
  }
}

TEST(MipOpacityFactor, IsZeroNotNaNForDegenerateFootprints) {
  const splat::Sym2 flat = {4.f, 0.f, 0.f};       // a line: det 0
  // det -0.44, as rounding can leave a nearly flat splat, yet positive (0.25) once filtered: the
  // splat is drawn, with opacity 0.
  const splat::Sym2 indefinite = {1.f, 1.2f, 1.f};
  EXPECT_EQ(splat::mip_opacity_factor(flat, splat::low_pass_filter(flat)), 0.f);
  EXPECT_EQ(splat::mip_opacity_factor(indefinite, splat::low_pass_filter(indefinite)), 0.f);
}

// Isotropic Gaussians spread over the view at depths 1.5 to 30, sizes from well under a pixel to
// many pixels, overlapping; every seventh fully opaque.
GaussianScene isotropic_scene(std::size_t n) {
  std::mt19937 rng(19);
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  GaussianScene scene;
  scene.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float z = 1.5f + 28.5f * unit(rng) * unit(rng);
    scene.positions[3 * i] = (unit(rng) - 0.5f) * 0.7f * z;  // within the view: |x / z| < tan(fovx / 2)
    scene.positions[3 * i + 1] = (unit(rng) - 0.5f) * 0.6f * z;
    scene.positions[3 * i + 2] = z;
    const float s = 0.0008f * std::pow(200.f, unit(rng));
    for (int c = 0; c < 3; ++c) {
      scene.scales[3 * i + c] = s;
      scene.sh[3 * i + c] = 2.f * unit(rng) - 1.f;
    }
    scene.rotations[4 * i] = 1.f;
    scene.opacities[i] = i % 7 == 0 ? 1.f : 0.1f + 0.9f * unit(rng);
  }
  return scene;
}

float largest_difference(const Image& a, const Image& b) {
  float worst = 0.f;
  for (std::size_t k = 0; k < a.rgb.size(); ++k) worst = std::max(worst, std::abs(a.rgb[k] - b.rgb[k]));
  for (std::size_t k = 0; k < a.alpha.size(); ++k) worst = std::max(worst, std::abs(a.alpha[k] - b.alpha[k]));
  return worst;
}

TEST(MipMode, ImageEqualsTheClassicImageOfHandCompensatedOpacities) {
  const Camera camera = camera_down_z(160, 120);
  const double f = focal_length_pixels(camera);
  const GaussianScene scene = isotropic_scene(400);
  GaussianScene compensated = scene;
  for (std::size_t i = 0; i < scene.count(); ++i) {
    const float* p = &scene.positions[3 * i];
    compensated.opacities[i] =
        static_cast<float>(scene.opacities[i] * closed_form_factor(f, scene.scales[3 * i], p[0], p[1], p[2]));
  }
  CpuRenderer cpu(2);
  FrameStats stats;
  RenderSettings mip;
  mip.render_mode = RenderMode::kMip;
  mip.background[2] = 0.4f;
  RenderSettings classic = mip;
  classic.render_mode = RenderMode::kClassic;
  Image got, want, plain;
  cpu.render(scene, camera, mip, got, stats);
  cpu.render(compensated, camera, classic, want, stats);
  cpu.render(scene, camera, classic, plain, stats);
  EXPECT_LE(largest_difference(got, want), 1.f / 255.f);
  EXPECT_GT(largest_difference(got, plain), 0.1f) << "the compensation should show in this scene";
  // The file's mode, with no setting, is the same as choosing it.
  GaussianScene marked = scene;
  marked.render_mode = RenderMode::kMip;
  RenderSettings unset = mip;
  unset.render_mode.reset();
  Image by_file;
  cpu.render(marked, camera, unset, by_file, stats);
  EXPECT_EQ(by_file.rgb, got.rgb);
  EXPECT_EQ(by_file.alpha, got.alpha);
  // ... and a setting overrides the file.
  Image overridden;
  cpu.render(marked, camera, classic, overridden, stats);
  EXPECT_EQ(overridden.rgb, plain.rgb);
}

TEST(MipMode, SettingsOverrideTheSceneFile) {
  GaussianScene scene;
  RenderSettings settings;
  EXPECT_EQ(render_mode_for(scene, settings), RenderMode::kClassic);
  scene.render_mode = RenderMode::kMip;
  EXPECT_EQ(render_mode_for(scene, settings), RenderMode::kMip);
  settings.render_mode = RenderMode::kClassic;
  EXPECT_EQ(render_mode_for(scene, settings), RenderMode::kClassic);
  EXPECT_EQ(parse_render_mode("mip"), RenderMode::kMip);
  EXPECT_EQ(parse_render_mode("classic"), RenderMode::kClassic);
  EXPECT_FALSE(parse_render_mode("Mip"));
  EXPECT_FALSE(parse_render_mode("antialiased"));
}

// ---- The PLY header comment ----------------------------------------------------------------------

// A one-Gaussian ASCII PLY with the given comment lines.
Result<LoadedScene> ply_with_comments(const std::vector<std::string>& comments) {
  std::string text = "ply\nformat ascii 1.0\n";
  for (const std::string& c : comments) text += "comment " + c + "\n";
  text +=
      "element vertex 1\n"
      "property float x\nproperty float y\nproperty float z\n"
      "property float f_dc_0\nproperty float f_dc_1\nproperty float f_dc_2\n"
      "property float opacity\n"
      "property float scale_0\nproperty float scale_1\nproperty float scale_2\n"
      "property float rot_0\nproperty float rot_1\nproperty float rot_2\nproperty float rot_3\n"
      "end_header\n"
      "0 0 0 0 0 0 0 0 0 0 1 0 0 0\n";
  const auto* bytes = reinterpret_cast<const std::byte*>(text.data());
  return parse_ply(std::span<const std::byte>(bytes, text.size()), "mode.ply");
}

RenderMode mode_of(const std::vector<std::string>& comments) {
  auto loaded = ply_with_comments(comments);
  EXPECT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_TRUE(loaded.value().warnings.empty());
  return loaded.value().scene.render_mode;
}

TEST(PlyRenderModeComment, PicksTheMode) {
  EXPECT_EQ(mode_of({"SplatRenderMode: mip"}), RenderMode::kMip);
  EXPECT_EQ(mode_of({"SplatRenderMode: default"}), RenderMode::kClassic);
  EXPECT_EQ(mode_of({}), RenderMode::kClassic);
  EXPECT_EQ(mode_of({"Generated by gsplat", "SplatRenderMode:mip  "}), RenderMode::kMip);
  EXPECT_EQ(mode_of({"SplatRenderMode: MIP"}), RenderMode::kMip);
  EXPECT_EQ(mode_of({"SplatRenderMode: default", "SplatRenderMode: mip"}), RenderMode::kClassic) << "the first counts";
  EXPECT_EQ(mode_of({"splatrendermode is not mentioned here: mip"}), RenderMode::kClassic);
}

TEST(PlyRenderModeComment, UnknownValueWarnsOnceAndRendersClassic) {
  auto loaded = ply_with_comments({"SplatRenderMode: 3dgut"});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().scene.render_mode, RenderMode::kClassic);
  ASSERT_EQ(loaded.value().warnings.size(), 1u);
  EXPECT_NE(loaded.value().warnings[0].find("'3dgut'"), std::string::npos) << loaded.value().warnings[0];
}

TEST(PlyRenderModeComment, TheWriterRecordsTheScenesMode) {
  const auto dir = test::fresh_temp_dir("render-mode-ply");
  GaussianScene scene = one_isotropic_gaussian(0, 0, 1, 0.1f, 0.5f);
  scene.comments = {"SplatRenderMode: mip", "trained with gsplat"};
  scene.render_mode = RenderMode::kMip;
  ASSERT_FALSE(write_ply(dir / "mip.ply", scene));
  auto back = load_ply(dir / "mip.ply");
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back.value().scene.render_mode, RenderMode::kMip);
  const std::vector<std::string> expected = {"SplatRenderMode: mip", "trained with gsplat", "written by splatview"};
  EXPECT_EQ(back.value().scene.comments, expected);
  ASSERT_FALSE(write_ply(dir / "again.ply", back.value().scene));  // no second mode comment
  EXPECT_EQ(load_ply(dir / "again.ply").value().scene.comments, expected);

  // A mip scene whose file said nothing (an SPZ's flag) gets the comment ...
  scene.comments.clear();
  ASSERT_FALSE(write_ply(dir / "from-spz.ply", scene));
  EXPECT_EQ(load_ply(dir / "from-spz.ply").value().scene.render_mode, RenderMode::kMip);
  // ... and one set to classic (--render-mode classic --convert) says so instead of mip.
  scene.comments = {"SplatRenderMode: mip"};
  scene.render_mode = RenderMode::kClassic;
  ASSERT_FALSE(write_ply(dir / "classic.ply", scene));
  auto classic = load_ply(dir / "classic.ply");
  ASSERT_TRUE(classic.ok());
  EXPECT_EQ(classic.value().scene.render_mode, RenderMode::kClassic);
  EXPECT_EQ(classic.value().scene.comments.front(), "SplatRenderMode: default");
}

}  // namespace
}  // namespace splatview
