#pragma once
// glTF 2.0 (.gltf JSON with external or data-URI buffers, .glb binary) carrying Gaussian splats in the
// Khronos KHR_gaussian_splatting extension: point primitives whose attributes are POSITION and
// KHR_gaussian_splatting:ROTATION (x, y, z, w), :SCALE (linear), :OPACITY (0..1) and
// :SH_DEGREE_l_COEF_n (RGB per coefficient). Node transforms are applied, every splat primitive of the
// default scene is concatenated, and glTF's frame (+y up, +z front, +x left: "LUF") becomes the 3DGS
// frame (RDF) by a 180-degree turn about z, SH bands included.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>

#include "core/loaded_scene.h"
#include "core/result.h"

namespace splatview {

// True when `bytes` start with the GLB magic "glTF".
bool looks_like_glb(std::span<const std::byte> bytes);

// True when a JSON text's first bytes look like glTF: an "asset" and no SOG "means".
bool looks_like_gltf_json(std::span<const std::byte> head);

// Decodes glTF bytes; `name` is used in messages. External buffers are read only from `folder`
// (the glTF's own folder; never through "..", an absolute path or a URI scheme) and only when
// `folder` is not empty: bytes decoded from memory may use only embedded buffers.
Result<LoadedScene> decode_gltf(std::span<const std::byte> bytes, const std::string& name,
                                const std::filesystem::path& folder);

}  // namespace splatview
