#pragma once
// Internal to core/formats: a glTF file's JSON and buffers, parsed by tinygltf after our own checks
// of what tinygltf trusts: the GLB chunk layout, and every buffer URI (data URIs must be base64;
// external files must lie in the glTF's folder). tinygltf reads files only through callbacks that
// allow exactly those buffer files, each up to a size limit, and decodes no images.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tiny_gltf.h>

#include "core/result.h"

namespace splatview::formats {

// The extension that stores a splat primitive's data as one SPZ blob (Khronos draft
// KHR_gaussian_splatting_compression_spz_2; its example lists it without the "_2" too).
inline bool is_spz_compression_extension(std::string_view id) {
  return id == "KHR_gaussian_splatting_compression_spz_2" || id == "KHR_gaussian_splatting_compression_spz";
}

// `folder` empty: external buffers are refused (bytes decoded from memory). `buffer_files` (if given)
// gets the external buffer files read.
Result<tinygltf::Model> load_gltf_model(std::span<const std::byte> bytes, const std::string& name,
                                        const std::filesystem::path& folder,
                                        std::vector<std::filesystem::path>* buffer_files = nullptr);

}  // namespace splatview::formats
