#pragma once
// Writes a scene as glTF 2.0 with KHR_gaussian_splatting: one point primitive, float attributes
// (POSITION, ROTATION x y z w, linear SCALE, OPACITY 0..1, SH_DEGREE_l_COEF_n per coefficient) and an
// 8-bit COLOR_0 fallback for viewers without the extension. The scene is turned from our frame into
// glTF's (+y up) with its SH bands, the inverse of what the reader does, so decoding what is written
// gives the scene back (scales and opacities within a float step). One model, two encodings: binary
// (.glb, one file) and JSON (.gltf) with its buffer in a sibling .bin file.
#include <filesystem>
#include <string>

#include "core/gaussian_scene.h"
#include "core/result.h"

namespace splatview {

// The .glb file's bytes; an Error when the scene does not fit glTF binary's 4 GiB. Writing them to
// disk (safely: core/safe_write) is the caller's; `name` (the output) is for the message.
Result<std::string> encode_glb(const GaussianScene& scene, const std::string& name);

// A .gltf: its JSON, and the bytes of the one buffer the JSON names by `buffer_file` (a file name
// beside the .gltf; percent-encoded into the URI where it needs to be).
struct GltfFiles {
  std::string json;
  std::string bin;
};
Result<GltfFiles> encode_gltf(const GaussianScene& scene, const std::string& name, const std::string& buffer_file);

// Where a .gltf output's buffer goes: beside it, the same name with .bin.
std::filesystem::path gltf_buffer_path(const std::filesystem::path& gltf);

}  // namespace splatview
