// CudaRenderer against CpuRenderer (DESIGN "Parity": within 1/255 per channel on every pixel) on
// the real scenes at several cameras, sizes (some not divisible by 16), SH degrees, backgrounds
// and scale modifiers; the edge cases; FrameStats; frame-to-frame reuse; errors reported, not
// thrown. Every test skips, with the reason, without a CUDA build or a usable CUDA device.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/camera.h"
#include "core/image.h"
#include "core/ply_reader.h"
#include "cuda/backend_select.h"
#include "cuda/cuda_device.h"
#include "render/cpu_renderer.h"
#include "tests/support/test_paths.h"
#include "tests/support/test_scenes.h"

#ifdef SPLATVIEW_HAVE_CUDA
#include <cuda_runtime.h>

#include "cuda/cuda_renderer.h"
#endif

namespace splatview {
namespace {

using test::look_at;
using test::playbot_front;
using test::train_view;

// First line of every test: no CUDA build or no device -> skip with the reason.
#ifdef SPLATVIEW_HAVE_CUDA
#define SKIP_WITHOUT_CUDA_DEVICE()                                       \
  do {                                                                   \
    const CudaDeviceStatus device_status = query_cuda_device();         \
    if (!device_status.usable) GTEST_SKIP() << device_status.description; \
  } while (false)
#else
#define SKIP_WITHOUT_CUDA_DEVICE() GTEST_SKIP() << "built without CUDA"
#endif

#ifdef SPLATVIEW_HAVE_CUDA

constexpr const char* kTrain = "voxel51-train-first1000-sh3.ply";
constexpr const char* kPlaybot3k = "playbot-3k-sh2-nonormals-altorder.ply";
constexpr const char* kPlaybot31k = "playbot-31k-sh1.ply";
constexpr const char* kPlaybot31kSh2 = "playbot-31k-sh2.ply";
constexpr const char* kPlaybot500k = "playbot-500k-sh0.ply";

const GaussianScene& scene_named(const std::string& name) { return test::cached_shared_scene(name); }

Camera playbot_orbit(float azimuth, float elevation, float distance, int w, int h) {
  return orbit_camera({{0, -0.4f, 0}, {0, -1, 0}, azimuth, elevation, distance, 50}, w, h);
}

// Random Gaussians about the origin (test::random_scene's defaults).
GaussianScene random_scene(std::size_t n, int sh_degree, unsigned seed) {
  return test::random_scene({.count = n, .sh_degree = sh_degree, .seed = seed});
}

struct Rendered {
  Image image;
  FrameStats stats;
};

Rendered render_with(Renderer& renderer, const GaussianScene& scene, const Camera& camera,
                     const RenderSettings& settings) {
  Rendered r;
  renderer.render(scene, camera, settings, r.image, r.stats);
  return r;
}

// The largest difference of any colour or coverage value; NaN counts as infinite.
float largest_difference(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height) return INFINITY;
  float worst = 0.f;
  for (std::size_t k = 0; k < a.rgb.size(); ++k) {
    const float d = std::abs(a.rgb[k] - b.rgb[k]);
    worst = std::isnan(d) ? INFINITY : std::max(worst, d);
  }
  for (std::size_t k = 0; k < a.alpha.size(); ++k) {
    const float d = std::abs(a.alpha[k] - b.alpha[k]);
    worst = std::isnan(d) ? INFINITY : std::max(worst, d);
  }
  return worst;
}

constexpr float kParity = 1.0f / 255.0f;

// Renders on both backends and expects every value within 1/255 and the same counts.
void expect_parity(CudaRenderer& gpu, const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                   const std::string& name) {
  CpuRenderer cpu;
  const Rendered want = render_with(cpu, scene, camera, settings);
  const Rendered got = render_with(gpu, scene, camera, settings);
  EXPECT_EQ(gpu.last_failure(), "") << name;
  const float worst = largest_difference(got.image, want.image);
  std::printf("[ parity   ] %-44s visible %7zu entries %8zu  max|d| %.3g  GPU %.2f ms (blend %.2f)\n", name.c_str(),
              got.stats.visible, got.stats.tile_entries, static_cast<double>(worst), got.stats.total_ms,
              got.stats.blend_ms);
  EXPECT_LE(worst, kParity) << name;
  EXPECT_EQ(got.stats.visible, want.stats.visible) << name;
  EXPECT_EQ(got.stats.tile_entries, want.stats.tile_entries) << name;
}

RenderSettings settings_with(int sh_degree, float r, float g, float b, float scale_modifier) {
  RenderSettings s;
  s.max_sh_degree = sh_degree;
  s.background[0] = r;
  s.background[1] = g;
  s.background[2] = b;
  s.scale_modifier = scale_modifier;
  return s;
}

TEST(CudaRenderer, MatchesTheCpuOnRealScenes) {
  SKIP_WITHOUT_CUDA_DEVICE();
  struct Case {
    const char* name;
    const char* scene;
    Camera camera;
    RenderSettings settings;
  };
  const Case cases[] = {
      {"train_sh3_64x48", kTrain, train_view(64, 48), settings_with(3, 0, 0, 0, 1)},
      {"train_sh2_bg_mod05_97x61", kTrain, train_view(97, 61), settings_with(2, 0.25f, 0.5f, 0.75f, 0.5f)},
      {"train_sh1_mod15_333x197", kTrain, train_view(333, 197), settings_with(1, 0, 0, 0, 1.5f)},
      {"train_sh0_white_256x144", kTrain, train_view(256, 144), settings_with(0, 1, 1, 1, 1)},
      {"playbot3k_front_sh2_97x61", kPlaybot3k, playbot_front(97, 61), settings_with(2, 0, 0, 0, 1)},
      {"playbot31k_front_sh1_640x360", kPlaybot31k, playbot_front(640, 360), settings_with(1, 0.1f, 0.3f, 0.6f, 1)},
      {"playbot31k_orbit60_sh0_mod15_97x61", kPlaybot31k, playbot_orbit(60, 20, 3.3f, 97, 61),
       settings_with(0, 0, 0, 0, 1.5f)},
      {"playbot31k_sh2_orbit210_white_321x203", kPlaybot31kSh2, playbot_orbit(210, -15, 3.3f, 321, 203),
       settings_with(2, 1, 1, 1, 1)},
      {"playbot31k_sh2_close_sh2_200x120", kPlaybot31kSh2, playbot_orbit(30, 10, 0.8f, 200, 120),
       settings_with(2, 0.2f, 0.2f, 0.2f, 1)},
      {"playbot500k_sh0_1920x1080", kPlaybot500k, playbot_front(1920, 1080), settings_with(0, 0, 0, 0, 1)},
      {"playbot500k_sh0_orbit_mod2_1001x563", kPlaybot500k, playbot_orbit(120, 30, 2.5f, 1001, 563),
       settings_with(0, 0, 0.2f, 0, 2.0f)},
  };
  CudaRenderer gpu;  // one renderer for all: buffers are reused across scenes and sizes
  for (const Case& c : cases) {
    const GaussianScene& scene = scene_named(c.scene);
    ASSERT_GT(scene.count(), 0u) << c.name;
    expect_parity(gpu, scene, c.camera, c.settings, c.name);
  }
}

TEST(CudaRenderer, MatchesTheCpuOnADenseSyntheticScene) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // Thousands of splats per middle tile (many shared-memory batches), saturated pixels.
  const GaussianScene scene = random_scene(20000, 3, 7);
  CudaRenderer gpu;
  for (int sh = 0; sh <= 3; ++sh)
    expect_parity(gpu, scene, look_at({0, 0, -3}, {0, 0, 0}, 131, 75), settings_with(sh, 0.3f, 0.1f, 0.2f, 1),
                  "dense_sh" + std::to_string(sh) + "_131x75");
  expect_parity(gpu, scene, look_at({0.5f, -0.3f, -2.5f}, {0, 0, 0}, 16, 16), settings_with(3, 0, 0, 0, 1.5f),
                "dense_16x16");
  expect_parity(gpu, scene, look_at({0, 0, -3}, {0, 0, 0}, 17, 33), settings_with(3, 0, 0, 0, 0.7f), "dense_17x33");
  expect_parity(gpu, scene, look_at({0, 0, -3}, {0, 0, 0}, 1, 1), settings_with(3, 1, 0, 0, 1), "dense_1x1");
}

