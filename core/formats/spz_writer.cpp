#include "core/formats/spz_writer.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "core/formats/frame_transform.h"

namespace splatview {
namespace {

constexpr std::uint32_t kMagic = 0x5053474e;  // "NGSP", little endian
constexpr std::uint32_t kVersion = 3;         // read by every SPZ reader; version 4 only changes the container
constexpr std::uint8_t kFlagAntialiased = 0x1;
constexpr int kFractionalBits = 12;              // the reference's choice: 1/4096 units (~0.25 mm in metres)
constexpr std::int64_t kMaxFixed = (1 << 23) - 1;  // 24-bit signed
constexpr double kColorScale = 0.15;             // f_dc stored as 0.5 + 0.15 * f_dc, leaving room out of [0, 1]
constexpr int kSh1Bucket = 1 << (8 - 5);         // degree 1 keeps 5 bits
constexpr int kShRestBucket = 1 << (8 - 4);      // degrees 2 and 3 keep 4
constexpr const char* kHint = "write a 3DGS PLY (or a .glb) instead";

std::uint8_t to_byte(double x) { return static_cast<std::uint8_t>(std::clamp(std::round(x), 0.0, 255.0)); }

// Degree >= 1 SH coefficient: the byte for x * 128 + 128, rounded to the nearest multiple of
// `bucket` (ties up, as the reference rounds), so that only the bits kept vary.
std::uint8_t sh_byte(float x, int bucket) {
  const double q = std::round(static_cast<double>(x) * 128.0) + 128.0;
  return to_byte(std::floor((q + bucket / 2) / bucket) * bucket);
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// The most fractional bits (at most the reference's 12) at which every coordinate fits in 24 bits;
// -1 when none does.
int fractional_bits_for(const GaussianScene& scene) {
  double largest = 0;
  for (float p : scene.positions) largest = std::max(largest, std::fabs(static_cast<double>(p)));
  for (int bits = kFractionalBits; bits >= 0; --bits)
    if (std::round(std::ldexp(largest, bits)) <= static_cast<double>(kMaxFixed)) return bits;
  return -1;
}

// "Smallest three" of the unit quaternion (x, y, z, w): the largest component is dropped (made
// positive by negating the whole, which is the same rotation) and named in the top 2 bits; the other
// three follow in index order, each a sign bit and 9 bits of |c| / sqrt(1/2), the last in the low bits.
std::uint32_t pack_rotation(const float* wxyz) {
  const double q[4] = {wxyz[1], wxyz[2], wxyz[3], wxyz[0]};
  int largest = 0;
  for (int i = 1; i < 4; ++i)
    if (std::fabs(q[i]) > std::fabs(q[largest])) largest = i;
  const bool negate = q[largest] < 0;
  std::uint32_t packed = static_cast<std::uint32_t>(largest);
  for (int i = 0; i < 4; ++i) {
    if (i == largest) continue;
    const std::uint32_t sign = (q[i] < 0) != negate ? 1u : 0u;
    const auto magnitude =
        static_cast<std::uint32_t>(std::min(511.0, std::floor(511.0 * std::fabs(q[i]) / std::sqrt(0.5) + 0.5)));
    packed = (packed << 10) | (sign << 9) | magnitude;
  }
  return packed;
}

// The attribute arrays, in file order, after the header.
std::string pack(const GaussianScene& scene, int fractional_bits) {
  const std::size_t n = scene.count();
  const int coeffs = scene.sh_coeffs();
  const auto values = static_cast<std::size_t>(3 * coeffs);
  std::string out;
  out.reserve(n * (9 + 1 + 3 + 3 + 4 + values - 3));
  for (std::size_t i = 0; i < 3 * n; ++i) {
    const auto fixed = static_cast<std::int32_t>(std::round(std::ldexp(static_cast<double>(scene.positions[i]), fractional_bits)));
    const auto bits = static_cast<std::uint32_t>(fixed);
    for (int b = 0; b < 3; ++b) out += static_cast<char>((bits >> (8 * b)) & 0xff);
  }
  for (std::size_t i = 0; i < n; ++i) out += static_cast<char>(to_byte(scene.opacities[i] * 255.0));
  for (std::size_t i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c)
      out += static_cast<char>(to_byte(scene.sh[values * i + c] * (kColorScale * 255.0) + 127.5));
  for (std::size_t i = 0; i < 3 * n; ++i)
    out += static_cast<char>(to_byte((std::log(static_cast<double>(scene.scales[i])) + 10.0) * 16.0));
  for (std::size_t i = 0; i < n; ++i) put_u32(out, pack_rotation(&scene.rotations[4 * i]));
  // Coefficient-major, RGB inner, as the scene holds them.
  for (std::size_t i = 0; i < n; ++i)
    for (int k = 1; k < coeffs; ++k)
      for (int c = 0; c < 3; ++c)
        out += static_cast<char>(sh_byte(scene.sh[values * i + 3 * k + c], k < 4 ? kSh1Bucket : kShRestBucket));
  return out;
}

Result<std::string> gzip(std::string_view data, const std::string& name) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return Error{name, "cannot start gzip compression (not enough memory)", kHint};
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(std::min<std::size_t>(data.size(), 1u << 30))) + 64);
  std::size_t fed = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (stream.avail_in == 0 && fed < data.size()) {  // zlib counts in 32 bits: feed at most 1 GiB at a time
      const std::size_t chunk = std::min<std::size_t>(data.size() - fed, 1u << 30);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + fed));
      stream.avail_in = static_cast<uInt>(chunk);
      fed += chunk;
    }
    const std::size_t written = stream.total_out;
    if (out.size() - written < (1u << 16)) out.resize(out.size() * 2);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + written);
    stream.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - written, 1u << 30));
    rc = deflate(&stream, fed == data.size() ? Z_FINISH : Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      deflateEnd(&stream);
      return Error{name, "gzip compression failed", kHint};
    }
  }
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace

Result<std::string> encode_spz(const GaussianScene& input, const std::string& name, const SpzWriteOptions& options) {
  if (input.count() > std::numeric_limits<std::uint32_t>::max())
    return Error{name, "the scene has more Gaussians than SPZ's 32-bit count holds", kHint};
  const int fractional_bits = fractional_bits_for(input);
  if (fractional_bits < 0)
    return Error{name, "a position lies beyond SPZ's 24-bit range (|x| < 8,388,608)", kHint};

  // Into SPZ's RUB frame: the reader's change of frame is a half turn about x (its own inverse), with
  // the quaternions conjugated as Niantic's library does.
  GaussianScene scene = input;
  std::string unused;
  formats::Affine to_rub;
  to_rub.linear = *formats::frame_to_rdf("RUB");
  formats::GaussianTransform::make(to_rub, formats::FlipRule::kConjugate, unused)->apply(scene, 0, scene.count());

  std::string raw;
  put_u32(raw, kMagic);
  put_u32(raw, kVersion);
  put_u32(raw, static_cast<std::uint32_t>(scene.count()));
  raw += static_cast<char>(scene.sh_degree);
  raw += static_cast<char>(fractional_bits);
  raw += static_cast<char>(options.antialiased ? kFlagAntialiased : 0);
  raw += '\0';  // reserved
  raw += pack(scene, fractional_bits);
  return gzip(raw, name);
}

}  // namespace splatview
