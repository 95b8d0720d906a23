#include "core/formats/sog.h"

#include <webp/decode.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "core/formats/decode_support.h"

namespace splatview {
namespace {

using formats::with_commas;
using Json = nlohmann::json;

constexpr const char* kHint = "re-export the scene as SOG with splat-transform, or as a 3DGS PLY";
constexpr std::uint64_t kMaxMetaBytes = 4u << 20;      // meta.json: real ones are ~15 KB
constexpr std::uint64_t kMaxMemberBytes = 1ull << 30;  // one texture file, whatever the count
// Deflate cannot expand by more than about 1032:1 (258-byte matches coded in 2 bits each).
constexpr std::uint64_t kMaxDeflateRatio = 1032;
constexpr std::size_t kReadChunk = std::size_t{1} << 20;  // ZIP members grow by what really inflates
constexpr std::size_t kCodebookSize = 256;
constexpr std::uint32_t kPaletteColumns = 64;  // shN centroids: 64 palette entries per texture row

using Bytes = std::vector<std::byte>;
// Reads one member (a file named in meta.json) of the bundle or folder, of at most `max_bytes`.
using ReadMember = std::function<Result<Bytes>(const std::string& member, std::uint64_t max_bytes)>;

// A WebP of `pixels` pixels is smaller than this (lossless at worst stores about 4 bytes a pixel).
std::uint64_t max_webp_bytes(std::uint64_t pixels) { return 8 * pixels + (1u << 20); }

struct Texture {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;
  std::size_t pixels() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
  const std::uint8_t* pixel(std::size_t i) const { return &rgba[4 * i]; }
};

// ---- meta.json ----------------------------------------------------------------------------------

// Throws nothing: every lookup checks the type first and reports what it expected.
class Meta {
 public:
  Meta(const Json& root, const std::string& name) : root_(root), name_(name) {}

  const Json* object(const Json& parent, const char* key, bool required) {
    const auto it = parent.find(key);
    if (it == parent.end() || !it->is_object()) {
      if (required || it != parent.end()) fail(std::string("'") + key + "' must be an object");
      return nullptr;
    }
    return &*it;
  }

  std::optional<std::uint64_t> count(const Json& parent, const char* key, std::uint64_t lo,
                                     std::uint64_t hi) {
    const auto it = parent.find(key);
    if (it == parent.end() || !it->is_number_unsigned()) {
      fail(std::string("'") + key + "' must be a whole number");
      return std::nullopt;
    }
    const auto value = it->get<std::uint64_t>();
    if (value < lo || value > hi) {
      fail(std::string("'") + key + "' is " + with_commas(value) + ", outside " + with_commas(lo) + " to " +
           with_commas(hi));
      return std::nullopt;
    }
    return value;
  }

  std::vector<double> numbers(const Json& parent, const char* key, std::size_t size) {
    const auto it = parent.find(key);
    if (it == parent.end() || !it->is_array() || it->size() != size) {
      fail(std::string("'") + key + "' must be an array of " + std::to_string(size) + " numbers");
      return {};
    }
    std::vector<double> out;
    for (const Json& v : *it) {
      if (!v.is_number()) {
        fail(std::string("'") + key + "' must hold numbers only");
        return {};
      }
      out.push_back(v.get<double>());
    }
    return out;
  }

  // File names: plain names in the same folder, nothing that could leave it.
  std::vector<std::string> files(const Json& parent, std::size_t size) {
    const auto it = parent.find("files");
    if (it == parent.end() || !it->is_array() || it->size() != size) {
      fail("'files' must list " + std::to_string(size) + (size == 1 ? " file" : " files"));
      return {};
    }
    std::vector<std::string> out;
    for (const Json& v : *it) {
      if (!v.is_string()) {
        fail("'files' must hold file names");
        return {};
      }
      const auto& file = v.get_ref<const std::string&>();
      if (file.empty() || file.size() > 255 || file == "." || file == ".." ||
          file.find_first_of("/\\") != std::string::npos || file.find('\0') != std::string::npos) {
        fail("bad file name '" + file.substr(0, 40) + "' (must be a plain name in the same folder)");
        return {};
      }
      out.push_back(file);
    }
    return out;
  }

