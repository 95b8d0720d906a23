// The CUDA preprocess kernel runs the shared splat math on the device; its results must match the
// host's per Gaussian. Skips, with the reason, where there is no CUDA build or no device.
#include <gtest/gtest.h>

#include <cmath>

#include "core/framing.h"
#include "core/ply_reader.h"
#include "cuda/cuda_device.h"
#include "render/frame_setup.h"
#include "tests/support/test_paths.h"

#ifdef SPLATVIEW_HAVE_CUDA
#include "cuda/device_preprocess.h"
#endif

namespace splatview::test {
namespace {

TEST(CudaPreprocess, MatchesTheHostPerGaussian) {
#ifndef SPLATVIEW_HAVE_CUDA
  GTEST_SKIP() << "this build has no CUDA backend (configured without nvcc)";
#else
  const CudaDeviceStatus device = query_cuda_device();
  if (!device.usable) GTEST_SKIP() << device.description;

  auto loaded = load_ply(shared_scene("playbot-31k-sh1.ply"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const GaussianScene& scene = loaded.value().scene;
  const SceneFraming framing = frame_scene(scene);

  for (float azimuth : {0.0f, 90.0f, 200.0f}) {
    const Camera camera = orbit_camera(framing.center, {0, -1, 0}, azimuth, 20.0f, 3.0f, 50.0f, 333, 197);
    RenderSettings settings;
    auto device_result = preprocess_on_device(scene, camera, settings);
    ASSERT_TRUE(device_result.ok()) << device_result.error().message();
    const DevicePreprocessOutput& gpu = device_result.value();

    const splat::SceneArrays arrays = scene_arrays(scene);
    const splat::ViewParams view = make_view_params(camera);
    std::size_t mismatched_visibility = 0;
    for (std::size_t i = 0; i < scene.count(); ++i) {
      splat::ProjectedSplat host{};
      const bool visible = splat::preprocess_gaussian(arrays, static_cast<int>(i), view, 1.0f, scene.sh_degree, host);
      if (visible != static_cast<bool>(gpu.visible[i])) {
        ++mismatched_visibility;  // only possible for splats on a rounding boundary
        continue;
      }
      if (!visible) continue;
      const splat::ProjectedSplat& d = gpu.projected[i];
      EXPECT_NEAR(d.mean.x, host.mean.x, 1e-3f);
      EXPECT_NEAR(d.mean.y, host.mean.y, 1e-3f);
      EXPECT_NEAR(d.depth, host.depth, 1e-5f * host.depth);
      EXPECT_LE(std::abs(d.radius - host.radius), 1);
      EXPECT_NEAR(d.color.x, host.color.x, 1e-5f);
      EXPECT_NEAR(d.color.y, host.color.y, 1e-5f);
      EXPECT_NEAR(d.color.z, host.color.z, 1e-5f);
      EXPECT_NEAR(d.conic.a, host.conic.a, 1e-4f * std::abs(host.conic.a) + 1e-7f);
      EXPECT_NEAR(d.conic.c, host.conic.c, 1e-4f * std::abs(host.conic.c) + 1e-7f);
    }
    EXPECT_LE(mismatched_visibility, scene.count() / 10000) << "azimuth " << azimuth;
  }
#endif
}

}  // namespace
}  // namespace splatview::test
