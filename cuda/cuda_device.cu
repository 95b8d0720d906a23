#include "cuda/cuda_device.h"

#include <cuda_runtime.h>

namespace splatview {

CudaDeviceStatus query_cuda_device() {
  CudaDeviceStatus status;
  int count = 0;
  const cudaError_t error = cudaGetDeviceCount(&count);
  if (error != cudaSuccess) {
    status.description = std::string("no usable CUDA device: ") + cudaGetErrorString(error);
    cudaGetLastError();  // clear the sticky error
    return status;
  }
  if (count == 0) {
    status.description = "no CUDA device found";
    return status;
  }
  cudaDeviceProp props{};
  if (cudaGetDeviceProperties(&props, 0) != cudaSuccess) {
    status.description = "cudaGetDeviceProperties failed for device 0";
    return status;
  }
  status.description = std::string(props.name) + " (compute " + std::to_string(props.major) + "." +
                       std::to_string(props.minor) + ", " +
                       std::to_string(props.totalGlobalMem >> 30) + " GiB)";
  // The kernels are built for compute 7.5 (Turing) and newer (CMAKE_CUDA_ARCHITECTURES): an older
  // GPU would fail every launch with "no kernel image".
  if (props.major * 10 + props.minor < 75) {
    status.description = "the CUDA device " + status.description + " is older than compute 7.5, which splatview needs";
    return status;
  }
  status.usable = true;
  return status;
}

}  // namespace splatview