  void fail(std::string what) {
    if (!error_) error_ = Error{name_, "bad SOG meta.json: " + std::move(what), kHint};
  }
  const std::optional<Error>& error() const { return error_; }
  const Json& root() const { return root_; }

 private:
  const Json& root_;
  const std::string& name_;
  std::optional<Error> error_;
};

// ---- Textures -----------------------------------------------------------------------------------

// Decodes a WebP member read before. Its pixel count must cover `min_pixels` and stay within
// `max_pixels`, which is checked before decoding, so a tiny file cannot make us allocate a huge image.
Result<Texture> load_texture(const Bytes& data, const std::string& member, std::size_t min_pixels,
                             std::size_t max_pixels, const std::string& name) {
  Texture texture;
  const auto* input = reinterpret_cast<const std::uint8_t*>(data.data());
  if (!WebPGetInfo(input, data.size(), &texture.width, &texture.height)) {
    return Error{name, member + " is not a valid WebP image", formats::kTruncatedHint};
  }
  const std::size_t pixels = texture.pixels();
  if (pixels < min_pixels) {
    return Error{name,
                 member + " is " + std::to_string(texture.width) + "x" + std::to_string(texture.height) +
                     ", too small for " + with_commas(min_pixels) + " entries",
                 kHint};
  }
  if (pixels > max_pixels) {
    return Error{name,
                 member + " is " + std::to_string(texture.width) + "x" + std::to_string(texture.height) +
                     ", far larger than " + with_commas(min_pixels) + " entries need",
                 kHint};
  }
  texture.rgba.resize(4 * pixels);
  if (!WebPDecodeRGBAInto(input, data.size(), texture.rgba.data(), texture.rgba.size(), 4 * texture.width)) {
    return Error{name, member + " does not decode as WebP", formats::kTruncatedHint};
  }
  return texture;
}

// Codebooks are float32 in the writer; JSON holds them as decimals.
std::vector<float> to_floats(const std::vector<double>& values) {
  std::vector<float> out;
  for (double v : values) out.push_back(formats::narrow(v));
  return out;
}

// Inverse of the writer's log transform of positions: sign(v) * (e^|v| - 1).
inline double inverse_log_transform(double v) {
  const double magnitude = std::expm1(std::fabs(v));
  return v < 0 ? -magnitude : magnitude;
}

Result<LoadedScene> decode_meta(std::span<const std::byte> meta_text, const ReadMember& read,
                                const std::string& name, const LoadLimits& limits) {
  if (meta_text.size() > kMaxMetaBytes) {
    return Error{name,
                 "SOG meta.json is " + with_commas(meta_text.size()) + " bytes, over the limit of " +
                     with_commas(kMaxMetaBytes),
                 kHint};
  }
  const auto* text = reinterpret_cast<const char*>(meta_text.data());
  const Json root = Json::parse(text, text + meta_text.size(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Error{name, "SOG meta.json is not valid JSON", formats::kTruncatedHint};
  if (!root.is_object()) return Error{name, "SOG meta.json is not a JSON object", kHint};
  const auto version = root.find("version");
  if (version == root.end()) {
    return Error{name, "SOG version 1 (meta.json without 'version') is not supported",
                 "re-encode it with a current splat-transform (SOG version 2)"};
  }
  if (!version->is_number() || version->get<double>() != 2.0) {
    return Error{name,
                 "unsupported SOG version " + version->dump().substr(0, 20) + " (splatview reads version 2)",
                 "re-encode it with splat-transform as SOG version 2"};
  }

  Meta meta(root, name);
  const auto count = meta.count(root, "count", 1, formats::kMaxGaussians);
  const Json* means = meta.object(root, "means", true);
  const Json* scales = meta.object(root, "scales", true);
  const Json* quats = meta.object(root, "quats", true);
  const Json* sh0 = meta.object(root, "sh0", true);
  const Json* shn = meta.object(root, "shN", false);
  if (meta.error()) return *meta.error();
  const std::vector<double> mins = meta.numbers(*means, "mins", 3);
  const std::vector<double> maxs = meta.numbers(*means, "maxs", 3);
  const std::vector<std::string> mean_files = meta.files(*means, 2);
  const std::vector<float> scale_book = to_floats(meta.numbers(*scales, "codebook", kCodebookSize));
  const std::vector<std::string> scale_files = meta.files(*scales, 1);
  const std::vector<std::string> quat_files = meta.files(*quats, 1);
  const std::vector<float> sh0_book = to_floats(meta.numbers(*sh0, "codebook", kCodebookSize));
  const std::vector<std::string> sh0_files = meta.files(*sh0, 1);
  int bands = 0;
  std::uint64_t palette = 0;
  std::vector<float> shn_book;
  std::vector<std::string> shn_files;
  if (shn) {
    bands = static_cast<int>(meta.count(*shn, "bands", 1, kMaxShDegree).value_or(1));
    palette = meta.count(*shn, "count", 1, 65536).value_or(1);
    shn_book = to_floats(meta.numbers(*shn, "codebook", kCodebookSize));
    shn_files = meta.files(*shn, 2);
  }
  if (meta.error()) return *meta.error();

  if (auto over = check_gaussian_budget(*count, limits, name, "SOG meta.json")) return *over;

  const auto n = static_cast<std::size_t>(*count);
  // The writer makes each texture just big enough (width and height rounded up to multiples of 4).
  const std::size_t max_pixels = 2 * n + 65536;
  // Every member is read (each within what its pixels can need) before anything is sized by the
  // count, so that the count can be checked against the bytes that are really there.
  std::vector<std::string> per_gaussian = {mean_files[0], mean_files[1], quat_files[0], scale_files[0],
                                           sh0_files[0]};
  if (shn) per_gaussian.push_back(shn_files[1]);
  std::map<std::string, Bytes> members;
  auto fetch = [&](const std::string& member, std::uint64_t max_bytes) -> std::optional<Error> {
    if (members.count(member)) return std::nullopt;
    Result<Bytes> file = read(member, max_bytes);
    if (!file) return file.error();
    members.emplace(member, std::move(file.value()));
    return std::nullopt;
  };
  for (const std::string& member : per_gaussian) {
    if (auto error = fetch(member, max_webp_bytes(max_pixels))) return *error;
  }
  // Decoded, each per-Gaussian texture holds 4 bytes a Gaussian; the palette does not grow with them.
  std::uint64_t member_bytes = 0;
  for (const auto& entry : members) member_bytes += entry.second.size();
  if (auto implausible = check_expansion(*count, 4 * *count * per_gaussian.size(), member_bytes, limits, name,
                                         "SOG meta.json"))
    return *implausible;
  if (shn) {
    // 65,536 palette entries at most (16-bit labels): at most 1,024 rows.
    const std::uint64_t centroid_pixels = std::uint64_t{1024} * kPaletteColumns * (sh_coeff_count(bands) - 1);
    if (auto error = fetch(shn_files[0], max_webp_bytes(centroid_pixels))) return *error;
  }
  auto texture = [&](const std::string& member) {
    return load_texture(members.at(member), member, n, max_pixels, name);
  };

  LoadedScene loaded;
  GaussianScene& scene = loaded.scene;
  scene.sh_degree = bands;
  formats::size_scene(scene, n);
  const auto sh_values = static_cast<std::size_t>(3 * scene.sh_coeffs());

  {  // Positions: 16 bits an axis, low byte in means_l, high byte in means_u.
    Result<Texture> low = texture(mean_files[0]);
    if (!low) return low.error();
    Result<Texture> high = texture(mean_files[1]);
    if (!high) return high.error();
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t* lo = low.value().pixel(i);
      const std::uint8_t* hi = high.value().pixel(i);
      for (int k = 0; k < 3; ++k) {
        const double range = maxs[k] - mins[k] == 0 ? 1.0 : maxs[k] - mins[k];
        const double t = static_cast<double>(lo[k] | (hi[k] << 8)) / 65535.0;
        scene.positions[3 * i + k] = formats::narrow(inverse_log_transform(mins[k] + range * t));
      }
    }
  }
  {  // Rotations: RGB the three smaller components of (w, x, y, z) in units of 1/sqrt(2), A = 252 + largest.
    Result<Texture> quat = texture(quat_files[0]);
    if (!quat) return quat.error();
    const double sqrt2 = std::sqrt(2.0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t* px = quat.value().pixel(i);
      if (px[3] < 252) {
        return Error{name,
                     quat_files[0] + " pixel " + std::to_string(i) + " has tag " + std::to_string(px[3]) +
                         " (expected 252 to 255)",
                     formats::kTruncatedHint};
      }
      const int largest = px[3] - 252;
      double q[4];
      double sum = 0;
      for (int k = 0, j = 0; k < 4; ++k) {
        if (k == largest) continue;
        q[k] = (px[j++] / 255.0 * 2.0 - 1.0) / sqrt2;
        sum += q[k] * q[k];
      }
      q[largest] = std::sqrt(std::max(0.0, 1.0 - sum));
      formats::store_rotation(&scene.rotations[4 * i], static_cast<float>(q[0]), static_cast<float>(q[1]),
                              static_cast<float>(q[2]), static_cast<float>(q[3]));
    }
  }
  {  // Scales: codebook indices of log scales.
    Result<Texture> scale = texture(scale_files[0]);
    if (!scale) return scale.error();
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t* px = scale.value().pixel(i);
      for (int k = 0; k < 3; ++k) scene.scales[3 * i + k] = formats::scale_from_log(scale_book[px[k]]);
    }
  }
  {  // Colour and opacity: codebook indices of f_dc; A = sigmoid(opacity) * 255.
    Result<Texture> colour = texture(sh0_files[0]);
    if (!colour) return colour.error();
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t* px = colour.value().pixel(i);
      for (int k = 0; k < 3; ++k) scene.sh[sh_values * i + k] = sh0_book[px[k]];
      // As splat-transform reads it (clamped to [1e-6, 1 - 1e-6], to a float logit, activated), so the
      // scene equals the PLY that splat-transform writes from this SOG, bit for bit.
      const double a = std::clamp(px[3] / 255.0, 1e-6, 1.0 - 1e-6);
      scene.opacities[i] = formats::opacity_from_logit(static_cast<float>(std::log(a / (1.0 - a))));
    }
  }
  if (shn) {  // Higher SH: a palette label per Gaussian, the palette as codebook indices.
    const int coeffs = scene.sh_coeffs() - 1;
    const auto columns = static_cast<std::size_t>(kPaletteColumns) * coeffs;
    const std::size_t rows = (palette + kPaletteColumns - 1) / kPaletteColumns;
    // 65,536 palette entries at most (16-bit labels): at most 1,024 rows.
    Result<Texture> centroids = load_texture(members.at(shn_files[0]), shn_files[0], 1, columns * 1024, name);
    if (!centroids) return centroids.error();
    if (static_cast<std::size_t>(centroids.value().width) != columns) {
      return Error{name,
                   shn_files[0] + " is " + std::to_string(centroids.value().width) + " pixels wide, " +
                       std::to_string(columns) + " expected for " + std::to_string(bands) + " SH bands",
                   kHint};
    }
    if (static_cast<std::size_t>(centroids.value().height) < rows) {
      return Error{name,
                   shn_files[0] + " has " + std::to_string(centroids.value().height) + " rows, " +
                       std::to_string(rows) + " needed for " + std::to_string(palette) + " palette entries",
                   kHint};
    }
    Result<Texture> labels = texture(shn_files[1]);
    if (!labels) return labels.error();
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t* px = labels.value().pixel(i);
      const std::size_t label = px[0] | (px[1] << 8);
      if (label >= palette) {
        return Error{name,
                     shn_files[1] + " pixel " + std::to_string(i) + " names palette entry " +
                         std::to_string(label) + " of " + std::to_string(palette),
                     formats::kTruncatedHint};
      }
      const std::size_t row_start = (label / kPaletteColumns) * columns + (label % kPaletteColumns) * coeffs;
      for (int j = 0; j < coeffs; ++j) {
        const std::uint8_t* c = centroids.value().pixel(row_start + static_cast<std::size_t>(j));
        for (int ch = 0; ch < 3; ++ch) scene.sh[sh_values * i + 3 * (j + 1) + ch] = shn_book[c[ch]];
      }
    }
  }
  if (const auto aa = root.find("antialias"); aa != root.end() && aa->is_boolean() && aa->get<bool>())
    scene.render_mode = RenderMode::kMip;  // trained with antialiasing
  return formats::finish_scene(std::move(loaded), name, kHint);
}

