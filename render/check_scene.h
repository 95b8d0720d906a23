#pragma once
// The scene and view the CUDA backend's start-up self-check renders on the GPU and on the CPU
// (cuda/cuda_self_check.cpp). Built to take every path of the tile pipeline: SH degree 3,
// anisotropic and rotated Gaussians, some behind the camera and some far outside the view, an
// image size not divisible by 16, tiles whose lists need more than one 256-splat batch, and an
// opaque cluster that saturates a whole tile so that the block stops early. Plain CPU code, so
// the host tests can check that it does (tests/cuda_tile_pipeline_test.cpp).
#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "render/renderer.h"

namespace splatview {

struct CheckView {
  GaussianScene scene;
  Camera camera;
  RenderSettings settings;
};

// The same on every platform (its own fixed generator).
CheckView self_check_view();

}  // namespace splatview
