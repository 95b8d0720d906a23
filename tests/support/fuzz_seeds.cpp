#include "tests/support/fuzz_seeds.h"

#include <webp/decode.h>
#include <zstd.h>

#include <cstring>
#include <sstream>

namespace splatview::test {

// The compressed PLY's first `n` Gaussians (n <= 512: two chunks), counts rewritten.
Bytes compressed_ply_seed(std::size_t n) {
  const Bytes file = read_shared_bytes("playbot-31k-sh2.compressed.ply");
  const std::string text = text_of(Bytes(file.begin(), file.begin() + 4096));
  const std::size_t end = text.find("end_header\n") + std::strlen("end_header\n");
  std::string header = text.substr(0, end);
  const std::size_t chunks = (n + 255) / 256;
  auto rewrite = [&](const std::string& from, const std::string& to) {
    header.replace(header.find(from), from.size(), to);
  };
  rewrite("element chunk 122\n", "element chunk " + std::to_string(chunks) + "\n");
  rewrite("element vertex 31000\n", "element vertex " + std::to_string(n) + "\n");
  rewrite("element sh 31000\n", "element sh " + std::to_string(n) + "\n");
  Bytes out = to_bytes(header);
  const std::size_t chunk_at = end, vertex_at = chunk_at + 122 * 72, sh_at = vertex_at + 31000 * 16;
  out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(chunk_at),
             file.begin() + static_cast<std::ptrdiff_t>(chunk_at + chunks * 72));
  out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(vertex_at),
             file.begin() + static_cast<std::ptrdiff_t>(vertex_at + n * 16));
  out.insert(out.end(), file.begin() + static_cast<std::ptrdiff_t>(sh_at),
             file.begin() + static_cast<std::ptrdiff_t>(sh_at + n * 24));
  return out;
}

Bytes splat_seed(std::size_t n) {
  const Bytes file = read_shared_bytes("playbot-31k.splat");
  return Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(32 * n));
}

namespace {

// The SPZ attribute arrays of the first n Gaussians of a full payload holding `total`.
std::vector<Bytes> slice_spz_streams(const std::vector<Bytes>& full, std::size_t total, std::size_t n) {
  std::vector<Bytes> out;
  for (const Bytes& stream : full) {
    const std::size_t per = stream.size() / total;
    out.emplace_back(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(per * n));
  }
  return out;
}

constexpr std::size_t kSpzPer[6] = {9, 1, 3, 3, 4, 24};  // bytes a Gaussian per stream, SH degree 2, v3+

}  // namespace

Bytes spz_v3_seed(std::size_t n) {
  const Bytes payload = gunzip(read_shared_bytes("playbot-31k-sh2-v3.spz"));
  const std::size_t total = get<std::uint32_t>(payload, 8);
  std::vector<Bytes> full;
  std::size_t at = 16;
  for (std::size_t per : kSpzPer) {
    full.emplace_back(payload.begin() + static_cast<std::ptrdiff_t>(at),
                      payload.begin() + static_cast<std::ptrdiff_t>(at + per * total));
    at += per * total;
  }
  Bytes out(payload.begin(), payload.begin() + 16);
  std::uint32_t count = static_cast<std::uint32_t>(n);
  std::memcpy(out.data() + 8, &count, 4);
  for (const Bytes& s : slice_spz_streams(full, total, n)) out.insert(out.end(), s.begin(), s.end());
  return out;  // uncompressed; gzip() it for the gzip seed
}

Bytes spz_v4_seed(std::size_t n) {
  const Bytes file = read_shared_bytes("playbot-31k-sh2-v4.spz");
  const std::size_t total = get<std::uint32_t>(file, 8);
  std::vector<Bytes> full;
  std::size_t at = 32 + 6 * 16;
  for (int s = 0; s < 6; ++s) {
    const auto compressed = get<std::uint64_t>(file, 32 + 16 * s);
    const auto size = get<std::uint64_t>(file, 32 + 16 * s + 8);
    Bytes raw(size);
    ZSTD_decompress(raw.data(), raw.size(), file.data() + at, compressed);
    full.push_back(std::move(raw));
    at += compressed;
  }
  Bytes out(file.begin(), file.begin() + 32);
  std::uint32_t count = static_cast<std::uint32_t>(n);
  std::memcpy(out.data() + 8, &count, 4);
  std::vector<Bytes> packed;
  for (const Bytes& raw : slice_spz_streams(full, total, n)) {
    Bytes c(ZSTD_compressBound(raw.size()));
    c.resize(ZSTD_compress(c.data(), c.size(), raw.data(), raw.size(), 3));
    put(out, std::uint64_t(c.size()));
    put(out, std::uint64_t(raw.size()));
    packed.push_back(std::move(c));
  }
  for (const Bytes& c : packed) out.insert(out.end(), c.begin(), c.end());
  return out;
}