// Any exception from the JSON library (there should be none: every access checks its type first) or
// from allocation stays inside this module.
Result<LoadedScene> decode_meta_guarded(std::span<const std::byte> meta_text, const ReadMember& read,
                                        const std::string& name, const LoadLimits& limits) {
  try {
    return formats::guarded(name, [&] { return decode_meta(meta_text, read, name, limits); });
  } catch (const Json::exception& e) {
    return Error{name, std::string("bad SOG meta.json: ") + e.what(), kHint};
  }
}

// ---- The ZIP bundle -----------------------------------------------------------------------------

class Zip {
 public:
  Zip(std::span<const std::byte> bytes) : archive_bytes_(bytes.size()) {
    zip_error_init(&error_);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error_);
    if (!source) return;
    archive_ = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error_);
    if (!archive_) zip_source_free(source);
  }
  ~Zip() {
    if (archive_) zip_discard(archive_);
    zip_error_fini(&error_);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;

  zip_t* archive() const { return archive_; }
  std::string open_error() { return zip_error_strerror(&error_); }

  // The member's index, or -1.
  zip_int64_t find(const std::string& member) const { return zip_name_locate(archive_, member.c_str(), 0); }

  // Reads member `index` whole; at most `max_bytes`. Errors say what is wrong, without the file name.
  // The entry's declared size is a claim: it is checked against what its compressed bytes can hold,
  // and the buffer grows with the data that really inflates, never to the claim at once.
  std::optional<std::string> read(zip_int64_t index, std::uint64_t max_bytes, Bytes& out) const {
    zip_stat_t st;
    zip_stat_init(&st);
    constexpr zip_uint64_t kNeeded = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD;
    if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
        (st.valid & kNeeded) != kNeeded)
      return "cannot read its ZIP entry";
    const std::uint64_t compressed = std::min<std::uint64_t>(st.comp_size, archive_bytes_);
    std::uint64_t can_hold = max_bytes;  // other methods: the limit and the read below
    if (st.comp_method == ZIP_CM_STORE) can_hold = compressed;
    if (st.comp_method == ZIP_CM_DEFLATE) can_hold = kMaxDeflateRatio * compressed + 1024;
    if (st.size > can_hold) {
      return "claims " + with_commas(st.size) + " bytes, more than its " + with_commas(compressed) +
             " compressed bytes can hold";
    }
    if (st.size > max_bytes)
      return "is " + with_commas(st.size) + " bytes, over the limit of " + with_commas(max_bytes);
    zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (!file) return std::string("cannot be opened (") + zip_strerror(archive_) + ")";
    struct Closer {
      zip_file_t* f;
      ~Closer() { zip_fclose(f); }
    } closer{file};
    out.clear();
    // Reading one byte past the declared size finds an entry that is longer than it says; reading
    // on to the end also makes libzip check the CRC.
    while (out.size() <= st.size) {
      const std::size_t done = out.size();
      const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(kReadChunk, st.size + 1 - done));
      out.resize(done + chunk);
      const zip_int64_t got = zip_fread(file, out.data() + done, chunk);
      if (got < 0) return std::string("is damaged (") + zip_file_strerror(file) + ")";
      out.resize(done + static_cast<std::size_t>(got));
      if (got == 0) break;
    }
    if (out.size() > st.size) return "is longer than its ZIP entry says";
    if (out.size() < st.size) return "is shorter than its ZIP entry says";
    return std::nullopt;
  }

 private:
  std::uint64_t archive_bytes_ = 0;
  zip_error_t error_;
  zip_t* archive_ = nullptr;
};

