#pragma once
// Opens a scene file of any supported format: 3DGS PLY, PlayCanvas compressed PLY, antimatter15
// .splat, Niantic SPZ (v1-v4), PlayCanvas SOG (bundled .sog, or an unbundled meta.json), glTF 2.0
// (.glb, .gltf) with KHR_gaussian_splatting. The format is chosen by content (magic bytes), the
// extension only for .splat, which has none, and for a .gltf whose first bytes do not show "asset".
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/formats/spz.h"
#include "core/load_limits.h"
#include "core/load_progress.h"
#include "core/loaded_scene.h"
#include "core/result.h"

namespace splatview {

enum class SceneFormat { kUnknown, kPly, kCompressedPly, kSplat, kSpz, kSog, kSogMeta, kGltf };

// Choices a file cannot make for itself.
struct SceneLoadOptions {
  // The frame of an SPZ file that does not name one (--spz-frame): the format's RUB, or RDF for
  // files from writers that stored the PLY frame unchanged (the bytes cannot tell them apart).
  SpzFrame spz_frame = SpzFrame::kRub;
  // How many Gaussians a file may declare, and how far a compressed one may expand
  // (--max-gaussians; core/load_limits.h).
  LoadLimits limits;
  // Progress and cancel (core/load_progress.h). A 3DGS PLY reports as it decodes; the other
  // formats decode in one step and report once, at the end, and a cancel is seen before and after.
  LoadObserver observer;
};

// A short human name, e.g. "PlayCanvas compressed PLY".
std::string_view scene_format_name(SceneFormat format);

// The format of a file from its first bytes (enough to hold a PLY header: up to 64 KiB, or the whole
// file) and its name (for the extension).
SceneFormat detect_scene_format(std::span<const std::byte> head, const std::filesystem::path& name);

// True for names the window should treat as a scene when dropped: .ply .splat .spz .sog .json .glb .gltf.
bool has_scene_extension(const std::filesystem::path& path);

// Loads a scene from disk: the file is memory-mapped (or read whole when it cannot be mapped),
// its format detected and decoded. A folder holding a meta.json is opened as an unbundled SOG.
// Every failure, including an unknown format, is an Error naming the file.
Result<LoadedScene> load_scene(const std::filesystem::path& path);
Result<LoadedScene> load_scene(const std::filesystem::path& path, const SceneLoadOptions& options);
Result<LoadedScene> load_scene(const std::filesystem::path& path, const LoadLimits& limits);

// Decodes scene bytes already in memory; `name` gives messages their file name and .splat its
// extension. An unbundled SOG's meta.json cannot be decoded this way (its textures are files), nor a
// .gltf with external buffers.
Result<LoadedScene> decode_scene(std::span<const std::byte> bytes, const std::string& name);
Result<LoadedScene> decode_scene(std::span<const std::byte> bytes, const std::string& name,
                                 const SceneLoadOptions& options);

}  // namespace splatview
