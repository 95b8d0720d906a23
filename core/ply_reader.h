#pragma once
// Reads 3DGS PLY files (ASCII, binary little and big endian, every PLY scalar type) into an
// activated GaussianScene. Bad input of any kind returns an Error naming the file and the problem.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/file_bytes.h"
#include "core/gaussian_scene.h"
#include "core/load_limits.h"
#include "core/loaded_scene.h"
#include "core/load_progress.h"
#include "core/result.h"

namespace splatview {

// Loads a PLY file from disk. A vertex count over `limits.max_gaussians` is an Error. The file is
// memory-mapped and decoded in chunks, in parallel, straight into the scene's arrays (sized once from
// the header, after the header's count is checked against the file's size), each chunk's pages
// released once decoded: the peak memory is the scene plus a few chunks. `observer` sees the progress
// and may cancel (core/load_progress.h).
Result<LoadedScene> load_ply(const std::filesystem::path& path, const LoadLimits& limits,
                             const LoadObserver& observer);
Result<LoadedScene> load_ply(const std::filesystem::path& path, const LoadLimits& limits);
Result<LoadedScene> load_ply(const std::filesystem::path& path);  // default limits

// Parses PLY bytes already in memory; `name` is used in messages. Used by load_ply and the fuzzer.
Result<LoadedScene> parse_ply(std::span<const std::byte> bytes, const std::string& name,
                              const LoadLimits& limits);
// `mapping`: the FileBytes that `bytes` are (opened FileBytes::Access::kStreamed), whose pages are
// prefetched and released chunk by chunk; null for bytes the caller keeps.
Result<LoadedScene> parse_ply(std::span<const std::byte> bytes, const std::string& name, const LoadLimits& limits,
                              const LoadObserver& observer, const FileBytes* mapping = nullptr);
Result<LoadedScene> parse_ply(std::span<const std::byte> bytes, const std::string& name);  // default limits

}  // namespace splatview