Result<LoadedScene> decode_bundle(std::span<const std::byte> bytes, const std::string& name,
                                  const LoadLimits& limits) {
  Zip zip(bytes);
  if (!zip.archive())
    return Error{name, "not a readable ZIP/SOG file: " + zip.open_error(), formats::kTruncatedHint};
  // meta.json at the top, or else in one folder inside (members are then relative to that folder).
  std::string prefix;
  zip_int64_t meta_index = zip.find("meta.json");
  if (meta_index < 0) {
    const zip_int64_t entries = zip_get_num_entries(zip.archive(), 0);
    for (zip_int64_t i = 0; i < entries && meta_index < 0; ++i) {
      const char* entry = zip_get_name(zip.archive(), static_cast<zip_uint64_t>(i), 0);
      const std::string_view path = entry ? entry : "";
      constexpr std::string_view kSuffix = "/meta.json";
      if (path.size() > kSuffix.size() && path.substr(path.size() - kSuffix.size()) == kSuffix) {
        meta_index = i;
        prefix = std::string(path.substr(0, path.size() - kSuffix.size() + 1));
      }
    }
  }
  if (meta_index < 0) return Error{name, "SOG bundle has no meta.json", kHint};
  Bytes meta_text;
  if (auto why = zip.read(meta_index, kMaxMetaBytes, meta_text))
    return Error{name, "meta.json " + *why, kHint};
  const ReadMember read = [&](const std::string& member, std::uint64_t max_bytes) -> Result<Bytes> {
    const zip_int64_t index = zip.find(prefix + member);
    if (index < 0) return Error{name, "SOG bundle lacks " + member + ", which meta.json names", kHint};
    Bytes data;
    if (auto why = zip.read(index, std::min(max_bytes, kMaxMemberBytes), data))
      return Error{name, member + " " + *why, formats::kTruncatedHint};
    return data;
  };
  return decode_meta_guarded(meta_text, read, name, limits);
}

}  // namespace

