#pragma once
// Reads 3DGS PLY files (ASCII, binary little and big endian, every PLY scalar type) into an
// activated GaussianScene. Bad input of any kind returns an Error naming the file and the problem.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/gaussian_scene.h"
#include "core/load_limits.h"
#include "core/result.h"

namespace splatview {

struct LoadedScene {
  GaussianScene scene;
  std::vector<std::string> warnings;  // e.g. "dropped 3 Gaussians with NaN values"
};

// Loads a PLY file from disk (memory-mapped). A vertex count over `limits.max_gaussians` is an Error.
Result<LoadedScene> load_ply(const std::filesystem::path& path, const LoadLimits& limits);
Result<LoadedScene> load_ply(const std::filesystem::path& path);  // default limits

// Parses PLY bytes already in memory; `name` is used in messages. Used by load_ply and the fuzzer.
Result<LoadedScene> parse_ply(std::span<const std::byte> bytes, const std::string& name,
                              const LoadLimits& limits);
Result<LoadedScene> parse_ply(std::span<const std::byte> bytes, const std::string& name);  // default limits

}  // namespace splatview