// Mip mode (render/splat_math.h, mip_opacity_factor) runs the same shared math on both backends:
// the real scenes up close and far away (where the factor is far from 1), a scene file marked mip
// with no setting, and the dense synthetic scene.
TEST(CudaRenderer, MipModeMatchesTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  RenderSettings mip = settings_with(3, 0, 0, 0, 1);
  mip.render_mode = RenderMode::kMip;
  RenderSettings mip_grey = settings_with(1, 0.3f, 0.3f, 0.3f, 0.5f);
  mip_grey.render_mode = RenderMode::kMip;
  CudaRenderer gpu;
  expect_parity(gpu, scene_named(kTrain), train_view(97, 61), mip, "mip_train_sh3_97x61");
  expect_parity(gpu, scene_named(kPlaybot31kSh2), playbot_orbit(30, 10, 0.8f, 200, 120), mip, "mip_playbot31k_close");
  expect_parity(gpu, scene_named(kPlaybot31kSh2), playbot_orbit(210, -15, 12.f, 321, 203), mip_grey,
                "mip_playbot31k_far_mod05");
  expect_parity(gpu, scene_named(kPlaybot500k), playbot_front(1001, 563), mip, "mip_playbot500k_1001x563");
  GaussianScene marked = random_scene(20000, 3, 7);
  marked.render_mode = RenderMode::kMip;  // the file's mode, no setting
  expect_parity(gpu, marked, look_at({0, 0, -3}, {0, 0, 0}, 131, 75), settings_with(3, 0.3f, 0.1f, 0.2f, 1),
                "mip_by_file_dense_131x75");
}

