#include "core/formats/gltf_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/formats/decode_support.h"
#include "core/formats/frame_transform.h"

namespace splatview {
namespace {

using nlohmann::json;

constexpr int kFloat = 5126, kUByte = 5121;
constexpr int kArrayBuffer = 34962;

class Builder {
 public:
  // Appends `bytes` as a new view (4-byte aligned) and an accessor over it; returns the accessor.
  int add(const void* data, std::size_t bytes, int component, const char* type, std::size_t count,
          bool normalized = false) {
    while (bin_.size() % 4) bin_.push_back('\0');
    views_.push_back({{"buffer", 0}, {"byteOffset", bin_.size()}, {"byteLength", bytes}, {"target", kArrayBuffer}});
    bin_.append(static_cast<const char*>(data), bytes);
    json a = {{"bufferView", views_.size() - 1}, {"componentType", component}, {"count", count}, {"type", type}};
    if (normalized) a["normalized"] = true;
    accessors_.push_back(std::move(a));
    return static_cast<int>(accessors_.size() - 1);
  }
  json& accessor(int index) { return accessors_[static_cast<std::size_t>(index)]; }
  json views() const { return views_; }
  json accessors() const { return accessors_; }
  std::string& bin() { return bin_; }

 private:
  json views_ = json::array(), accessors_ = json::array();
  std::string bin_;
};

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// The model both encodings share: the JSON document (buffer 0 without a URI) and buffer 0's bytes.
struct Model {
  json doc;
  std::string bin;
};

Model build_model(const GaussianScene& input) {
  const std::size_t n = input.count();
  const int coeffs = input.sh_coeffs();

  // Into glTF's frame: the same half turn about z that the reader applies (it is its own inverse),
  // composed into the quaternions as the reader expects.
  GaussianScene scene = input;
  std::string unused;
  formats::Affine to_gltf;
  to_gltf.linear = *formats::frame_to_rdf("LUF");
  formats::GaussianTransform::make(to_gltf, formats::FlipRule::kCompose, unused)->apply(scene, 0, n);

  Builder b;
  json attributes;
  const int position = b.add(scene.positions.data(), 12 * n, kFloat, "VEC3", n);
  std::vector<double> lo(3, std::numeric_limits<double>::infinity()), hi(3, -std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < 3; ++k) {
      lo[k] = std::min<double>(lo[k], scene.positions[3 * i + k]);
      hi[k] = std::max<double>(hi[k], scene.positions[3 * i + k]);
    }
  b.accessor(position)["min"] = lo;
  b.accessor(position)["max"] = hi;
  attributes["POSITION"] = position;

  std::vector<float> xyzw(4 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const float* q = &scene.rotations[4 * i];
    xyzw[4 * i] = q[1], xyzw[4 * i + 1] = q[2], xyzw[4 * i + 2] = q[3], xyzw[4 * i + 3] = q[0];
  }
  attributes["KHR_gaussian_splatting:ROTATION"] = b.add(xyzw.data(), 16 * n, kFloat, "VEC4", n);
  attributes["KHR_gaussian_splatting:SCALE"] = b.add(scene.scales.data(), 12 * n, kFloat, "VEC3", n);
  attributes["KHR_gaussian_splatting:OPACITY"] = b.add(scene.opacities.data(), 4 * n, kFloat, "SCALAR", n);

  const std::size_t stride = static_cast<std::size_t>(coeffs) * 3;
  std::vector<std::uint8_t> rgba(4 * n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t c = 0; c < 3; ++c) {
      const double colour = 0.5 + formats::kShC0 * scene.sh[stride * i + c];
      rgba[4 * i + c] = static_cast<std::uint8_t>(std::lround(std::clamp(colour, 0.0, 1.0) * 255));
    }
    rgba[4 * i + 3] = static_cast<std::uint8_t>(std::lround(std::clamp(scene.opacities[i], 0.0f, 1.0f) * 255));
  }
  attributes["COLOR_0"] = b.add(rgba.data(), rgba.size(), kUByte, "VEC4", n, true);

