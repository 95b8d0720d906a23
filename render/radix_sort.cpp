#include "render/radix_sort.h"

#include <algorithm>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace splatview {

namespace {

constexpr int kDigitBits = 8;
constexpr int kBuckets = 1 << kDigitBits;
constexpr std::size_t kChunk = 16384;

}  // namespace

void RadixSorter::sort(std::vector<std::uint32_t>& keys, std::vector<std::uint32_t>& values, std::size_t n) {
  if (n < 2) return;
  if (scratch_keys_.size() < n) {
    scratch_keys_.resize(n);
    scratch_values_.resize(n);
  }
  sort(std::span(keys).first(n), std::span(values).first(n), scratch_keys_, scratch_values_);
}

void RadixSorter::sort(std::span<std::uint32_t> keys, std::span<std::uint32_t> values,
                       std::span<std::uint32_t> scratch_keys, std::span<std::uint32_t> scratch_values) {
  const std::size_t n = keys.size();
  if (n < 2) return;
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  histograms_.resize(chunks * kBuckets);

  std::uint32_t* in_keys = keys.data();
  std::uint32_t* in_values = values.data();
  std::uint32_t* out_keys = scratch_keys.data();
  std::uint32_t* out_values = scratch_values.data();
  for (int shift = 0; shift < 32; shift += kDigitBits) {
    // Count each chunk's digits.
    tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
      std::uint32_t* counts = histograms_.data() + c * kBuckets;
      std::fill(counts, counts + kBuckets, 0u);
      const std::size_t end = std::min(n, (c + 1) * kChunk);
      for (std::size_t i = c * kChunk; i < end; ++i) ++counts[(in_keys[i] >> shift) & (kBuckets - 1)];
    });
    // A pass where every key has the same digit would move nothing: skip it (depths in a view
    // often share their top byte).
    bool single_digit = false;
    for (int d = 0; d < kBuckets && !single_digit; ++d) {
      std::size_t total = 0;
      for (std::size_t c = 0; c < chunks; ++c) total += histograms_[c * kBuckets + d];
      single_digit = total == n;
      if (total != 0 && total != n) break;
    }
    if (single_digit) continue;
    // Turn counts into where each chunk writes each digit: digit-major, then chunk order (stable).
    std::uint32_t offset = 0;
    for (int d = 0; d < kBuckets; ++d)
      for (std::size_t c = 0; c < chunks; ++c) {
        std::uint32_t& slot = histograms_[c * kBuckets + d];
        const std::uint32_t count = slot;
        slot = offset;
        offset += count;
      }
    tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
      std::uint32_t* cursor = histograms_.data() + c * kBuckets;
      const std::size_t end = std::min(n, (c + 1) * kChunk);
      for (std::size_t i = c * kChunk; i < end; ++i) {
        const std::uint32_t slot = cursor[(in_keys[i] >> shift) & (kBuckets - 1)]++;
        out_keys[slot] = in_keys[i];
        out_values[slot] = in_values[i];
      }
    });
    std::swap(in_keys, out_keys);
    std::swap(in_values, out_values);
  }
  if (in_keys != keys.data()) {  // an odd number of passes ran: the result is in the scratch
    std::copy(in_keys, in_keys + n, keys.data());
    std::copy(in_values, in_values + n, values.data());
  }
}

std::size_t RadixSorter::memory_bytes() const {
  return (scratch_keys_.capacity() + scratch_values_.capacity() + histograms_.capacity()) * sizeof(std::uint32_t);
}

}  // namespace splatview