TEST(CudaRenderer, EdgeCasesMatchTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  CudaRenderer gpu;
  const Camera camera = look_at({0, 0, -3}, {0, 0, 0}, 45, 29);
  const RenderSettings settings = settings_with(3, 0.2f, 0.4f, 0.6f, 1);

  expect_parity(gpu, GaussianScene{}, camera, settings, "no_gaussians");

  GaussianScene one = random_scene(1, 0, 3);
  one.positions = {0.05f, -0.02f, 0.f};
  one.opacities = {0.9f};
  expect_parity(gpu, one, camera, settings, "one_gaussian");

  GaussianScene behind = random_scene(500, 1, 4);
  for (std::size_t i = 0; i < behind.count(); ++i) behind.positions[3 * i + 2] = -3.1f;  // z = -0.1 in camera space
  const Rendered b = render_with(gpu, behind, camera, settings);
  EXPECT_EQ(b.stats.visible, 0u);
  EXPECT_EQ(b.stats.tile_entries, 0u);
  expect_parity(gpu, behind, camera, settings, "all_behind_the_camera");

  GaussianScene outside = random_scene(500, 2, 5);
  for (std::size_t i = 0; i < outside.count(); ++i) outside.positions[3 * i] += (i % 2 ? 60.f : -60.f);
  const Rendered o = render_with(gpu, outside, camera, settings);
  EXPECT_EQ(o.stats.visible, 0u);
  expect_parity(gpu, outside, camera, settings, "far_outside_the_view");

  // Nothing visible: the image is exactly the background, coverage 0.
  for (std::size_t p = 0; p < o.image.alpha.size(); ++p) {
    ASSERT_EQ(o.image.alpha[p], 0.f);
    for (int c = 0; c < 3; ++c) ASSERT_EQ(o.image.rgb[3 * p + c], settings.background[c]);
  }
}

