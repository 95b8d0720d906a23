// The CUDA preprocess kernel runs the shared splat math on the device; its results must match the
// host's per Gaussian, bit for bit. Skips, with the reason, where there is no CUDA build or no device.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

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
    // --fmad=false and IEEE division and square root: the device must compute every value the
    // host computes, bit for bit.
    std::size_t mismatched_visibility = 0, mismatched_values = 0, first_mismatch = scene.count();
    for (std::size_t i = 0; i < scene.count(); ++i) {
      splat::ProjectedSplat host{};
      const bool visible = splat::preprocess_gaussian(arrays, static_cast<int>(i), view, 1.0f, scene.sh_degree, host);
      if (visible != static_cast<bool>(gpu.visible[i])) {
        ++mismatched_visibility;
        first_mismatch = std::min(first_mismatch, i);
        continue;
      }
      if (!visible) continue;
      if (std::memcmp(&gpu.projected[i], &host, sizeof host) != 0) {
        ++mismatched_values;
        first_mismatch = std::min(first_mismatch, i);
      }
    }
    EXPECT_EQ(mismatched_visibility, 0u) << "azimuth " << azimuth << ", first at Gaussian " << first_mismatch;
    EXPECT_EQ(mismatched_values, 0u) << "azimuth " << azimuth << ", first at Gaussian " << first_mismatch;
  }
#endif
}

}  // namespace
}  // namespace splatview::test
