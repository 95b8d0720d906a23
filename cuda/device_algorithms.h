#pragma once
// CUB's device-wide scan and radix sort as two calls that own their temporary storage: CUB is
// asked how much it needs, the storage grows to that (and is kept, so a warmed-up frame allocates
// nothing), then the algorithm runs. Errors are thrown as gpu::CudaError naming the call.
// Included from .cu files only.
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "cuda/device_buffer.h"

namespace splatview::gpu {

// values[i] = values[0] + ... + values[i] for i < count, in place.
class InclusiveSum {
 public:
  void operator()(std::uint64_t* values, int count, cudaStream_t stream);
  std::size_t bytes() const { return storage_.bytes(); }

 private:
  DeviceBuffer<unsigned char> storage_;
};

// The `count` (key, value) pairs ordered by bits [0, end_bit) of the key, into keys_out and
// values_out. Stable: pairs with equal keys keep their order.
class SortPairs {
 public:
  void operator()(const std::uint64_t* keys_in, std::uint64_t* keys_out, const std::uint32_t* values_in,
                  std::uint32_t* values_out, int count, int end_bit, cudaStream_t stream);
  std::size_t bytes() const { return storage_.bytes(); }

 private:
  DeviceBuffer<unsigned char> storage_;
};

}  // namespace splatview::gpu
