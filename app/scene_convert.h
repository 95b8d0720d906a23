#pragma once
// --convert OUT: the scene written in the format OUT's extension names, with every file it writes
// checked first (never an input, an existing file only with --force) and written safely.
#include <filesystem>
#include <optional>
#include <vector>

#include "core/gaussian_scene.h"
#include "core/result.h"

namespace splatview {

// True when --convert can write a file of OUT's extension (.ply, .glb, .gltf, .spz; any case).
bool is_convert_target(const std::filesystem::path& output);

// The files `--convert output` writes: output, and for a .gltf its buffer beside it (OUT.bin).
std::vector<std::filesystem::path> convert_outputs(const std::filesystem::path& output);

// Checks each of convert_outputs against `inputs` and `replace` (app/output_path.h check_output).
std::optional<Error> check_convert_outputs(const std::filesystem::path& output,
                                           const std::vector<std::filesystem::path>& inputs, bool replace);

// Writes the scene to convert_outputs(output); a failed write replaces none of them.
std::optional<Error> convert_scene(const std::filesystem::path& output, const GaussianScene& scene);

}  // namespace splatview
