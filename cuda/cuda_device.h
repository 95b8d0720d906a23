#pragma once
// Whether a usable CUDA device is present, and which. Safe to call in any build.
#include <string>

namespace splatview {

struct CudaDeviceStatus {
  bool usable = false;
  std::string description;  // "NVIDIA H100 (compute 9.0, 80 GiB)" or why none is usable
};

// Without a CUDA build: usable = false, "this build of splatview has no CUDA backend".
// A machine without an NVIDIA driver answers cudaErrorInsufficientDriver, not NoDevice: any error
// from the runtime means "no usable device", and its message is kept.
CudaDeviceStatus query_cuda_device();

}  // namespace splatview
