#include "cuda/device_preprocess.h"

#include <cuda_runtime.h>

#include <string>

#include "render/frame_setup.h"

namespace splatview {

namespace {

__global__ void preprocess_kernel(splat::SceneArrays scene, int count, splat::ViewParams view, float scale_modifier,
                                  int sh_degree, splat::ProjectedSplat* projected, unsigned char* visible) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  visible[i] = splat::preprocess_gaussian(scene, i, view, scale_modifier, sh_degree, projected[i]) ? 1 : 0;
}

// Device memory freed on scope exit.
template <class T>
struct DeviceArray {
  T* data = nullptr;
  ~DeviceArray() { cudaFree(data); }
};

Error cuda_error(const char* call, cudaError_t error) {
  return Error{"", std::string(call) + " failed: " + cudaGetErrorString(error), ""};
}

}  // namespace

Result<DevicePreprocessOutput> preprocess_on_device(const GaussianScene& scene, const Camera& camera,
                                                    const RenderSettings& settings) {
  const int count = static_cast<int>(scene.count());
  DeviceArray<float> positions, scales, rotations, opacities, sh;
  DeviceArray<splat::ProjectedSplat> projected;
  DeviceArray<unsigned char> visible;

  struct Upload {
    DeviceArray<float>* target;
    const std::vector<float>* source;
  };
  for (const Upload& u : {Upload{&positions, &scene.positions}, Upload{&scales, &scene.scales},
                          Upload{&rotations, &scene.rotations}, Upload{&opacities, &scene.opacities},
                          Upload{&sh, &scene.sh}}) {
    const size_t bytes = u.source->size() * sizeof(float);
    if (cudaError_t e = cudaMalloc(&u.target->data, bytes > 0 ? bytes : 4); e != cudaSuccess)
      return cuda_error("cudaMalloc", e);
    if (cudaError_t e = cudaMemcpy(u.target->data, u.source->data(), bytes, cudaMemcpyHostToDevice); e != cudaSuccess)
      return cuda_error("cudaMemcpy", e);
  }
  const size_t n = count > 0 ? count : 1;
  if (cudaError_t e = cudaMalloc(&projected.data, n * sizeof(splat::ProjectedSplat)); e != cudaSuccess)
    return cuda_error("cudaMalloc", e);
  if (cudaError_t e = cudaMalloc(&visible.data, n); e != cudaSuccess) return cuda_error("cudaMalloc", e);

  const splat::SceneArrays arrays{positions.data, scales.data, rotations.data, opacities.data, sh.data,
                                  scene.sh_coeffs()};
  constexpr int kThreads = 256;
  if (count > 0) {
    preprocess_kernel<<<(count + kThreads - 1) / kThreads, kThreads>>>(
        arrays, count, make_view_params(camera), settings.scale_modifier, effective_sh_degree(scene, settings),
        projected.data, visible.data);
    if (cudaError_t e = cudaGetLastError(); e != cudaSuccess) return cuda_error("preprocess_kernel launch", e);
  }

  DevicePreprocessOutput out;
  out.projected.resize(count);
  out.visible.resize(count);
  if (cudaError_t e = cudaMemcpy(out.projected.data(), projected.data, count * sizeof(splat::ProjectedSplat),
                                 cudaMemcpyDeviceToHost);
      e != cudaSuccess)
    return cuda_error("cudaMemcpy", e);
  if (cudaError_t e = cudaMemcpy(out.visible.data(), visible.data, count, cudaMemcpyDeviceToHost); e != cudaSuccess)
    return cuda_error("cudaMemcpy", e);
  return out;
}

}  // namespace splatview