TEST(CudaRenderer, ReusesItsBuffersAndNoticesANewScene) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GaussianScene& a = scene_named(kPlaybot31k);
  const GaussianScene b = random_scene(5000, 1, 11);
  const Camera camera = playbot_front(250, 140);
  CudaRenderer gpu;
  const Rendered first = render_with(gpu, a, camera, {});
  const Rendered second = render_with(gpu, a, camera, {});
  EXPECT_EQ(largest_difference(first.image, second.image), 0.f) << "the same frame twice";
  EXPECT_EQ(first.stats.memory_bytes, second.stats.memory_bytes) << "a repeated frame allocated";
  EXPECT_GT(second.stats.memory_bytes, 0u);
  // Another scene of another size, then back: each frame must show its own scene.
  expect_parity(gpu, b, camera, {}, "other_scene");
  expect_parity(gpu, a, camera, {}, "first_scene_again");
  // A scene edited in place after invalidate_scene(): Gaussians 1-70 only, which the renderer's
  // sample of the scene (64 of its 5000, one every 78) does not see, so only invalidate_scene()
  // tells it.
  GaussianScene edited = b;
  expect_parity(gpu, edited, camera, {}, "before_edit");
  CpuRenderer cpu;
  const Rendered before = render_with(cpu, edited, camera, {});
  for (std::size_t i = 1; i <= 70; ++i) {
    edited.opacities[i] = 1.f;
    for (int k = 0; k < 3; ++k) edited.scales[3 * i + k] *= 3.f;
  }
  ASSERT_GT(largest_difference(render_with(cpu, edited, camera, {}).image, before.image), 0.1f)
      << "the edit must show";
  gpu.invalidate_scene();
  expect_parity(gpu, edited, camera, {}, "after_edit");
}

TEST(CudaRenderer, StageTimesAndStatsAreFilledIn) {
  SKIP_WITHOUT_CUDA_DEVICE();
  CudaRenderer gpu;
  const Rendered r = render_with(gpu, scene_named(kPlaybot31k), playbot_front(640, 360), {});
  for (double ms : {r.stats.preprocess_ms, r.stats.keys_ms, r.stats.sort_ms, r.stats.ranges_ms, r.stats.blend_ms})
    EXPECT_GE(ms, 0.0);
  EXPECT_GT(r.stats.blend_ms, 0.0);
  // The host clock's total encloses the stages the events timed (a little slack for two clocks).
  EXPECT_GE(r.stats.total_ms + 0.05,
            r.stats.preprocess_ms + r.stats.keys_ms + r.stats.sort_ms + r.stats.ranges_ms + r.stats.blend_ms);
  EXPECT_GT(r.stats.visible, 0u);
  EXPECT_GE(r.stats.tile_entries, r.stats.visible);
  EXPECT_EQ(gpu.name(), "cuda");
  EXPECT_FALSE(gpu.device_description().empty());
}

TEST(CudaRenderer, RendersOnTheDeviceAsRgba8) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GaussianScene& scene = scene_named(kTrain);
  const Camera camera = train_view(97, 61);
  const RenderSettings settings = settings_with(3, 0.1f, 0.2f, 0.3f, 1);
  CudaRenderer gpu;
  FrameStats stats;
  ASSERT_TRUE(gpu.render_on_device(scene, camera, settings, stats)) << gpu.last_failure();
  const CudaRenderer::DeviceFrame frame = gpu.device_frame();
  ASSERT_NE(frame.rgba8, nullptr);
  ASSERT_EQ(frame.width, 97);
  ASSERT_EQ(frame.height, 61);
  std::vector<std::uint8_t> rgba(97 * 61 * 4);
  ASSERT_EQ(cudaMemcpy(rgba.data(), frame.rgba8, rgba.size(), cudaMemcpyDeviceToHost), cudaSuccess);

  CpuRenderer cpu;
  const Rendered want = render_with(cpu, scene, camera, settings);
  int worst = 0;
  for (std::size_t p = 0; p < want.image.alpha.size(); ++p) {
    for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(rgba[4 * p + c] - to_8bit(want.image.rgb[3 * p + c])));
    worst = std::max(worst, std::abs(rgba[4 * p + 3] - to_8bit(want.image.alpha[p])));
  }
  EXPECT_LE(worst, 1) << "8-bit steps";
}

TEST(CudaRenderer, ReportsAFailedFrameInsteadOfThrowing) {
  SKIP_WITHOUT_CUDA_DEVICE();
  CudaRenderer gpu;
  GaussianScene one = random_scene(1, 0, 3);
  // 8200 Gaussians that each cover all 512 x 512 tiles of an 8192 x 8192 image: over 2^31 tile
  // entries, more than the renderer's limit, on any GPU whatever its memory.
  GaussianScene huge = random_scene(8200, 0, 4);
  for (float& scale : huge.scales) scale = 50.f;
  FrameStats stats;
  EXPECT_FALSE(gpu.render_on_device(huge, look_at({0, 0, -3}, {0, 0, 0}, 8192, 8192), {}, stats));
  EXPECT_NE(gpu.last_failure().find("tile entries"), std::string::npos) << gpu.last_failure();
  EXPECT_EQ(gpu.device_frame().rgba8, nullptr) << "no device frame after a failed one";
  // The renderer recovers: the next ordinary frame works.
  expect_parity(gpu, one, look_at({0, 0, -3}, {0, 0, 0}, 40, 30), {}, "after_a_failed_frame");
}