Result<LoadedScene> decode_sog(std::span<const std::byte> bytes, const std::string& name,
                               const LoadLimits& limits) {
  if (bytes.empty()) return Error{name, "empty file", kHint};
  return formats::guarded(name, [&] { return decode_bundle(bytes, name, limits); });
}

Result<LoadedScene> decode_sog(std::span<const std::byte> bytes, const std::string& name) {
  return decode_sog(bytes, name, LoadLimits{});
}

Result<LoadedScene> decode_sog_folder(std::span<const std::byte> meta_text,
                                      const std::filesystem::path& meta_json, const LoadLimits& limits) {
  const std::string name = meta_json.string();
  const std::filesystem::path folder = meta_json.parent_path();
  std::vector<std::filesystem::path> members;
  const ReadMember read = [&](const std::string& member, std::uint64_t max_bytes) -> Result<Bytes> {
    members.push_back(folder / member);
    return formats::read_file_bounded(folder / member, std::min(max_bytes, kMaxMemberBytes), name);
  };
  auto loaded = decode_meta_guarded(meta_text, read, name, limits);
  if (loaded) loaded.value().other_files = std::move(members);
  return loaded;
}

Result<LoadedScene> decode_sog_folder(std::span<const std::byte> meta_text,
                                      const std::filesystem::path& meta_json) {
  return decode_sog_folder(meta_text, meta_json, LoadLimits{});
}

}  // namespace splatview
