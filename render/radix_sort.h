#pragma once
// A stable, parallel LSD radix sort of (32-bit key, 32-bit value) pairs: the CPU's counterpart of
// the CUDA backend's CUB radix sort. Work is cut into fixed chunks, so the result does not depend
// on the number of threads (and, being stable, equal keys keep their input order).
#include <cstdint>
#include <span>
#include <vector>

namespace splatview {

class RadixSorter {
 public:
  // Sorts keys[0..n) ascending, moving values with them. Uses the calling thread's oneTBB arena.
  void sort(std::vector<std::uint32_t>& keys, std::vector<std::uint32_t>& values, std::size_t n);
  // The same in the caller's scratch (each at least as long as keys, which values matches): a caller
  // that holds buffers it is not using at the time lends them instead of the sorter keeping its own.
  void sort(std::span<std::uint32_t> keys, std::span<std::uint32_t> values, std::span<std::uint32_t> scratch_keys,
            std::span<std::uint32_t> scratch_values);
  std::size_t memory_bytes() const;

 private:
  std::vector<std::uint32_t> scratch_keys_, scratch_values_;
  std::vector<std::uint32_t> histograms_;  // per chunk, 256 counters, then per-chunk offsets
};

}  // namespace splatview
