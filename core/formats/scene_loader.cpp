#include "core/formats/scene_loader.h"

#include "core/file_bytes.h"
#include "core/path_names.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <system_error>
#include <vector>

#include "core/formats/compressed_ply.h"
#include "core/formats/decode_support.h"
#include "core/formats/gltf.h"
#include "core/formats/sog.h"
#include "core/formats/splat_file.h"
#include "core/formats/spz.h"

namespace splatview {
namespace {

constexpr std::uint64_t kMaxSceneBytes = 64ull << 30;  // no supported scene of 100 M Gaussians is bigger
constexpr std::uint64_t kMaxMetaJsonBytes = 4u << 20;
constexpr const char* kSupportedHint =
    "splatview opens 3DGS .ply, compressed .ply, .splat, .spz, .sog (or a SOG meta.json), .glb and .gltf";


bool starts_with(std::span<const std::byte> bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), bytes.begin(), [](char a, std::byte b) {
           return static_cast<unsigned char>(a) == std::to_integer<unsigned char>(b);
         });
}

// The first non-blank byte (after an optional UTF-8 BOM) is '{' or '['.
char json_opening(std::span<const std::byte> bytes) {
  std::size_t i = starts_with(bytes, "\xEF\xBB\xBF") ? 3 : 0;
  while (i < bytes.size()) {
    const auto c = std::to_integer<char>(bytes[i]);
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c == '{' || c == '[' ? c : '\0';
    ++i;
  }
  return '\0';
}

Error unknown_format(const std::string& name, std::span<const std::byte> bytes) {
  if (bytes.empty()) return Error{name, "empty file", kSupportedHint};
  return Error{name, "unknown scene format", kSupportedHint};
}

// `folder`: where a .gltf's external buffers may be read from (empty for bytes in memory).
Result<LoadedScene> decode_as(SceneFormat format, std::span<const std::byte> bytes, const std::string& name,
                              const SceneLoadOptions& options, const std::filesystem::path& folder) {
  switch (format) {
    case SceneFormat::kPly: return parse_ply(bytes, name, options.limits);
    case SceneFormat::kCompressedPly: return decode_compressed_ply(bytes, name, options.limits);
    case SceneFormat::kSplat: return decode_splat(bytes, name, options.limits);
    case SceneFormat::kSpz: return decode_spz(bytes, name, options.spz_frame, options.limits);
    case SceneFormat::kSog: return decode_sog(bytes, name, options.limits);
    case SceneFormat::kSogMeta:
      return Error{name, "a SOG meta.json needs its texture files",
                   "open the meta.json file itself from disk"};
    case SceneFormat::kGltf: return decode_gltf(bytes, name, folder);
    case SceneFormat::kUnknown: break;
  }
  if (json_opening(bytes) == '[') {
    return Error{name, "this JSON file is not a scene (a cameras.json?)", "open the scene file beside it"};
  }
  if (lower_extension(name) == ".ksplat")
    return Error{name, ".ksplat scenes are not supported", kSupportedHint};
  return unknown_format(name, bytes);
}

}  // namespace

std::string_view scene_format_name(SceneFormat format) {
  switch (format) {
    case SceneFormat::kPly: return "3DGS PLY";
    case SceneFormat::kCompressedPly: return "PlayCanvas compressed PLY";
    case SceneFormat::kSplat: return "antimatter15 .splat";
    case SceneFormat::kSpz: return "Niantic SPZ";
    case SceneFormat::kSog: return "PlayCanvas SOG";
    case SceneFormat::kSogMeta: return "PlayCanvas SOG (meta.json)";
    case SceneFormat::kGltf: return "glTF (KHR_gaussian_splatting)";
    case SceneFormat::kUnknown: break;
  }
  return "unknown";
}

SceneFormat detect_scene_format(std::span<const std::byte> head, const std::filesystem::path& name) {
  if (starts_with(head, "ply\n") || starts_with(head, "ply\r\n"))
    return is_compressed_ply(head) ? SceneFormat::kCompressedPly : SceneFormat::kPly;
  if (looks_like_spz(head)) return SceneFormat::kSpz;
  if (starts_with(head, "PK\x03\x04") || starts_with(head, std::string_view("PK\x05\x06", 4)))
    return SceneFormat::kSog;
  if (looks_like_glb(head)) return SceneFormat::kGltf;
  if (json_opening(head) == '{') {
    if (looks_like_gltf_json(head) || lower_extension(name) == ".gltf") return SceneFormat::kGltf;
    return SceneFormat::kSogMeta;
  }
  if (lower_extension(name) == ".splat") return SceneFormat::kSplat;
  return SceneFormat::kUnknown;
}

bool has_scene_extension(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  return ext == ".ply" || ext == ".splat" || ext == ".spz" || ext == ".sog" || ext == ".json" || ext == ".glb" ||
         ext == ".gltf";
}

Result<LoadedScene> decode_scene(std::span<const std::byte> bytes, const std::string& name) {
  return decode_scene(bytes, name, SceneLoadOptions{});
}

Result<LoadedScene> decode_scene(std::span<const std::byte> bytes, const std::string& name,
                                 const SceneLoadOptions& options) {
  return decode_as(detect_scene_format(bytes, name), bytes, name, options, {});
}

Result<LoadedScene> load_scene(const std::filesystem::path& path) { return load_scene(path, SceneLoadOptions{}); }

Result<LoadedScene> load_scene(const std::filesystem::path& path, const LoadLimits& limits) {
  SceneLoadOptions options;
  options.limits = limits;
  return load_scene(path, options);
}

Result<LoadedScene> load_scene(const std::filesystem::path& path, const SceneLoadOptions& options) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    const std::filesystem::path meta = path / "meta.json";
    if (!std::filesystem::is_regular_file(meta, ec))
      return Error{name, "is a folder, not a scene file",
                   "choose a scene file (a folder must hold a SOG meta.json)"};
    Result<std::vector<std::byte>> text = formats::read_file_bounded(meta, kMaxMetaJsonBytes, meta.string());
    if (!text) return text.error();
    return decode_sog_folder(text.value(), meta, options.limits);
  }

  // Streamed: a 3DGS PLY is decoded chunk by chunk with each chunk's pages released after it (so
  // the file is never resident whole beside the scene); the other formats are prefetched whole.
  auto file = FileBytes::open(path, kMaxSceneBytes, "a splat scene (.ply .splat .spz .sog .glb .gltf)",
                              FileBytes::Access::kStreamed);
  if (!file) return file.error();
  const std::span<const std::byte> bytes = file.value().bytes();
  if (bytes.empty()) return unknown_format(name, {});
  const SceneFormat format = detect_scene_format(bytes, path);
  if (format == SceneFormat::kPly) return parse_ply(bytes, name, options.limits, options.observer, &file.value());

  if (options.observer.cancelled()) return load_cancelled(name);
  file.value().prefetch(bytes.data(), bytes.size());
  Result<LoadedScene> loaded = [&]() -> Result<LoadedScene> {
    if (format == SceneFormat::kSogMeta) {
      if (bytes.size() > kMaxMetaJsonBytes)
        return Error{name, "JSON file too large for a SOG meta.json", kSupportedHint};
      return decode_sog_folder(bytes, path, options.limits);
    }
    const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    return decode_as(format, bytes, name, options, folder);
  }();
  if (options.observer.cancelled()) return load_cancelled(name);
  if (loaded && options.observer.progress) {
    const std::uint64_t n = loaded.value().scene.count();
    options.observer.progress(LoadProgress{bytes.size(), bytes.size(), n, n});
  }
  return loaded;
}

}  // namespace splatview
