#include "app/scene_convert.h"

#include <cctype>
#include <string>

#include "app/output_path.h"
#include "core/path_names.h"
#include "core/formats/gltf_writer.h"
#include "core/formats/ply_writer.h"
#include "core/formats/spz_writer.h"
#include "core/safe_write.h"

namespace splatview {

namespace {


}  // namespace

bool is_convert_target(const std::filesystem::path& output) {
  const std::string extension = lower_extension(output);
  return extension == ".ply" || extension == ".glb" || extension == ".gltf" || extension == ".spz";
}

std::vector<std::filesystem::path> convert_outputs(const std::filesystem::path& output) {
  if (lower_extension(output) == ".gltf") return {output, gltf_buffer_path(output)};
  return {output};
}

std::optional<Error> check_convert_outputs(const std::filesystem::path& output,
                                           const std::vector<std::filesystem::path>& inputs, bool replace) {
  for (const std::filesystem::path& file : convert_outputs(output))
    if (auto error = check_output(file, inputs, replace)) return error;
  return std::nullopt;
}

std::optional<Error> convert_scene(const std::filesystem::path& output, const GaussianScene& scene) {
  const std::string extension = lower_extension(output);
  if (extension == ".glb") {
    auto bytes = encode_glb(scene, output.string());
    if (!bytes) return bytes.error();
    return write_file_safely(output, bytes.value());
  }
  if (extension == ".gltf") {
    const std::filesystem::path bin = gltf_buffer_path(output);
    auto files = encode_gltf(scene, output.string(), bin.filename().string());
    if (!files) return files.error();
    // The buffer first: the .gltf that names it replaces the old one only once the buffer is in place.
    const FileContents contents[] = {{bin, files.value().bin}, {output, files.value().json}};
    return write_files_safely(contents);
  }
  if (extension == ".spz") {
    // SPZ records a scene trained with the 2D filter in its antialiased flag.
    auto bytes = encode_spz(scene, output.string(), {.antialiased = scene.render_mode == RenderMode::kMip});
    if (!bytes) return bytes.error();
    return write_file_safely(output, bytes.value());
  }
  return write_ply(output, scene);
}

}  // namespace splatview
