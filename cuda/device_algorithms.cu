#include "cuda/device_algorithms.h"

#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>

#include <algorithm>

namespace splatview::gpu {

void InclusiveSum::operator()(std::uint64_t* values, int count, cudaStream_t stream) {
  if (count <= 0) return;
  std::size_t bytes = 0;
  check(cub::DeviceScan::InclusiveSum(nullptr, bytes, values, values, count, stream),
        "cub::DeviceScan::InclusiveSum (size query)");
  storage_.reserve(std::max<std::size_t>(bytes, 1), true);
  check(cub::DeviceScan::InclusiveSum(storage_.data(), bytes, values, values, count, stream),
        "cub::DeviceScan::InclusiveSum");
}

void SortPairs::operator()(const std::uint64_t* keys_in, std::uint64_t* keys_out, const std::uint32_t* values_in,
                           std::uint32_t* values_out, int count, int end_bit, cudaStream_t stream) {
  if (count <= 0) return;
  std::size_t bytes = 0;
  check(cub::DeviceRadixSort::SortPairs(nullptr, bytes, keys_in, keys_out, values_in, values_out, count, 0, end_bit,
                                        stream),
        "cub::DeviceRadixSort::SortPairs (size query)");
  storage_.reserve(std::max<std::size_t>(bytes, 1), true);
  check(cub::DeviceRadixSort::SortPairs(storage_.data(), bytes, keys_in, keys_out, values_in, values_out, count, 0,
                                        end_bit, stream),
        "cub::DeviceRadixSort::SortPairs");
}

}  // namespace splatview::gpu
