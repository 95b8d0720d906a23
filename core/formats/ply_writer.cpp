#include "core/formats/ply_writer.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/formats/decode_support.h"
#include "core/ply_render_mode.h"
#include "core/safe_write.h"

namespace splatview {
namespace {

constexpr std::size_t kMaxCommentBytes = 1000;        // well under the reader's 4 KiB line limit
constexpr std::size_t kMaxCommentsTotal = 32u << 10;  // well under the reader's 64 KiB header limit
constexpr const char* kWrittenBy = "written by splatview";

// ---- Inverse activations that survive the reader's rounding -------------------------------------

// Floats in order as integers: a < b as floats exactly when key(a) < key(b); +0 and -0 share 0.
std::int64_t key(float f) {
  const auto bits = std::bit_cast<std::uint32_t>(f);
  return (bits & 0x80000000u) ? -static_cast<std::int64_t>(bits & 0x7fffffffu)
                              : static_cast<std::int64_t>(bits);
}
float from_key(std::int64_t k) {
  return k >= 0 ? std::bit_cast<float>(static_cast<std::uint32_t>(k))
                : std::bit_cast<float>(static_cast<std::uint32_t>(-k) | 0x80000000u);
}

// The raw float r whose activation f(r) (non-decreasing in r) is nearest to `target`, `guess` first:
// for a target that some raw float activates to, exactly that. Raw values stay within +-kRawBound,
// where both activations have long saturated (sigmoid to 0 or 1, exp to 0 or past float's range).
template <class Activation>
float invert(float target, float guess, Activation f) {
  constexpr float kRawBound = 1.0e4f;
  if (!(guess > -kRawBound)) guess = -kRawBound;  // also catches NaN
  if (guess > kRawBound) guess = kRawBound;
  if (f(guess) == target) return guess;
  // A few steps from the guess settle almost every case.
  const int dir = f(guess) < target ? 1 : -1;
  std::int64_t k = key(guess);
  for (int step = 0; step < 8; ++step) {
    k += dir;
    const float v = f(from_key(k));
    if (v == target) return from_key(k);
    if ((dir > 0) ? v > target : v < target) break;
  }
  // Otherwise: the smallest raw with f(raw) >= target, or the one below it if that is nearer.
  std::int64_t lo = key(-kRawBound), hi = key(kRawBound);
  if (f(from_key(hi)) < target) return from_key(hi);
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (f(from_key(mid)) >= target) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  if (lo > key(-kRawBound) && target - f(from_key(lo - 1)) < f(from_key(lo)) - target)
    return from_key(lo - 1);
  return from_key(lo);
}

float raw_opacity(float opacity) {
  const double o = opacity;
  return invert(opacity, formats::narrow(std::log(o / (1.0 - o))), formats::opacity_from_logit);
}

float raw_scale(float scale) {
  return invert(scale, formats::narrow(std::log(static_cast<double>(scale))), formats::scale_from_log);
}

// A rotation the reader normalises back to `q` exactly. A float unit quaternion normalised again can
// move a component by one float step; normalising is blind to scale, but rounding q * c to floats is
// not, so some nearby scale c almost always gives components that normalise back to exactly q.
void raw_rotation(const float* q, float* out) {
  float normalised[4];
  constexpr int kTries = 1 << 16;  // one or two usually do; the most seen in real scenes is ~10,000
  for (int k = 0; k < kTries; ++k) {
    const double c = 1.0 + k / static_cast<double>(kTries);
    for (int i = 0; i < 4; ++i) out[i] = static_cast<float>(q[i] * c);
    formats::store_rotation(normalised, out[0], out[1], out[2], out[3]);
    if (std::memcmp(normalised, q, sizeof normalised) == 0) return;
  }
  std::memcpy(out, q, 4 * sizeof(float));  // within a float step of q in each component
}

// ---- Writing ------------------------------------------------------------------------------------

std::string header_text(const GaussianScene& scene) {
  std::string text = "ply\nformat binary_little_endian 1.0\n";
  // The render mode first, from the scene (which --render-mode may have changed), not from the
  // comments it was read with: written for a mip scene, and for a classic one whose file named a
  // mode; no line means classic to every reader.
  const bool named = std::any_of(scene.comments.begin(), scene.comments.end(),
                                 [](const std::string& c) { return is_render_mode_comment(c); });
  if (scene.render_mode == RenderMode::kMip || named)
    text += "comment " + render_mode_comment(scene.render_mode) + "\n";
  std::size_t comment_bytes = 0;
  bool written_by = false;
  for (const std::string& comment : scene.comments) {
    if (is_render_mode_comment(comment)) continue;
    std::string line = comment.substr(0, kMaxCommentBytes);
    for (char& c : line) {
      if (c == '\n' || c == '\r' || c == '\0') c = ' ';
    }
    if (comment_bytes + line.size() > kMaxCommentsTotal) break;
    comment_bytes += line.size();
    written_by = line == kWrittenBy;
    text += "comment " + line + "\n";
  }
  if (!written_by) text += std::string("comment ") + kWrittenBy + "\n";
  text += "element vertex " + std::to_string(scene.count()) + "\n";
  for (const char* p : {"x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2"})
    text += std::string("property float ") + p + "\n";
  const int rest = 3 * (scene.sh_coeffs() - 1);
  for (int j = 0; j < rest; ++j) text += "property float f_rest_" + std::to_string(j) + "\n";
  for (const char* p : {"opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"})
    text += std::string("property float ") + p + "\n";
  text += "end_header\n";
  return text;
}

// Appends Gaussian i's record (little-endian floats) to `out`.
void append_record(const GaussianScene& scene, std::size_t i, std::vector<float>& out) {
  const int coeffs = scene.sh_coeffs();
  const float* sh = &scene.sh[static_cast<std::size_t>(3 * coeffs) * i];
  for (int k = 0; k < 3; ++k) out.push_back(scene.positions[3 * i + k]);
  out.insert(out.end(), {0.0f, 0.0f, 0.0f});
  for (int c = 0; c < 3; ++c) out.push_back(sh[c]);
  for (int c = 0; c < 3; ++c) {  // f_rest is channel-major: all of red, then green, then blue
    for (int k = 1; k < coeffs; ++k) out.push_back(sh[3 * k + c]);
  }
  out.push_back(raw_opacity(scene.opacities[i]));
  for (int k = 0; k < 3; ++k) out.push_back(raw_scale(scene.scales[3 * i + k]));
  float rot[4];
  raw_rotation(&scene.rotations[4 * i], rot);
  out.insert(out.end(), rot, rot + 4);
}

std::optional<Error> check_scene(const GaussianScene& scene, const std::string& name) {
  const std::size_t n = scene.count();
  if (n == 0) return Error{name, "the scene has no Gaussians to write", ""};
  if (scene.sh_degree < 0 || scene.sh_degree > kMaxShDegree)
    return Error{name, "the scene's SH degree " + std::to_string(scene.sh_degree) + " cannot be written", ""};
  if (scene.positions.size() != 3 * n || scene.scales.size() != 3 * n || scene.rotations.size() != 4 * n ||
      scene.sh.size() != static_cast<std::size_t>(3 * scene.sh_coeffs()) * n)
    return Error{name, "the scene's arrays do not agree on its size", "this is a bug in splatview"};
  return std::nullopt;
}

}  // namespace

std::optional<Error> write_ply(const std::filesystem::path& path, const GaussianScene& scene) {
  const std::string name = path.string();
  if (auto error = check_scene(scene, name)) return error;
  auto output = OutputFile::create(path);
  if (!output) return output.error();
  std::FILE* file = output.value().stream();
  try {
    const std::string header = header_text(scene);
    bool ok = std::fwrite(header.data(), 1, header.size(), file) == header.size();
    std::vector<float> buffer;
    constexpr std::size_t kBatch = 4096;  // Gaussians a write
    for (std::size_t first = 0; ok && first < scene.count(); first += kBatch) {
      buffer.clear();
      const std::size_t last = std::min(scene.count(), first + kBatch);
      for (std::size_t i = first; i < last; ++i) append_record(scene, i, buffer);
      static_assert(std::endian::native == std::endian::little,
                    "the PLY writer assumes a little-endian host");
      ok = std::fwrite(buffer.data(), sizeof(float), buffer.size(), file) == buffer.size();
    }
    if (!ok) return Error{name, system_reason("cannot write"), "check that the folder has free space"};
  } catch (const std::bad_alloc&) {
    return formats::out_of_memory(name);
  }
  return output.value().commit();
}

}  // namespace splatview
