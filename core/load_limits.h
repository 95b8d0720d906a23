#pragma once
// How much a scene file may make the loader allocate. Every reader checks the count its header (or
// meta.json, or its size) declares against `max_gaussians` before it sizes anything, and a compressed
// reader (SPZ, SOG) also checks that the declared Gaussians are a plausible expansion of the bytes it
// was given, so that a small file cannot claim gigabytes. `load_scene(path)` uses the defaults; the
// command line raises them with `--max-gaussians N`.
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"

namespace splatview {

// 20 M Gaussians: the biggest published 3DGS scenes hold about 10 M; at SH degree 3 a Gaussian
// takes 236 bytes in memory, so the default budget is about 4.7 GB.
inline constexpr std::uint64_t kDefaultMaxGaussians = 20'000'000;

// Decoded payload bytes per compressed byte beyond which a compressed file's count is not believed.
// Real SPZ files inflate about 2:1 and real SOG textures about 1:1; deflate's hard limit is 1032:1,
// zstd's and WebP's are higher still.
inline constexpr std::uint64_t kDefaultMaxExpansion = 64;

inline constexpr const char* kMaxGaussiansHint = "pass --max-gaussians N to load it anyway";

struct LoadLimits {
  std::uint64_t max_gaussians = kDefaultMaxGaussians;
  // 0: no plausibility check, only what the compression can physically produce.
  std::uint64_t max_expansion = kDefaultMaxExpansion;

  // What `--max-gaussians N` asks for: up to N Gaussians, however well the file compresses.
  static LoadLimits allowing(std::uint64_t n) { return LoadLimits{n, 0}; }
};

// An Error when `count` Gaussians, as `what` declares (e.g. "SPZ header"), exceed the budget.
std::optional<Error> check_gaussian_budget(std::uint64_t count, const LoadLimits& limits,
                                           const std::string& name, const std::string& what);

// An Error when `count` Gaussians taking `payload_bytes` once decoded are more than `compressed_bytes`
// can plausibly hold under `limits.max_expansion`.
std::optional<Error> check_expansion(std::uint64_t count, std::uint64_t payload_bytes,
                                     std::uint64_t compressed_bytes, const LoadLimits& limits,
                                     const std::string& name, const std::string& what);

}  // namespace splatview
