// The CPU renderer's radix sort (render/radix_sort.h) against std::stable_sort: keys spanning 1 to
// 32 bits (so that passes are skipped or not), equal keys (stability), sizes around its chunk
// size, thread counts.
#include "render/radix_sort.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

namespace splatview {
namespace {

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Keys base + [0, span), values their input positions.
Pairs random_pairs(std::size_t n, std::uint32_t base, std::uint64_t span, unsigned seed) {
  std::mt19937_64 rng(seed);
  Pairs pairs(n);
  for (std::size_t i = 0; i < n; ++i)
    pairs[i] = {base + static_cast<std::uint32_t>(rng() % span), static_cast<std::uint32_t>(i)};
  return pairs;
}

// Sorts with RadixSorter (twice with the same sorter, to use its kept buffers) and checks the
// result against std::stable_sort by key.
void expect_sorted_like_stable_sort(const Pairs& input) {
  std::vector<std::uint32_t> keys(input.size()), values(input.size());
  for (std::size_t i = 0; i < input.size(); ++i) std::tie(keys[i], values[i]) = input[i];
  Pairs want = input;
  std::stable_sort(want.begin(), want.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  RadixSorter sorter;
  for (int round = 0; round < 2; ++round) {
    std::vector<std::uint32_t> k = keys, v = values;
    sorter.sort(k, v, input.size());
    int mismatches = 0;
    for (std::size_t i = 0; i < input.size(); ++i) mismatches += k[i] != want[i].first || v[i] != want[i].second;
    ASSERT_EQ(mismatches, 0) << input.size() << " pairs, round " << round;
  }
}

TEST(RadixSort, MatchesStableSortForEveryKeySpan) {
  // Spans of 1 bit to all 32, from a base like the bits of a float depth.
  for (std::uint64_t span : {2ull, 255ull, 4096ull, 1ull << 13, 1ull << 24, 1ull << 25, 1ull << 32})
    expect_sorted_like_stable_sort(random_pairs(70'000, span == 1ull << 32 ? 0u : 0x3f800000u, span, span));
}

TEST(RadixSort, EqualKeysKeepTheirOrder) {
  expect_sorted_like_stable_sort(random_pairs(50'000, 0x40000000u, 1, 1));  // all equal
  expect_sorted_like_stable_sort(random_pairs(50'000, 7u, 3, 2));           // three values, many ties
}

TEST(RadixSort, SizesAroundItsChunksAndTiny) {
  for (std::size_t n : {0, 1, 2, 3, 16383, 16384, 16385, 32769})
    expect_sorted_like_stable_sort(random_pairs(n, 1000u, 1u << 20, static_cast<unsigned>(n)));
}

TEST(RadixSort, ExtremeKeys) {
  Pairs pairs = random_pairs(20'000, 0u, 1ull << 32, 9);
  pairs[5].first = 0;
  pairs[17].first = 0xffffffffu;
  pairs[18].first = 0xffffffffu;
  expect_sorted_like_stable_sort(pairs);
}

TEST(RadixSort, SameResultWithOneThreadAndMany) {
  const Pairs input = random_pairs(100'000, 0x3f000000u, 1u << 23, 5);
  std::vector<std::uint32_t> keys(input.size()), values(input.size());
  for (std::size_t i = 0; i < input.size(); ++i) std::tie(keys[i], values[i]) = input[i];
  std::vector<std::uint32_t> k1 = keys, v1 = values, k4 = keys, v4 = values;
  RadixSorter one, four;
  tbb::task_arena(1).execute([&] { one.sort(k1, v1, input.size()); });
  tbb::task_arena(4).execute([&] { four.sort(k4, v4, input.size()); });
  EXPECT_EQ(k1, k4);
  EXPECT_EQ(v1, v4);
}

}  // namespace
}  // namespace splatview