TEST(CudaRenderer, SelfCheckPassesAndAutoPicksTheGpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const CudaSelfCheck check = CudaRenderer::self_check();
  std::printf("[ self-check ] %s\n", check.detail.c_str());
  EXPECT_TRUE(check.passed) << check.detail;
  auto automatic = make_renderer(Backend::kAuto);
  ASSERT_TRUE(automatic.ok());
  EXPECT_EQ(automatic.value().renderer->name(), "cuda") << automatic.value().note;
  EXPECT_EQ(automatic.value().note, "");
  auto explicit_cuda = make_renderer(Backend::kCuda);
  ASSERT_TRUE(explicit_cuda.ok()) << explicit_cuda.error().message();
  EXPECT_EQ(explicit_cuda.value().renderer->name(), "cuda");
}

// The inverse case, runnable on the machines that build splatview: with no usable device a
// CudaRenderer still returns a frame (the background), reports the CUDA error and throws nothing.
TEST(CudaRendererWithoutADevice, FillsTheBackgroundAndReportsTheError) {
  if (query_cuda_device().usable) GTEST_SKIP() << "a CUDA device is present";
  CudaRenderer gpu;
  Image image;
  FrameStats stats;
  const RenderSettings settings = settings_with(3, 0.25f, 0.5f, 0.75f, 1);
  gpu.render(random_scene(10, 0, 1), look_at({0, 0, -3}, {0, 0, 0}, 20, 10), settings, image, stats);
  ASSERT_EQ(image.width, 20);
  ASSERT_EQ(image.height, 10);
  for (std::size_t p = 0; p < image.alpha.size(); ++p) {
    ASSERT_EQ(image.alpha[p], 0.f);
    for (int c = 0; c < 3; ++c) ASSERT_EQ(image.rgb[3 * p + c], settings.background[c]);
  }
  EXPECT_NE(gpu.last_failure().find("failed"), std::string::npos) << gpu.last_failure();
  EXPECT_EQ(stats.visible, 0u);
  FrameStats device_stats;
  EXPECT_FALSE(gpu.render_on_device(random_scene(10, 0, 1), look_at({0, 0, -3}, {0, 0, 0}, 20, 10), settings,
                                    device_stats));
  EXPECT_EQ(gpu.device_frame().rgba8, nullptr);
  const CudaSelfCheck check = CudaRenderer::self_check();
  EXPECT_FALSE(check.passed);
  EXPECT_NE(check.detail.find("the check render failed"), std::string::npos) << check.detail;
}

#else  // no CUDA in this build

TEST(CudaRenderer, NeedsACudaBuild) { SKIP_WITHOUT_CUDA_DEVICE(); }

#endif

// In every build: without a usable device, auto falls back to the CPU, saying why in one line only
// where an NVIDIA driver is installed (elsewhere there is nothing to explain), and cuda is an
// error naming the flag.
TEST(CudaBackendSelection, FallsBackToTheCpuWithoutADevice) {
  if (query_cuda_device().usable) GTEST_SKIP() << "a CUDA device is present: the fallback is not taken";
  auto automatic = make_renderer(Backend::kAuto);
  ASSERT_TRUE(automatic.ok());
  EXPECT_EQ(automatic.value().renderer->name(), "cpu");
  const bool driver = std::filesystem::exists("/proc/driver/nvidia/version") || std::filesystem::exists("/dev/nvidiactl");
  if (driver) {
    EXPECT_NE(automatic.value().note.find("using the CPU renderer: "), std::string::npos);
    EXPECT_EQ(automatic.value().note.find('\n'), std::string::npos);
  } else {
    EXPECT_EQ(automatic.value().note, "");
  }
  auto explicit_cuda = make_renderer(Backend::kCuda);
  ASSERT_FALSE(explicit_cuda.ok());
  EXPECT_EQ(explicit_cuda.error().file, "--backend cuda");
}

}  // namespace
}  // namespace splatview
