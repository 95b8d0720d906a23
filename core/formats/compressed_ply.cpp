#include "core/formats/compressed_ply.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/formats/decode_support.h"
#include "core/ply_header.h"
#include "core/ply_render_mode.h"

namespace splatview {
namespace {

using formats::load_f32;
using formats::load_u32;
using ply::Element;
using ply::in_quotes;
using ply::ScalarType;

constexpr std::uint64_t kChunkSize = 256;  // Gaussians per chunk
constexpr const char* kHint = "re-export it with SuperSplat or splat-transform, or as a plain 3DGS PLY";

// Byte offset of a property inside one record of `element`, or nullopt when absent or of another type.
std::optional<std::size_t> offset_of(const Element& element, std::string_view name, ScalarType type) {
  std::size_t offset = 0;
  for (const auto& p : element.properties) {
    if (p.name == name) return p.type == type ? std::optional<std::size_t>(offset) : std::nullopt;
    offset += ply::type_size(p.type);
  }
  return std::nullopt;
}

const Element* find_element(const ply::Header& header, std::string_view name) {
  for (const Element& e : header.elements) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

// t = v / (2^bits - 1) for the low `bits` bits of v.
inline double unorm(std::uint32_t v, int bits) {
  const std::uint32_t max = (1u << bits) - 1u;
  return static_cast<double>(v & max) / static_cast<double>(max);
}

inline double lerp(double a, double b, double t) { return a * (1.0 - t) + b * t; }

// Chunk ranges, in the order the chunk element's properties are looked up below.
// clang-format off
enum ChunkField {
  kMinX, kMinY, kMinZ, kMaxX, kMaxY, kMaxZ,
  kMinSX, kMinSY, kMinSZ, kMaxSX, kMaxSY, kMaxSZ,
  kMinR, kMinG, kMinB, kMaxR, kMaxG, kMaxB,
  kChunkFields
};
// clang-format on
constexpr const char* kChunkNames[kChunkFields] = {
    "min_x",       "min_y",       "min_z",       "max_x",       "max_y",       "max_z",
    "min_scale_x", "min_scale_y", "min_scale_z", "max_scale_x", "max_scale_y", "max_scale_z",
    "min_r",       "min_g",       "min_b",       "max_r",       "max_g",       "max_b"};
constexpr int kRequiredChunkFields = kMinR;  // colour ranges are optional (older SuperSplat files)

Result<LoadedScene> decode(std::span<const std::byte> bytes, const std::string& name, const LoadLimits& limits) {
  auto fail = [&name](std::string what, std::string hint = kHint) {
    return Error{name, std::move(what), std::move(hint)};
  };
  Result<ply::Header> parsed = ply::parse_header(bytes, name);
  if (!parsed) return parsed.error();
  const ply::Header& header = parsed.value();
  if (header.format != ply::Format::kBinaryLittleEndian)
    return fail("compressed PLY must be binary_little_endian");

  const Element* chunk = find_element(header, "chunk");
  const Element* vertex = find_element(header, "vertex");
  const Element* sh = find_element(header, "sh");
  if (!chunk) return fail("compressed PLY without a chunk element");
  if (!vertex) return fail("compressed PLY without a vertex element");

  // Where each element's records start; every element must fit the file.
  const std::byte* base = bytes.data();
  const std::size_t size = bytes.size();
  std::size_t pos = header.data_offset;
  const std::byte* chunk_data = nullptr;
  const std::byte* vertex_data = nullptr;
  const std::byte* sh_data = nullptr;
  for (const Element& e : header.elements) {
    if (e.has_list()) return fail("list property in element " + in_quotes(e.name) + " of a compressed PLY");
    const std::uint64_t need = e.count * e.record_size();  // < 2^32 * 8000: no overflow
    if (need > size - pos) {
      return fail("element " + in_quotes(e.name) + " count " + std::to_string(e.count) + " needs " +
                      std::to_string(need) + " bytes but only " + std::to_string(size - pos) + " remain",
                  formats::kTruncatedHint);
    }
    if (&e == chunk) chunk_data = base + pos;
    if (&e == vertex) vertex_data = base + pos;
    if (&e == sh) sh_data = base + pos;
    pos += static_cast<std::size_t>(need);
  }

  const std::uint64_t n = vertex->count;
  if (n == 0) return fail("no Gaussians (vertex count is 0)");
  if (n > formats::kMaxGaussians)
    return fail("vertex count " + formats::with_commas(n) + " is over the limit of " +
                formats::with_commas(formats::kMaxGaussians));
  if (auto over = check_gaussian_budget(n, limits, name, "compressed PLY header")) return *over;
  const std::uint64_t chunks_needed = (n + kChunkSize - 1) / kChunkSize;
  if (chunk->count != chunks_needed) {
    return fail("chunk count " + std::to_string(chunk->count) + " does not match vertex count " +
                std::to_string(n) + " (needs " + std::to_string(chunks_needed) + " chunks of 256)");
  }

  std::size_t chunk_offset[kChunkFields] = {};
  bool chunk_colours = true;
  for (int f = 0; f < kChunkFields; ++f) {
    const auto offset = offset_of(*chunk, kChunkNames[f], ScalarType::kFloat32);
    if (offset) {
      chunk_offset[f] = *offset;
    } else if (f < kRequiredChunkFields) {
      return fail("chunk element lacks float property '" + std::string(kChunkNames[f]) + "'");
    } else {
      chunk_colours = false;
    }
  }
  constexpr const char* kPacked[] = {"packed_position", "packed_rotation", "packed_scale", "packed_color"};
  std::size_t packed_offset[4] = {};
  for (int k = 0; k < 4; ++k) {
    const auto offset = offset_of(*vertex, kPacked[k], ScalarType::kUInt32);
    if (!offset) return fail("vertex element lacks uint property '" + std::string(kPacked[k]) + "'");
    packed_offset[k] = *offset;
  }

  int sh_degree = 0;
  std::vector<std::size_t> rest_offset;  // f_rest_j's byte offset in an sh record
  if (sh) {
    switch (sh->properties.size()) {
      case 9: sh_degree = 1; break;
      case 24: sh_degree = 2; break;
      case 45: sh_degree = 3; break;
      default:
        return fail("sh element has " + std::to_string(sh->properties.size()) +
                    " properties (expected 9, 24 or 45)");
    }
    if (sh->count != n)
      return fail("sh count " + std::to_string(sh->count) + " differs from vertex count " +
                  std::to_string(n));
    for (std::size_t j = 0; j < sh->properties.size(); ++j) {
      const std::string wanted = "f_rest_" + std::to_string(j);
      const auto offset = offset_of(*sh, wanted, ScalarType::kUInt8);
      if (!offset) return fail("sh element lacks uchar property '" + wanted + "'");
      rest_offset.push_back(*offset);
    }
  }

  LoadedScene loaded;
  GaussianScene& scene = loaded.scene;
  scene.sh_degree = sh_degree;
  scene.comments = header.comments;
  scene.render_mode = render_mode_from_comments(header.comments, loaded.warnings);
  formats::size_scene(scene, static_cast<std::size_t>(n));

  const std::size_t chunk_record = chunk->record_size();
  const std::size_t vertex_record = vertex->record_size();
  const std::size_t sh_record = sh ? sh->record_size() : 0;
  const int coeffs = sh_coeff_count(sh_degree);
  const auto sh_values = static_cast<std::size_t>(3 * coeffs);
  const double sqrt2 = std::sqrt(2.0);
  double range[kChunkFields] = {};
  for (std::size_t i = 0; i < n; ++i) {
    if (i % kChunkSize == 0) {
      const std::byte* c = chunk_data + (i / kChunkSize) * chunk_record;
      for (int f = 0; f < kChunkFields; ++f) {
        if (f < kRequiredChunkFields || chunk_colours) range[f] = load_f32(c + chunk_offset[f]);
      }
    }
    const std::byte* v = vertex_data + i * vertex_record;
    const std::uint32_t position = load_u32(v + packed_offset[0]);
    const std::uint32_t rotation = load_u32(v + packed_offset[1]);
    const std::uint32_t scale = load_u32(v + packed_offset[2]);
    const std::uint32_t colour = load_u32(v + packed_offset[3]);

    float* p = &scene.positions[3 * i];
    p[0] = formats::narrow(lerp(range[kMinX], range[kMaxX], unorm(position >> 21, 11)));
    p[1] = formats::narrow(lerp(range[kMinY], range[kMaxY], unorm(position >> 11, 10)));
    p[2] = formats::narrow(lerp(range[kMinZ], range[kMaxZ], unorm(position, 11)));

    float* s = &scene.scales[3 * i];
    s[0] =
        formats::scale_from_log(formats::narrow(lerp(range[kMinSX], range[kMaxSX], unorm(scale >> 21, 11))));
    s[1] =
        formats::scale_from_log(formats::narrow(lerp(range[kMinSY], range[kMaxSY], unorm(scale >> 11, 10))));
    s[2] = formats::scale_from_log(formats::narrow(lerp(range[kMinSZ], range[kMaxSZ], unorm(scale, 11))));

    // Largest-three: the top 2 bits name the largest of (w, x, y, z) (rot_0..3), rebuilt positive; the
    // other three follow in order, each (u - 0.5) * sqrt(2) for its 10-bit unorm u.
    const double a = (unorm(rotation >> 20, 10) - 0.5) * sqrt2;
    const double b = (unorm(rotation >> 10, 10) - 0.5) * sqrt2;
    const double c = (unorm(rotation, 10) - 0.5) * sqrt2;
    const double m = std::sqrt(std::max(0.0, 1.0 - (a * a + b * b + c * c)));
    const double small[3] = {a, b, c};
    double q[4];
    const std::uint32_t largest = rotation >> 30;
    for (std::uint32_t k = 0, j = 0; k < 4; ++k) q[k] = k == largest ? m : small[j++];
    formats::store_rotation(&scene.rotations[4 * i], static_cast<float>(q[0]), static_cast<float>(q[1]),
                            static_cast<float>(q[2]), static_cast<float>(q[3]));

    // Colour: 8-bit unorm, within the chunk's colour range when there is one; f_dc = (c - 0.5) / C0.
    float* dc = &scene.sh[sh_values * i];
    for (int ch = 0; ch < 3; ++ch) {
      const double t = unorm(colour >> (24 - 8 * ch), 8);
      const double value = chunk_colours ? lerp(range[kMinR + ch], range[kMaxR + ch], t) : t;
      dc[ch] = formats::narrow((value - 0.5) / formats::kShC0);
    }
    scene.opacities[i] = formats::opacity_from_linear(unorm(colour, 8));

    if (sh) {
      // f_rest bytes: 0 and 255 mean the range ends -4 and 4, others their bucket centre.
      const std::byte* r = sh_data + i * sh_record;
      for (int k = 1; k < coeffs; ++k) {
        for (int ch = 0; ch < 3; ++ch) {
          const std::uint8_t byte =
              formats::byte_at(r, rest_offset[static_cast<std::size_t>(ch * (coeffs - 1) + (k - 1))]);
          const double t = byte == 0 ? 0.0 : byte == 255 ? 1.0 : (byte + 0.5) / 256.0;
          dc[3 * k + ch] = static_cast<float>((t - 0.5) * 8.0);
        }
      }
    }
  }
  return formats::finish_scene(std::move(loaded), name, kHint);
}

}  // namespace

bool is_compressed_ply(std::span<const std::byte> bytes) {
  constexpr std::string_view kMagic = "ply";
  if (bytes.size() < 4 || std::string_view(reinterpret_cast<const char*>(bytes.data()), 3) != kMagic)
    return false;
  Result<ply::Header> parsed = ply::parse_header(bytes, "");
  if (!parsed) return false;
  for (const Element& e : parsed.value().elements) {
    if (e.name == "chunk") return true;
    if (e.name != "vertex") continue;
    for (const auto& p : e.properties) {
      if (p.name.rfind("packed_", 0) == 0) return true;
    }
  }
  return false;
}

Result<LoadedScene> decode_compressed_ply(std::span<const std::byte> bytes, const std::string& name,
                                          const LoadLimits& limits) {
  return formats::guarded(name, [&] { return decode(bytes, name, limits); });
}

Result<LoadedScene> decode_compressed_ply(std::span<const std::byte> bytes, const std::string& name) {
  return decode_compressed_ply(bytes, name, LoadLimits{});
}

}  // namespace splatview
