#include "core/formats/splat_file.h"

#include "core/formats/decode_support.h"

namespace splatview {
namespace {

constexpr const char* kHint = "re-export the scene as .splat, or as a 3DGS PLY";

Result<LoadedScene> decode(std::span<const std::byte> bytes, const std::string& name, const LoadLimits& limits) {
  if (bytes.empty()) return Error{name, "empty file", kHint};
  if (bytes.size() % kSplatRecordBytes != 0) {
    return Error{name,
                 ".splat size " + std::to_string(bytes.size()) + " bytes is not a multiple of 32 (" +
                     std::to_string(bytes.size() % kSplatRecordBytes) + " bytes left over)",
                 formats::kTruncatedHint};
  }
  const std::size_t n = bytes.size() / kSplatRecordBytes;
  if (n > formats::kMaxGaussians) {
    return Error{name,
                 ".splat holds " + formats::with_commas(n) + " Gaussians, over the limit of " +
                     formats::with_commas(formats::kMaxGaussians),
                 kHint};
  }
  if (auto over = check_gaussian_budget(n, limits, name, ".splat size")) return *over;
  LoadedScene loaded;
  GaussianScene& scene = loaded.scene;
  scene.sh_degree = 0;
  formats::size_scene(scene, n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::byte* r = bytes.data() + i * kSplatRecordBytes;
    for (int k = 0; k < 3; ++k) {
      scene.positions[3 * i + k] = formats::load_f32(r + 4 * k);
      scene.scales[3 * i + k] = formats::scale_from_linear(formats::load_f32(r + 12 + 4 * k));
      const double colour = formats::byte_at(r, 24 + k) / 255.0;
      scene.sh[3 * i + k] = static_cast<float>((colour - 0.5) / formats::kShC0);
    }
    scene.opacities[i] = formats::opacity_from_linear(formats::byte_at(r, 27) / 255.0);
    float q[4];
    for (int k = 0; k < 4; ++k) q[k] = static_cast<float>((formats::byte_at(r, 28 + k) - 128) / 128.0);
    formats::store_rotation(&scene.rotations[4 * i], q[0], q[1], q[2], q[3]);
  }
  return formats::finish_scene(std::move(loaded), name, kHint);
}

}  // namespace

Result<LoadedScene> decode_splat(std::span<const std::byte> bytes, const std::string& name,
                                 const LoadLimits& limits) {
  return formats::guarded(name, [&] { return decode(bytes, name, limits); });
}

Result<LoadedScene> decode_splat(std::span<const std::byte> bytes, const std::string& name) {
  return decode_splat(bytes, name, LoadLimits{});
}

}  // namespace splatview
