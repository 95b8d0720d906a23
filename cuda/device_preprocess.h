#pragma once
// Stage 1 (preprocess) run on the GPU with the shared splat math, returned to the host. It is the
// first kernel of the CUDA backend and lets tests compare device and host results per Gaussian.
#include <vector>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/result.h"
#include "render/renderer.h"
#include "render/splat_math.h"

namespace splatview {

struct DevicePreprocessOutput {
  std::vector<splat::ProjectedSplat> projected;  // per Gaussian; meaningful where visible
  std::vector<unsigned char> visible;
};

// Errors name the CUDA call that failed.
Result<DevicePreprocessOutput> preprocess_on_device(const GaussianScene& scene, const Camera& camera,
                                                    const RenderSettings& settings);

}  // namespace splatview
