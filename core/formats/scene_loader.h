#pragma once
// Opens a scene file of any supported format: 3DGS PLY, PlayCanvas compressed PLY, antimatter15
// .splat, Niantic SPZ (v1-v4), PlayCanvas SOG (bundled .sog, or an unbundled meta.json). The format is
// chosen by content (magic bytes), the extension only for .splat, which has none.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/load_limits.h"
#include "core/ply_reader.h"
#include "core/result.h"

namespace splatview {

enum class SceneFormat { kUnknown, kPly, kCompressedPly, kSplat, kSpz, kSog, kSogMeta };

// A short human name, e.g. "PlayCanvas compressed PLY".
std::string_view scene_format_name(SceneFormat format);

// The format of a file from its first bytes (enough to hold a PLY header: up to 64 KiB, or the whole
// file) and its name (for the extension).
SceneFormat detect_scene_format(std::span<const std::byte> head, const std::filesystem::path& name);

// True for names the window should treat as a scene when dropped: .ply .splat .spz .sog .json.
bool has_scene_extension(const std::filesystem::path& path);

// Loads a scene from disk: the file is memory-mapped (or read whole when it cannot be mapped),
// its format detected and decoded. A folder holding a meta.json is opened as an unbundled SOG.
// Every failure, including an unknown format, is an Error naming the file. A file declaring more
// Gaussians than `limits` allow (or, compressed, more than its bytes can plausibly hold) is an Error
// whose hint names --max-gaussians; the one-argument form uses the default LoadLimits.
Result<LoadedScene> load_scene(const std::filesystem::path& path, const LoadLimits& limits);
Result<LoadedScene> load_scene(const std::filesystem::path& path);

// Decodes scene bytes already in memory; `name` gives messages their file name and .splat its
// extension. An unbundled SOG's meta.json cannot be decoded this way (its textures are files).
Result<LoadedScene> decode_scene(std::span<const std::byte> bytes, const std::string& name,
                                 const LoadLimits& limits);
Result<LoadedScene> decode_scene(std::span<const std::byte> bytes, const std::string& name);

}  // namespace splatview