// A 64-Gaussian SOG: the real bundle's first 64 pixels of each texture (8x8), a one-row palette of its
// first 64 SH entries with labels taken modulo 64, meta.json edited to match.
std::map<std::string, Bytes> sog_seed_members() {
  std::map<std::string, Bytes> real = test::unzip(read_shared_bytes("playbot-31k-sh2.sog"));

  std::map<std::string, Bytes> members;
  auto pixels = [&](const std::string& name, int& width, int& height) {
    std::uint8_t* rgba = WebPDecodeRGBA(reinterpret_cast<const std::uint8_t*>(real[name].data()),
                                        real[name].size(), &width, &height);
    std::vector<std::uint8_t> out(rgba, rgba + 4 * width * height);
    WebPFree(rgba);
    return out;
  };
  int w = 0, h = 0;
  for (const char* name :
       {"means_l.webp", "means_u.webp", "quats.webp", "scales.webp", "sh0.webp", "shN_labels.webp"}) {
    std::vector<std::uint8_t> rgba = pixels(name, w, h);
    rgba.resize(4 * 64);
    if (std::string(name) == "shN_labels.webp") {
      for (std::size_t i = 0; i < 64; ++i) rgba[4 * i + 1] = 0, rgba[4 * i] %= 64;  // labels < 64
    }
    members[name] = webp_lossless(8, 8, rgba);
  }
  std::vector<std::uint8_t> centroids = pixels("shN_centroids.webp", w, h);
  centroids.resize(4 * static_cast<std::size_t>(w));  // the first row: 64 palette entries
  members["shN_centroids.webp"] = webp_lossless(w, 1, centroids);
  std::string meta = text_of(real["meta.json"]);
  meta.replace(meta.find("\"count\":31000"), 13, "\"count\":64");
  meta.replace(meta.find("\"count\":16384"), 13, "\"count\":64");
  members["meta.json"] = to_bytes(meta);
  return members;
}

Bytes ply_seed(const std::string& file, std::size_t n) {
  const Bytes bytes = read_shared_bytes(file);
  const std::string text =
      text_of(Bytes(bytes.begin(),
                    bytes.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(bytes.size(), 65536))));
  const std::size_t end = text.find("end_header\n") + std::strlen("end_header\n");
  std::string header = text.substr(0, end);
  const std::size_t at = header.find("element vertex ") + std::strlen("element vertex ");
  const std::size_t digits = header.find('\n', at) - at;
  const std::size_t total = std::stoull(header.substr(at, digits));
  header.replace(at, digits, std::to_string(n));
  Bytes out = to_bytes(header);
  if (header.find("format ascii") != std::string::npos) {
    std::size_t pos = end;  // n lines of values
    for (std::size_t line = 0; line < n; ++line) pos = text_of(bytes).find('\n', pos) + 1;
    out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(end),
               bytes.begin() + static_cast<std::ptrdiff_t>(pos));
  } else {
    const std::size_t record = (bytes.size() - end) / total;  // the vertex element is the only one
    out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(end),
               bytes.begin() + static_cast<std::ptrdiff_t>(end + n * record));
  }
  return out;
}

std::string cameras_json_seed(int views) {
  std::ostringstream out;
  out << "[";
  for (int i = 0; i < views; ++i) {
    const double c = i % 2 ? 0.6 : 0.8, s = i % 2 ? 0.8 : 0.6;  // a rotation about y
    out << (i ? ",\n" : "\n") << "{\"id\": " << i << ", \"img_name\": \"view_" << i
        << "\", \"width\": 1600, \"height\": 1200, \"position\": [" << i << ".5, -1.25, 3e0], "
        << "\"rotation\": [[" << c << ", 0, " << s << "], [0, 1, 0], [" << -s << ", 0, " << c << "]], "
        << "\"fy\": 1111.5, \"fx\": 1110.25}";
  }
  out << "\n]\n";
  return out.str();
}

}  // namespace splatview::test
