// The CUDA backend's preprocess kernel runs the shared splat math on the device; its results must
// match the host's per Gaussian, bit for bit. Skips, with the reason, where there is no CUDA build
// or no device.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/framing.h"
#include "core/ply_reader.h"
#include "cuda/cuda_device.h"
#include "render/frame_setup.h"
#include "tests/support/test_paths.h"

#ifdef SPLATVIEW_HAVE_CUDA
#include "cuda/device_buffer.h"
#include "cuda/kernels.cuh"
#endif

namespace splatview::test {
namespace {

#ifdef SPLATVIEW_HAVE_CUDA
struct DevicePreprocessOutput {
  std::vector<splat::ProjectedSplat> projected;  // per Gaussian; meaningful where visible
  std::vector<unsigned char> visible;
};

template <class T>
void to_device(gpu::DeviceBuffer<T>& buffer, const std::vector<T>& values) {
  buffer.reserve(std::max<std::size_t>(values.size(), 1));
  gpu::check(cudaMemcpy(buffer.data(), values.data(), values.size() * sizeof(T), cudaMemcpyHostToDevice), "cudaMemcpy");
}

template <class T>
std::vector<T> to_host(const gpu::DeviceBuffer<T>& buffer, std::size_t count) {
  std::vector<T> values(count);
  gpu::check(cudaMemcpy(values.data(), buffer.data(), count * sizeof(T), cudaMemcpyDeviceToHost), "cudaMemcpy");
  return values;
}

// The renderer's preprocess kernel (gpu::launch_preprocess) on the frame's inputs.
DevicePreprocessOutput preprocess_on_device(const GaussianScene& scene, const FrameSetup& frame) {
  gpu::DeviceBuffer<float> positions, scales, rotations, opacities, sh;
  to_device(positions, scene.positions);
  to_device(scales, scene.scales);
  to_device(rotations, scene.rotations);
  to_device(opacities, scene.opacities);
  to_device(sh, scene.sh);
  gpu::DeviceBuffer<splat::ProjectedSplat> projected;
  gpu::DeviceBuffer<std::uint64_t> tiles_touched;
  gpu::DeviceBuffer<unsigned long long> visible_count;
  projected.reserve(std::max<std::size_t>(frame.gaussians, 1));
  tiles_touched.reserve(std::max<std::size_t>(frame.gaussians, 1));
  to_device(visible_count, std::vector<unsigned long long>{0});

  gpu::Stream stream;
  gpu::launch_preprocess({{positions.data(), scales.data(), rotations.data(), opacities.data(), sh.data(),
                           frame.arrays.sh_stride},
                          static_cast<int>(frame.gaussians), frame.view, frame.scale_modifier, frame.sh_degree,
                          projected.data(), tiles_touched.data(), visible_count.data()},
                         stream.get());
  stream.synchronize();

  DevicePreprocessOutput out;
  out.projected = to_host(projected, frame.gaussians);
  for (std::uint64_t tiles : to_host(tiles_touched, frame.gaussians)) out.visible.push_back(tiles > 0 ? 1 : 0);
  return out;
}
#endif

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
    const Camera camera = orbit_camera({framing.center, {0, -1, 0}, azimuth, 20.0f, 3.0f, 50.0f}, 333, 197);
    RenderSettings settings;
    const FrameSetup frame = make_frame_setup(scene, camera, settings);
    DevicePreprocessOutput gpu;
    try {
      gpu = preprocess_on_device(scene, frame);
    } catch (const gpu::CudaError& e) {
      FAIL() << e.what();
    }

    // --fmad=false and IEEE division and square root: the device must compute every value the
    // host computes, bit for bit.
    std::size_t mismatched_visibility = 0, mismatched_values = 0, first_mismatch = scene.count();
    for (std::size_t i = 0; i < scene.count(); ++i) {
      splat::ProjectedSplat host{};
      const bool visible = splat::preprocess_gaussian(frame.arrays, static_cast<int>(i), frame.view, 1.0f,
                                                      scene.sh_degree, host);
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
