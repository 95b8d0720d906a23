#include "core/formats/spz.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "core/formats/decode_support.h"
#include "core/formats/frame_transform.h"

namespace splatview {
namespace {

using formats::byte_at;
using formats::load_u32;
using formats::load_u64;
using formats::with_commas;

constexpr std::uint32_t kMagic = 0x5053474e;  // "NGSP", little endian
constexpr std::size_t kLegacyHeaderBytes = 16;
constexpr std::size_t kV4HeaderBytes = 32;
constexpr std::uint8_t kFlagAntialiased = 0x1;
constexpr std::uint8_t kFlagExtensions = 0x2;
constexpr double kColorScale = 0.15;  // SPZ stores f_dc as 0.5 + 0.15 * f_dc in a byte
// Deflate cannot expand by more than about 1032:1, so a gzip stream of C bytes holds at most this
// many times C bytes; a header claiming more is lying (or a bomb) and is refused before allocating.
constexpr std::uint64_t kMaxDeflateRatio = 1032;
constexpr const char* kHint = "re-export the scene as SPZ, or as a 3DGS PLY";

struct Header {
  std::uint32_t version = 0;
  std::uint32_t count = 0;
  std::uint8_t sh_degree = 0;
  std::uint8_t fractional_bits = 0;
  std::uint8_t flags = 0;
};

// The six attribute arrays, in file order, and their sizes for a header.
enum Stream { kPositions, kAlphas, kColors, kScales, kRotations, kSh, kStreams };
constexpr const char* kStreamNames[kStreams] = {"positions", "alphas",    "colours",
                                                "scales",    "rotations", "SH"};

void stream_sizes(const Header& h, std::uint64_t out[kStreams]) {
  const std::uint64_t n = h.count;
  out[kPositions] = n * (h.version == 1 ? 6 : 9);  // version 1: float16 x3; later: 24-bit fixed x3
  out[kAlphas] = n;
  out[kColors] = 3 * n;
  out[kScales] = 3 * n;
  out[kRotations] = n * (h.version >= 3 ? 4 : 3);  // version 3 on: "smallest three" in 32 bits
  out[kSh] = n * 3 * static_cast<std::uint64_t>(sh_coeff_count(h.sh_degree) - 1);
}

// Checks the fields every version shares (the first 16 bytes).
std::optional<Error> check_header(const std::byte* p, Header& h, const std::string& name) {
  if (load_u32(p) != kMagic) return Error{name, "not an SPZ file (missing 'NGSP' magic)", kHint};
  h.version = load_u32(p + 4);
  h.count = load_u32(p + 8);
  h.sh_degree = byte_at(p, 12);
  h.fractional_bits = byte_at(p, 13);
  h.flags = byte_at(p, 14);
  if (h.version < 1 || h.version > 4) {
    return Error{name, "unsupported SPZ version " + std::to_string(h.version) + " (splatview reads 1 to 4)",
                 "re-export it as SPZ version 3 or 4, or as a 3DGS PLY"};
  }
  if (h.count == 0) return Error{name, "no Gaussians (count is 0)", kHint};
  if (h.count > formats::kMaxGaussians) {
    return Error{name,
                 "SPZ header claims " + with_commas(h.count) + " Gaussians, over the limit of " +
                     with_commas(formats::kMaxGaussians),
                 kHint};
  }
  if (h.sh_degree > kMaxShDegree) {
    return Error{name, "unsupported SH degree " + std::to_string(h.sh_degree) + " (0 to 3 are supported)",
                 kHint};
  }
  return std::nullopt;
}

// ---- Extensions and the file's frame --------------------------------------------------------------

constexpr std::uint32_t kExtShQuantization = 0xADBE0001;  // changes how SH bytes decode
constexpr std::uint32_t kExtCoordinateSystem = 0xADBE0003;
// A legacy (gzip) file keeps its extension records between the header and the data; no real list
// comes near this size, and it bounds what is inflated beyond the data the header accounts for.
constexpr std::size_t kMaxLegacyExtensionBytes = 64 * 1024;

// The frames of the coordinate-system extension, by value (1 to 16; 0 means unspecified: RUB). The
// letters give the directions of +x, +y, +z.
constexpr const char* kFrameNames[17] = {"RUB", "LDB", "RDB", "LUB", "RUB", "LDF", "RDF", "LUF", "RUF",
                                         "LFD", "RFD", "LFU", "RFU", "LBD", "RBD", "LBU", "RBU"};

// Reads the extension records in `block` ([u32 type][u32 byte length][payload], back to back), and
// from them the frame the Gaussians are stored in: `assumed` unless the file names one.
Result<Mat3d> read_extensions(std::span<const std::byte> block, const std::string& name, SpzFrame assumed) {
  const char* frame = assumed == SpzFrame::kRdf ? "RDF" : "RUB";
  std::size_t at = 0;
  while (at < block.size()) {
    if (block.size() - at < 8)
      return Error{name, "SPZ extension list ends inside a record header", formats::kTruncatedHint};
    const std::uint32_t type = load_u32(block.data() + at);
    const std::uint32_t length = load_u32(block.data() + at + 4);
    at += 8;
    if (length > block.size() - at) {
      return Error{name,
                   "SPZ extension record of " + with_commas(length) + " bytes runs past the extension list (" +
                       with_commas(block.size() - at) + " bytes left)",
                   formats::kTruncatedHint};
    }
    if (type == kExtCoordinateSystem) {
      if (length < 4) return Error{name, "SPZ coordinate-system extension is shorter than 4 bytes", kHint};
      const std::uint32_t value = load_u32(block.data() + at);
      if (value > 16) {
        return Error{name, "SPZ coordinate-system extension names frame " + std::to_string(value) + " (0 to 16 exist)",
                     kHint};
      }
      frame = kFrameNames[value];
    } else if (type == kExtShQuantization) {
      return Error{name, "SPZ SH quantization extension (0xADBE0001) is not supported",
                   "re-export the scene with the default SH quantization, or as a 3DGS PLY"};
    }
    at += length;  // unknown records are skipped
  }
  return *formats::frame_to_rdf(frame);
}

// Moves decoded Gaussians from the file's frame into the scene's. Axis flips conjugate the
// quaternions, as Niantic's library does when it writes, so a file written from a PLY reads back the
// PLY's quaternions.
void to_scene_frame(GaussianScene& scene, const Mat3d& to_rdf) {
  std::string unused;
  formats::Affine change;
  change.linear = to_rdf;
  const auto transform = formats::GaussianTransform::make(change, formats::FlipRule::kConjugate, unused);
  transform->apply(scene, 0, scene.count());  // a frame table entry: orthogonal, so always made
}

// ---- Decoding the attribute arrays --------------------------------------------------------------

float half_to_float(std::uint16_t h) {
  const int exponent = (h >> 10) & 0x1f;
  const int mantissa = h & 0x3ff;
  double value;
  if (exponent == 0) {
    value = std::ldexp(mantissa, -24);
  } else if (exponent == 31) {
    value = mantissa ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
  } else {
    value = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return static_cast<float>((h & 0x8000) ? -value : value);
}

// Decodes the attribute arrays in the file's frame, then moves them into the scene's (`to_rdf`).
LoadedScene unpack(const Header& h, const std::byte* const streams[kStreams], const Mat3d& to_rdf) {
  LoadedScene loaded;
  GaussianScene& scene = loaded.scene;
  scene.sh_degree = h.sh_degree;
  const std::size_t n = h.count;
  formats::size_scene(scene, n);
  const int coeffs = sh_coeff_count(h.sh_degree);
  const auto sh_values = static_cast<std::size_t>(3 * coeffs);
  const double fixed_scale = std::ldexp(1.0, -static_cast<int>(h.fractional_bits));
  const double sqrt1_2 = std::sqrt(0.5);

  for (std::size_t i = 0; i < n; ++i) {
    float* p = &scene.positions[3 * i];
    for (int k = 0; k < 3; ++k) {
      if (h.version == 1) {
        p[k] = half_to_float(formats::load_u16(streams[kPositions] + 6 * i + 2 * k));
      } else {
        const std::byte* b = streams[kPositions] + 9 * i + 3 * k;
        std::uint32_t bits = std::to_integer<std::uint32_t>(b[0]) |
                             (std::to_integer<std::uint32_t>(b[1]) << 8) |
                             (std::to_integer<std::uint32_t>(b[2]) << 16);
        const auto fixed = static_cast<std::int32_t>(bits << 8) >> 8;  // sign-extend 24 bits
        p[k] = static_cast<float>(fixed * fixed_scale);
      }
      scene.scales[3 * i + k] =
          formats::scale_from_log(static_cast<float>(byte_at(streams[kScales], 3 * i + k) / 16.0 - 10.0));
    }
    scene.opacities[i] = formats::opacity_from_linear(byte_at(streams[kAlphas], i) / 255.0);

    double xyzw[4];
    if (h.version >= 3) {
      // Smallest three: the top 2 bits name the largest of (x, y, z, w); the other three follow
      // from the low bits up in reverse order, each 9 bits of magnitude (in units of 1/sqrt(2)) and a
      // sign bit; the largest is rebuilt positive.
      std::uint32_t packed = load_u32(streams[kRotations] + 4 * i);
      const std::uint32_t largest = packed >> 30;
      double sum = 0;
      for (int k = 3; k >= 0; --k) {
        if (static_cast<std::uint32_t>(k) == largest) continue;
        const double magnitude = sqrt1_2 * static_cast<double>(packed & 511u) / 511.0;
        xyzw[k] = (packed >> 9) & 1u ? -magnitude : magnitude;
        sum += xyzw[k] * xyzw[k];
        packed >>= 10;
      }
      xyzw[largest] = std::sqrt(std::max(0.0, 1.0 - sum));
    } else {
      // First three: x, y, z as b / 127.5 - 1; w rebuilt positive.
      double sum = 0;
      for (int k = 0; k < 3; ++k) {
        xyzw[k] = byte_at(streams[kRotations], 3 * i + k) / 127.5 - 1.0;
        sum += xyzw[k] * xyzw[k];
      }
      xyzw[3] = std::sqrt(std::max(0.0, 1.0 - sum));
    }
    formats::store_rotation(&scene.rotations[4 * i], static_cast<float>(xyzw[3]), static_cast<float>(xyzw[0]),
                            static_cast<float>(xyzw[1]), static_cast<float>(xyzw[2]));

    float* sh = &scene.sh[sh_values * i];
    for (int ch = 0; ch < 3; ++ch) {
      sh[ch] = static_cast<float>((byte_at(streams[kColors], 3 * i + ch) / 255.0 - 0.5) / kColorScale);
    }
    // SH bytes per Gaussian: coefficient-major, RGB inner, (b - 128) / 128.
    for (int k = 1; k < coeffs; ++k) {
      const std::byte* rest = streams[kSh] + (sh_values - 3) * i;
      for (int ch = 0; ch < 3; ++ch) {
        const double value = (byte_at(rest, static_cast<std::size_t>(3 * (k - 1) + ch)) - 128) / 128.0;
        sh[3 * k + ch] = static_cast<float>(value);
      }
    }
  }
  if (h.flags & kFlagAntialiased) scene.render_mode = RenderMode::kMip;  // trained with antialiasing
  to_scene_frame(scene, to_rdf);
  return loaded;
}

// Points `streams` into one buffer that holds the attribute arrays back to back.
void split_streams(const Header& h, const std::byte* data, const std::byte* streams[kStreams]) {
  std::uint64_t sizes[kStreams];
  stream_sizes(h, sizes);
  for (int s = 0; s < kStreams; ++s) {
    streams[s] = data;
    data += sizes[s];
  }
}

std::uint64_t total_size(const Header& h) {
  std::uint64_t sizes[kStreams];
  stream_sizes(h, sizes);
  std::uint64_t total = 0;
  for (std::uint64_t s : sizes) total += s;
  return total;
}

// ---- Versions 1-3: gzip ---------------------------------------------------------------------------

class Inflater {
 public:
  Inflater(std::span<const std::byte> in) : in_(in) {
    ok_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK;  // gzip wrapper only
  }
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  enum class Status { kFilled, kEnded, kTruncated, kCorrupt };

  // Inflates until `n` bytes are in `out` (kFilled), the stream ends (kEnded), the input runs out
  // (kTruncated) or the data is bad (kCorrupt). `got` counts the bytes written.
  Status read(std::byte* out, std::size_t n, std::size_t& got) {
    got = 0;
    if (!ok_) return Status::kCorrupt;
    while (got < n) {
      if (stream_.avail_in == 0 && fed_ < in_.size()) {
        const std::size_t chunk = std::min<std::size_t>(in_.size() - fed_, std::size_t{1} << 30);
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(in_.data() + fed_));
        stream_.avail_in = static_cast<uInt>(chunk);
        fed_ += chunk;
      }
      const std::size_t want = std::min<std::size_t>(n - got, std::size_t{1} << 30);
      stream_.next_out = reinterpret_cast<Bytef*>(out + got);
      stream_.avail_out = static_cast<uInt>(want);
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      got += want - stream_.avail_out;
      if (rc == Z_STREAM_END) return got == n ? Status::kFilled : Status::kEnded;
      if (rc == Z_BUF_ERROR && stream_.avail_in == 0 && fed_ == in_.size()) return Status::kTruncated;
      if (rc != Z_OK && rc != Z_BUF_ERROR) return Status::kCorrupt;
    }
    return Status::kFilled;
  }

  // After a read that filled its buffer: true when the stream ends right there (no extra data).
  Status finish() {
    std::byte extra{};
    std::size_t got = 0;
    const Status status = read(&extra, 1, got);
    if (got == 1) return Status::kFilled;  // more data than the header accounts for
    return status;
  }

 private:
  std::span<const std::byte> in_;
  std::size_t fed_ = 0;
  z_stream stream_{};
  bool ok_ = false;
};

// A gzip file whose header flags extensions: the records sit between the header and the data, their
// length only known as what the stream holds beyond the data, so the stream is read to its end (at
// most kMaxLegacyExtensionBytes beyond the data).
Result<LoadedScene> decode_gzip_with_extensions(Inflater& inflater, const std::string& name, const Header& h,
                                                SpzFrame assumed) {
  const std::uint64_t payload = total_size(h);
  std::vector<std::byte> data(static_cast<std::size_t>(payload) + kMaxLegacyExtensionBytes);
  std::size_t got = 0;
  switch (inflater.read(data.data(), data.size(), got)) {
    case Inflater::Status::kEnded: break;
    case Inflater::Status::kFilled:
      return Error{name, "SPZ extension records take more than " + with_commas(kMaxLegacyExtensionBytes) + " bytes",
                   "the file is damaged or not a real SPZ file"};
    case Inflater::Status::kCorrupt:
      return Error{name, "damaged SPZ data (gzip stream does not inflate)", formats::kTruncatedHint};
    case Inflater::Status::kTruncated:
      return Error{name, "truncated SPZ file: the gzip stream has no end", formats::kTruncatedHint};
  }
  if (got < payload) {
    return Error{name, "truncated SPZ file: the data ends after " + with_commas(got) + " of " + with_commas(payload) +
                           " bytes",
                 formats::kTruncatedHint};
  }
  const std::size_t extension_bytes = got - static_cast<std::size_t>(payload);
  auto frame = read_extensions(std::span<const std::byte>(data.data(), extension_bytes), name, assumed);
  if (!frame) return frame.error();
  const std::byte* streams[kStreams];
  split_streams(h, data.data() + extension_bytes, streams);
  return formats::finish_scene(unpack(h, streams, frame.value()), name, kHint);
}

Result<LoadedScene> decode_gzip(std::span<const std::byte> bytes, const std::string& name, SpzFrame assumed,
                                const LoadLimits& limits) {
  auto corrupt = [&name] {
    return Error{name, "damaged SPZ data (gzip stream does not inflate)", formats::kTruncatedHint};
  };
  auto truncated = [&name](const std::string& what) {
    return Error{name, "truncated SPZ file: " + what, formats::kTruncatedHint};
  };
  Inflater inflater(bytes);
  std::byte head[kLegacyHeaderBytes];
  std::size_t got = 0;
  switch (inflater.read(head, sizeof head, got)) {
    case Inflater::Status::kFilled: break;
    case Inflater::Status::kCorrupt: return corrupt();
    default: return truncated("the header is incomplete");
  }
  Header h;
  if (auto error = check_header(head, h, name)) return *error;
  if (h.version == 4) {
    return Error{name, "SPZ version 4 inside a gzip stream",
                 "version 4 files are not gzip-compressed; re-export the scene"};
  }
  const std::uint64_t payload = total_size(h);
  if (kLegacyHeaderBytes + payload > kMaxDeflateRatio * bytes.size() + 1024) {
    return Error{name,
                 "SPZ header claims " + with_commas(h.count) + " Gaussians (" + with_commas(payload) +
                     " bytes), more than " + with_commas(bytes.size()) + " compressed bytes can hold",
                 formats::kTruncatedHint};
  }
  if (auto implausible = check_expansion(h.count, payload, bytes.size(), limits, name, "SPZ header"))
    return *implausible;
  if (auto over = check_gaussian_budget(h.count, limits, name, "SPZ header")) return *over;
  return formats::guarded(name, [&]() -> Result<LoadedScene> {
    if (h.flags & kFlagExtensions) return decode_gzip_with_extensions(inflater, name, h, assumed);
    std::vector<std::byte> data(static_cast<std::size_t>(payload));
    switch (inflater.read(data.data(), data.size(), got)) {
      case Inflater::Status::kFilled: break;
      case Inflater::Status::kCorrupt: return corrupt();
      default:
        return truncated("the data ends after " + with_commas(got) + " of " + with_commas(payload) +
                         " bytes");
    }
    switch (inflater.finish()) {
      case Inflater::Status::kEnded: break;
      case Inflater::Status::kFilled:
        return Error{name, "SPZ data is longer than its header's " + with_commas(h.count) + " Gaussians need",
                     "the file is damaged or not a real SPZ file"};
      case Inflater::Status::kCorrupt: return corrupt();
      case Inflater::Status::kTruncated: return truncated("the gzip stream has no end");
    }
    auto frame = read_extensions({}, name, assumed);
    if (!frame) return frame.error();
    const std::byte* streams[kStreams];
    split_streams(h, data.data(), streams);
    return formats::finish_scene(unpack(h, streams, frame.value()), name, kHint);
  });
}

// Versions 1-3 without the gzip wrapper: the same layout, stored.
Result<LoadedScene> decode_stored(std::span<const std::byte> bytes, const std::string& name,
                                  const Header& h, SpzFrame assumed, const LoadLimits& limits) {
  const std::uint64_t payload = total_size(h);
  if (payload > bytes.size() - kLegacyHeaderBytes) {
    return Error{name,
                 "truncated SPZ file: " + with_commas(h.count) + " Gaussians need " +
                     with_commas(kLegacyHeaderBytes + payload) + " bytes, the file has " +
                     with_commas(bytes.size()),
                 formats::kTruncatedHint};
  }
  if (auto over = check_gaussian_budget(h.count, limits, name, "SPZ header")) return *over;
  // Extension records, when flagged, fill the bytes between the header and the data.
  const std::size_t extension_bytes =
      h.flags & kFlagExtensions ? static_cast<std::size_t>(bytes.size() - kLegacyHeaderBytes - payload) : 0;
  auto frame = read_extensions(bytes.subspan(kLegacyHeaderBytes, extension_bytes), name, assumed);
  if (!frame) return frame.error();
  const std::byte* streams[kStreams];
  split_streams(h, bytes.data() + kLegacyHeaderBytes + extension_bytes, streams);
  return formats::guarded(name, [&] { return formats::finish_scene(unpack(h, streams, frame.value()), name, kHint); });
}

// ---- Version 4: header, table of contents, one zstd stream per attribute --------------------------

Result<LoadedScene> decode_v4(std::span<const std::byte> bytes, const std::string& name, const Header& h,
                              SpzFrame assumed, const LoadLimits& limits) {
  auto truncated = [&name](const std::string& what) {
    return Error{name, "truncated SPZ file: " + what, formats::kTruncatedHint};
  };
  if (bytes.size() < kV4HeaderBytes) return truncated("the version 4 header is incomplete");
  const std::size_t stream_count = byte_at(bytes.data(), 15);
  const std::uint32_t toc_offset = load_u32(bytes.data() + 16);
  const std::size_t needed_streams = h.sh_degree == 0 ? kSh : kStreams;
  if (stream_count < needed_streams) {
    return Error{name,
                 "SPZ table of contents lists " + std::to_string(stream_count) + " streams, " +
                     std::to_string(needed_streams) + " are needed",
                 kHint};
  }
  if (toc_offset < kV4HeaderBytes || toc_offset > bytes.size() ||
      stream_count * 16 > bytes.size() - toc_offset) {
    return truncated("the table of contents at byte " + std::to_string(toc_offset) + " is outside the file");
  }
  // Extension records, when flagged, fill the plain bytes between the header and the table of contents.
  const std::size_t extension_bytes = h.flags & kFlagExtensions ? toc_offset - kV4HeaderBytes : 0;
  auto frame = read_extensions(bytes.subspan(kV4HeaderBytes, extension_bytes), name, assumed);
  if (!frame) return frame.error();
  std::uint64_t expected[kStreams];
  stream_sizes(h, expected);
  // zstd can inflate far beyond deflate's 1032:1, so the plausibility check is all that stands between
  // a small file and the arrays its count asks for.
  if (auto implausible = check_expansion(h.count, total_size(h), bytes.size(), limits, name, "SPZ header"))
    return *implausible;
  if (auto over = check_gaussian_budget(h.count, limits, name, "SPZ header")) return *over;
  std::uint64_t offset = toc_offset + 16 * stream_count;
  return formats::guarded(name, [&]() -> Result<LoadedScene> {
    std::vector<std::byte> data[kStreams];
    const std::byte* streams[kStreams] = {};
    ZSTD_DCtx* context = ZSTD_createDCtx();
    if (!context) return formats::out_of_memory(name);
    struct Free {
      ZSTD_DCtx* c;
      ~Free() { ZSTD_freeDCtx(c); }
    } free_context{context};
    for (std::size_t s = 0; s < stream_count && s < kStreams; ++s) {
      const std::uint64_t compressed = load_u64(bytes.data() + toc_offset + 16 * s);
      const std::uint64_t size = load_u64(bytes.data() + toc_offset + 16 * s + 8);
      const std::string what = std::string("stream ") + std::to_string(s) + " (" + kStreamNames[s] + ")";
      if (size != expected[s]) {
        return Error{name,
                     what + " holds " + with_commas(size) + " bytes but " + with_commas(h.count) +
                         " Gaussians need " + with_commas(expected[s]),
                     kHint};
      }
      if (compressed > bytes.size() - offset) {
        return truncated(what + " needs " + with_commas(compressed) + " bytes at byte " +
                         with_commas(offset) + ", the file has " + with_commas(bytes.size()));
      }
      data[s].resize(static_cast<std::size_t>(size));
      const std::byte* source = bytes.data() + offset;
      offset += compressed;
      if (size == 0 && compressed == 0) continue;
      // The output buffer is exactly the expected size: zstd never writes past it, so a stream that
      // inflates to more (a bomb) fails with "destination too small" instead.
      const std::size_t written = ZSTD_decompressDCtx(context, data[s].data(), data[s].size(), source,
                                                      static_cast<std::size_t>(compressed));
      if (ZSTD_isError(written)) {
        return Error{name, what + " does not decompress (" + ZSTD_getErrorName(written) + ")",
                     formats::kTruncatedHint};
      }
      if (written != size) {
        return truncated(what + " decompresses to " + with_commas(written) + " of " + with_commas(size) +
                         " bytes");
      }
    }
    for (int s = 0; s < kStreams; ++s) streams[s] = data[s].data();
    return formats::finish_scene(unpack(h, streams, frame.value()), name, kHint);
  });
}

}  // namespace

bool looks_like_spz(std::span<const std::byte> bytes) {
  if (bytes.size() >= 2 && byte_at(bytes.data(), 0) == 0x1f && byte_at(bytes.data(), 1) == 0x8b) return true;
  return bytes.size() >= 4 && load_u32(bytes.data()) == kMagic;
}

Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name) {
  return decode_spz(bytes, name, SpzFrame::kRub);
}

Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name, SpzFrame assumed) {
  return decode_spz(bytes, name, assumed, LoadLimits{});
}

Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name, const LoadLimits& limits) {
  return decode_spz(bytes, name, SpzFrame::kRub, limits);
}

Result<LoadedScene> decode_spz(std::span<const std::byte> bytes, const std::string& name, SpzFrame assumed,
                               const LoadLimits& limits) {
  if (bytes.empty()) return Error{name, "empty file", kHint};
  if (bytes.size() >= 2 && byte_at(bytes.data(), 0) == 0x1f && byte_at(bytes.data(), 1) == 0x8b)
    return decode_gzip(bytes, name, assumed, limits);
  if (bytes.size() < kLegacyHeaderBytes) {
    if (bytes.size() >= 4 && load_u32(bytes.data()) == kMagic)
      return Error{name, "truncated SPZ file: the header is incomplete", formats::kTruncatedHint};
    return Error{name, "not an SPZ file (no gzip or 'NGSP' magic)", kHint};
  }
  Header h;
  if (auto error = check_header(bytes.data(), h, name)) return *error;
  if (h.version == 4) return decode_v4(bytes, name, h, assumed, limits);
  return decode_stored(bytes, name, h, assumed, limits);
}

}  // namespace splatview