  std::vector<float> coefficient(3 * n);
  for (int l = 0; l <= scene.sh_degree; ++l) {
    for (int m = 0; m <= 2 * l; ++m) {
      const std::size_t k = static_cast<std::size_t>(l * l + m);
      for (std::size_t i = 0; i < n; ++i) std::copy_n(&scene.sh[stride * i + 3 * k], 3, &coefficient[3 * i]);
      attributes["KHR_gaussian_splatting:SH_DEGREE_" + std::to_string(l) + "_COEF_" + std::to_string(m)] =
          b.add(coefficient.data(), 12 * n, kFloat, "VEC3", n);
    }
  }

  while (b.bin().size() % 4) b.bin().push_back('\0');
  json doc = {
      {"asset", {{"version", "2.0"}, {"generator", "splatview"}}},
      {"extensionsUsed", {"KHR_gaussian_splatting"}},
      {"scene", 0},
      {"scenes", {{{"nodes", {0}}}}},
      {"nodes", {{{"mesh", 0}}}},
      {"meshes",
       {{{"primitives",
          {{{"attributes", attributes},
            {"mode", 0},
            {"extensions",
             {{"KHR_gaussian_splatting",
               {{"kernel", "ellipse"}, {"colorSpace", "srgb_rec709_display"}, {"projection", "perspective"},
                {"sortingMethod", "cameraDistance"}}}}}}}}}}},
      {"buffers", {{{"byteLength", b.bin().size()}}}},
      {"bufferViews", b.views()},
      {"accessors", b.accessors()},
  };
  // glTF has no field for it: the PLY comment's words in the primitive's extras (core/formats/gltf.cpp).
  if (scene.render_mode == RenderMode::kMip) doc["meshes"][0]["primitives"][0]["extras"] = {{"SplatRenderMode", "mip"}};
  return {std::move(doc), std::move(b.bin())};
}

// A file name as a relative URI reference: every byte outside RFC 3986's unreserved set
// percent-encoded, so spaces, '#', '?' and non-ASCII names survive any reader.
std::string uri_of_file_name(const std::string& file) {
  std::string uri;
  for (unsigned char ch : file) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      uri += static_cast<char>(ch);
    } else {
      constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[ch >> 4];
      uri += kHex[ch & 15];
    }
  }
  return uri;
}

}  // namespace

Result<std::string> encode_glb(const GaussianScene& scene, const std::string& name) {
  // Bytes per Gaussian: position, rotation, scale, opacity, colour, SH (all float but the colour).
  const std::uint64_t payload =
      static_cast<std::uint64_t>(scene.count()) * (12 + 16 + 12 + 4 + 4 + 12 * scene.sh_coeffs());
  if (payload + (1u << 20) > std::numeric_limits<std::uint32_t>::max())
    return Error{name, "the scene is too large for a glTF binary (4 GiB at most)",
                 "write a .gltf (its buffer is a separate file) or a 3DGS PLY instead"};
  Model model = build_model(scene);
  std::string text = model.doc.dump();
  while (text.size() % 4) text += ' ';
  std::string out;
  out.reserve(28 + text.size() + model.bin.size());
  put_u32(out, 0x46546C67);  // "glTF"
  put_u32(out, 2);
  put_u32(out, static_cast<std::uint32_t>(28 + text.size() + model.bin.size()));
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  put_u32(out, 0x4E4F534A);  // "JSON"
  out += text;
  put_u32(out, static_cast<std::uint32_t>(model.bin.size()));
  put_u32(out, 0x004E4942);  // "BIN\0"
  out += model.bin;
  return out;
}

Result<GltfFiles> encode_gltf(const GaussianScene& scene, const std::string& name, const std::string& buffer_file) {
  if (buffer_file.empty() || buffer_file.find('/') != std::string::npos)
    return Error{name, "the buffer file name '" + buffer_file + "' is not a plain file name", "this is a bug in splatview"};
  Model model = build_model(scene);
  model.doc["buffers"][0]["uri"] = uri_of_file_name(buffer_file);
  return GltfFiles{model.doc.dump(1) + "\n", std::move(model.bin)};
}

std::filesystem::path gltf_buffer_path(const std::filesystem::path& gltf) {
  std::filesystem::path bin = gltf;
  return bin.replace_extension(".bin");
}

}  // namespace splatview
