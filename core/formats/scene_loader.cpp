#include "core/formats/scene_loader.h"

#include "core/file_bytes.h"

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
#include "core/formats/sog.h"
#include "core/formats/splat_file.h"
#include "core/formats/spz.h"

namespace splatview {
namespace {

constexpr std::uint64_t kMaxSceneBytes = 64ull << 30;  // no supported scene of 100 M Gaussians is bigger
constexpr std::uint64_t kMaxMetaJsonBytes = 4u << 20;
constexpr const char* kSupportedHint =
    "splatview opens 3DGS .ply, compressed .ply, .splat, .spz and .sog (or a SOG meta.json)";

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

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

Result<LoadedScene> decode_as(SceneFormat format, std::span<const std::byte> bytes, const std::string& name,
                              const LoadLimits& limits) {
  switch (format) {
    case SceneFormat::kPly: return parse_ply(bytes, name, limits);
    case SceneFormat::kCompressedPly: return decode_compressed_ply(bytes, name, limits);
    case SceneFormat::kSplat: return decode_splat(bytes, name, limits);
    case SceneFormat::kSpz: return decode_spz(bytes, name, limits);
    case SceneFormat::kSog: return decode_sog(bytes, name, limits);
    case SceneFormat::kSogMeta:
      return Error{name, "a SOG meta.json needs its texture files",
                   "open the meta.json file itself from disk"};
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
  if (json_opening(head) == '{') return SceneFormat::kSogMeta;
  if (lower_extension(name) == ".splat") return SceneFormat::kSplat;
  return SceneFormat::kUnknown;
}

bool has_scene_extension(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  return ext == ".ply" || ext == ".splat" || ext == ".spz" || ext == ".sog" || ext == ".json";
}

Result<LoadedScene> decode_scene(std::span<const std::byte> bytes, const std::string& name,
                                 const LoadLimits& limits) {
  return decode_as(detect_scene_format(bytes, name), bytes, name, limits);
}

Result<LoadedScene> decode_scene(std::span<const std::byte> bytes, const std::string& name) {
  return decode_scene(bytes, name, LoadLimits{});
}

Result<LoadedScene> load_scene(const std::filesystem::path& path) { return load_scene(path, LoadLimits{}); }

Result<LoadedScene> load_scene(const std::filesystem::path& path, const LoadLimits& limits) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    const std::filesystem::path meta = path / "meta.json";
    if (!std::filesystem::is_regular_file(meta, ec))
      return Error{name, "is a folder, not a scene file",
                   "choose a scene file (a folder must hold a SOG meta.json)"};
    Result<std::vector<std::byte>> text = formats::read_file_bounded(meta, kMaxMetaJsonBytes, meta.string());
    if (!text) return text.error();
    return decode_sog_folder(text.value(), meta, limits);
  }

  auto file = FileBytes::open(path, kMaxSceneBytes, "a splat scene (.ply .splat .spz .sog)");
  if (!file) return file.error();
  const std::uint64_t size = file.value().bytes().size();
  if (size == 0) return unknown_format(name, {});

  const auto decode = [&](std::span<const std::byte> bytes) -> Result<LoadedScene> {
    const SceneFormat format = detect_scene_format(bytes, path);
    if (format == SceneFormat::kSogMeta) {
      if (size > kMaxMetaJsonBytes)
        return Error{name, "JSON file too large for a SOG meta.json", kSupportedHint};
      return decode_sog_folder(bytes, path, limits);
    }
    return decode_as(format, bytes, name, limits);
  };
  return decode(file.value().bytes());
}

}  // namespace splatview
