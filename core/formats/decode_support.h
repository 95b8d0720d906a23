#pragma once
// Internal to core/formats: what every decoder shares. Little-endian loads, the DESIGN activations
// applied exactly as the PLY reader applies them (so a value a PLY would hold as raw float r decodes
// to the same activated float), and the last pass that drops bad Gaussians with the PLY reader's
// warnings.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/color_rules.h"
#include "core/gaussian_scene.h"
#include "core/ply_reader.h"
#include "core/result.h"

namespace splatview::formats {

// No format may claim more Gaussians than this: bounds every allocation a header can ask for.
inline constexpr std::uint64_t kMaxGaussians = 100'000'000;

// SH degree-0 basis constant (core/color_rules.h): colour = 0.5 + kShC0 * f_dc.
using splatview::kShC0;

inline constexpr const char* kTruncatedHint =
    "the file is incomplete or damaged; export or download it again";

inline std::uint16_t load_u16(const std::byte* p) {
  return static_cast<std::uint16_t>(std::to_integer<unsigned>(p[0]) | (std::to_integer<unsigned>(p[1]) << 8));
}

inline std::uint32_t load_u32(const std::byte* p) {
  return std::to_integer<std::uint32_t>(p[0]) | (std::to_integer<std::uint32_t>(p[1]) << 8) |
         (std::to_integer<std::uint32_t>(p[2]) << 16) | (std::to_integer<std::uint32_t>(p[3]) << 24);
}

inline std::uint64_t load_u64(const std::byte* p) {
  return static_cast<std::uint64_t>(load_u32(p)) | (static_cast<std::uint64_t>(load_u32(p + 4)) << 32);
}

inline float load_f32(const std::byte* p) {
  const std::uint32_t bits = load_u32(p);
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

inline std::uint8_t byte_at(const std::byte* p, std::size_t i) { return std::to_integer<std::uint8_t>(p[i]); }

// double -> float that is defined for every double: beyond float's range gives +-Inf.
inline float narrow(double v) {
  constexpr double kMax = std::numeric_limits<float>::max();
  if (v > kMax) return std::numeric_limits<float>::infinity();
  if (v < -kMax) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(v);
}

// The PLY reader's activations of one raw float.
inline float opacity_from_logit(float raw) {
  return static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(raw))));
}
inline float scale_from_log(float raw) { return narrow(std::exp(static_cast<double>(raw))); }

// Formats that store activated values (an 8-bit opacity, a linear scale) go through a float raw
// value too: the result moves by at most a float step, and every decoded scene then holds only values
// a 3DGS PLY can hold, so write_ply and load_ply give back exactly the decoded scene.
inline float opacity_from_linear(double opacity) {
  return opacity_from_logit(narrow(std::log(opacity / (1.0 - opacity))));  // 0 and 1 via -+Inf
}
inline float scale_from_linear(float scale) {
  return scale < 0 ? scale
                   : scale_from_log(narrow(std::log(static_cast<double>(scale))));  // < 0: dropped later
}

// Stores normalize(w, x, y, z) at `out` the way the PLY reader normalises rot_0..3 (in double from the
// given floats). A zero-length quaternion is stored as four zeros and non-finite input as it is, so
// finish_scene drops the Gaussian with the right warning.
void store_rotation(float* out, float w, float x, float y, float z);

// Sizes `scene` for n Gaussians at its current sh_degree.
void size_scene(GaussianScene& scene, std::size_t n);

// Drops Gaussians with NaN, infinite or negative-scale values or a zero rotation, with one warning per
// cause (the PLY reader's wording); an Error when none is left.
Result<LoadedScene> finish_scene(LoadedScene loaded, const std::string& name, const std::string& hint);

Error out_of_memory(const std::string& name);

// Runs a decoder body, turning the allocation failures a big (valid) scene can cause into an Error.
template <class Body>
Result<LoadedScene> guarded(const std::string& name, Body&& body) {
  try {
    return std::forward<Body>(body)();
  } catch (const std::bad_alloc&) {
    return out_of_memory(name);
  } catch (const std::length_error&) {
    return out_of_memory(name);
  }
}

// Reads a whole regular file of at most `max_bytes`; errors name `name`.
Result<std::vector<std::byte>> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes,
                                                 const std::string& name);

// "12,345" for messages.
std::string with_commas(std::uint64_t n);

}  // namespace splatview::formats
