// The glTF reader (core/formats/gltf.cpp) on small files made here: every accessor component type the
// KHR_gaussian_splatting extension allows, byte strides, sparse accessors, node transforms, several
// nodes and primitives, the change from glTF's frame (+y up, +x left) to ours, and each bad input.
// Expected values are worked out by hand from the glTF and extension specs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/formats/scene_loader.h"
#include "render/splat_math.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

using splat::sh_to_color;
using splat::Vec3;

using nlohmann::json;

constexpr int kFloat = 5126, kByte = 5120, kUByte = 5121, kShort = 5122, kUShort = 5123, kUInt = 5125;
const std::string kRot = "KHR_gaussian_splatting:ROTATION";
const std::string kScale = "KHR_gaussian_splatting:SCALE";
const std::string kOpacity = "KHR_gaussian_splatting:OPACITY";
const std::string kSh0 = "KHR_gaussian_splatting:SH_DEGREE_0_COEF_0";
std::string sh_name(int l, int n) {
  return "KHR_gaussian_splatting:SH_DEGREE_" + std::to_string(l) + "_COEF_" + std::to_string(n);
}

// A glTF document and its one binary buffer, assembled by the test.
struct Gltf {
  json doc = {{"asset", {{"version", "2.0"}}},
              {"extensionsUsed", {"KHR_gaussian_splatting"}},
              {"buffers", json::array()},
              {"bufferViews", json::array()},
              {"accessors", json::array()},
              {"meshes", json::array()},
              {"nodes", json::array()},
              {"scenes", json::array({{{"nodes", json::array()}}})},
              {"scene", 0}};
  std::vector<unsigned char> bin;

  int view(const void* data, std::size_t bytes, std::size_t stride = 0) {
    while (bin.size() % 4) bin.push_back(0);
    json v = {{"buffer", 0}, {"byteOffset", bin.size()}, {"byteLength", bytes}};
    if (stride) v["byteStride"] = stride;
    const auto* p = static_cast<const unsigned char*>(data);
    bin.insert(bin.end(), p, p + bytes);
    doc["bufferViews"].push_back(v);
    return static_cast<int>(doc["bufferViews"].size() - 1);
  }
  int accessor(json a) {
    doc["accessors"].push_back(std::move(a));
    return static_cast<int>(doc["accessors"].size() - 1);
  }
  template <class T>
  int add(const std::vector<T>& values, int component, const char* type, int components, bool normalized = false) {
    const int v = view(values.data(), values.size() * sizeof(T));
    json a = {{"bufferView", v}, {"componentType", component}, {"count", values.size() / components}, {"type", type}};
    if (normalized) a["normalized"] = true;
    return accessor(a);
  }
  // A mesh with one splat primitive of these attributes, instantiated by a root node.
  json& mesh(const json& attributes, const json& node_extra = json::object()) {
    doc["meshes"].push_back({{"primitives", json::array({{{"attributes", attributes},
                                                          {"mode", 0},
                                                          {"extensions",
                                                           {{"KHR_gaussian_splatting",
                                                             {{"kernel", "ellipse"},
                                                              {"colorSpace", "srgb_rec709_display"}}}}}}})}});
    json node = node_extra;
    node["mesh"] = doc["meshes"].size() - 1;
    doc["nodes"].push_back(node);
    doc["scenes"][0]["nodes"].push_back(doc["nodes"].size() - 1);
    return doc["meshes"].back()["primitives"][0];
  }

  std::vector<std::byte> glb() const {
    json d = doc;
    d["buffers"] = json::array({{{"byteLength", bin.size()}}});
    std::string text = d.dump();
    while (text.size() % 4) text += ' ';
    std::vector<unsigned char> b = bin;
    while (b.size() % 4) b.push_back(0);
    std::vector<std::byte> out;
    auto u32 = [&out](std::uint32_t v) {
      for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
    };
    u32(0x46546C67), u32(2), u32(static_cast<std::uint32_t>(12 + 8 + text.size() + 8 + b.size()));
    u32(static_cast<std::uint32_t>(text.size())), u32(0x4E4F534A);
    for (char c : text) out.push_back(static_cast<std::byte>(c));
    u32(static_cast<std::uint32_t>(b.size())), u32(0x004E4942);
    for (unsigned char c : b) out.push_back(static_cast<std::byte>(c));
    return out;
  }
  // The JSON with the buffer given by `uri` (data URI or file name).
  std::string gltf(const std::string& uri) const {
    json d = doc;
    d["buffers"] = json::array({{{"byteLength", bin.size()}, {"uri", uri}}});
    return d.dump();
  }
  std::string data_uri() const {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out = "data:application/octet-stream;base64,";
    for (std::size_t i = 0; i < bin.size(); i += 3) {
      const unsigned v = (bin[i] << 16) | (i + 1 < bin.size() ? bin[i + 1] << 8 : 0) | (i + 2 < bin.size() ? bin[i + 2] : 0);
      out += k[(v >> 18) & 63];
      out += k[(v >> 12) & 63];
      out += i + 1 < bin.size() ? k[(v >> 6) & 63] : '=';
      out += i + 2 < bin.size() ? k[v & 63] : '=';
    }
    return out;
  }
};

std::vector<std::byte> bytes_of(const std::string& text) {
  std::vector<std::byte> out(text.size());
  std::memcpy(out.data(), text.data(), text.size());
  return out;
}

// Float attributes for `n` Gaussians: positions (1, 2, 3) + i, identity rotation, scales (0.1, 0.2,
// 0.3), opacity 0.5, f_dc (0.1, 0.2, 0.3).
json float_attributes(Gltf& g, std::size_t n) {
  std::vector<float> pos, rot, scale, opacity, dc;
  for (std::size_t i = 0; i < n; ++i) {
    pos.insert(pos.end(), {1.0f + i, 2.0f, 3.0f});
    rot.insert(rot.end(), {0, 0, 0, 1});
    scale.insert(scale.end(), {0.1f, 0.2f, 0.3f});
    opacity.push_back(0.5f);
    dc.insert(dc.end(), {0.1f, 0.2f, 0.3f});
  }
  return {{"POSITION", g.add(pos, kFloat, "VEC3", 3)},
          {kRot, g.add(rot, kFloat, "VEC4", 4)},
          {kScale, g.add(scale, kFloat, "VEC3", 3)},
          {kOpacity, g.add(opacity, kFloat, "SCALAR", 1)},
          {kSh0, g.add(dc, kFloat, "VEC3", 3)}};
}

Result<LoadedScene> decode(const Gltf& g) { return decode_scene(g.glb(), "test.glb"); }

GaussianScene decode_ok(const Gltf& g) {
  auto loaded = decode(g);
  if (!loaded) {
    ADD_FAILURE() << loaded.error().message();
    return {};
  }
  return std::move(loaded).value().scene;
}

// The error's one line, which must mention `part`.
void expect_error(const Result<LoadedScene>& loaded, const std::string& part) {
  ASSERT_FALSE(loaded.ok()) << "expected an error mentioning '" << part << "'";
  const std::string line = loaded.error().message();
  EXPECT_NE(line.find(part), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
}

using Mat3 = std::array<double, 9>;
Mat3 mul(const Mat3& a, const Mat3& b) {
  Mat3 r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r[3 * i + j] += a[3 * i + k] * b[3 * k + j];
  return r;
}
Mat3 transpose(const Mat3& m) { return {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]}; }
Mat3 rotation(double w, double x, double y, double z) {
  return {1 - 2 * (y * y + z * z), 2 * (x * y - w * z),     2 * (x * z + w * y),
          2 * (x * y + w * z),     1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
          2 * (x * z - w * y),     2 * (y * z + w * x),     1 - 2 * (x * x + y * y)};
}
// The covariance R S S R^T of Gaussian i, from the scene's quaternion and scales.
Mat3 covariance(const GaussianScene& s, std::size_t i) {
  const float* q = &s.rotations[4 * i];
  Mat3 rs = rotation(q[0], q[1], q[2], q[3]);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) rs[3 * r + c] *= s.scales[3 * i + c];
  return mul(rs, transpose(rs));
}
Mat3 covariance_of(const Mat3& r, const std::array<double, 3>& scale) {
  Mat3 rs = r;
  for (int row = 0; row < 3; ++row)
    for (int c = 0; c < 3; ++c) rs[3 * row + c] *= scale[c];
  return mul(rs, transpose(rs));
}
void expect_near(const Mat3& a, const Mat3& b, double tolerance) {
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(a[i], b[i], tolerance) << "entry " << i;
}

const Mat3 kFlip = {-1, 0, 0, 0, -1, 0, 0, 0, 1};  // glTF -> ours: 180 degrees about z

// ---- Reading -----------------------------------------------------------------------------------------

TEST(GltfReader, FloatAttributesComeOutInOurFrame) {
  Gltf g;
  g.mesh(float_attributes(g, 1));
  const GaussianScene s = decode_ok(g);
  ASSERT_EQ(s.count(), 1u);
  EXPECT_EQ(s.sh_degree, 0);
  // x -> -x, y -> -y: glTF's +y up becomes our -y up.
  EXPECT_EQ(s.positions, (std::vector<float>{-1, -2, 3}));
  EXPECT_NEAR(s.scales[0], 0.1f, 1e-7);
  EXPECT_NEAR(s.scales[1], 0.2f, 2e-7);
  EXPECT_NEAR(s.scales[2], 0.3f, 3e-7);
  EXPECT_NEAR(s.opacities[0], 0.5f, 1e-7);
  EXPECT_EQ(std::vector<float>(s.sh.begin(), s.sh.begin() + 3), (std::vector<float>{0.1f, 0.2f, 0.3f}));
  // Scales are float inputs (0.1f is 0.1 within 1.5e-9): entries of size <= 0.09 within 1e-7.
  expect_near(covariance(s, 0), mul(mul(kFlip, covariance_of(rotation(1, 0, 0, 0), {0.1, 0.2, 0.3})), kFlip), 1e-7);
}

TEST(GltfReader, ReadsAGltfWithADataUri) {
  Gltf g;
  g.mesh(float_attributes(g, 2));
  auto loaded = decode_scene(bytes_of(g.gltf(g.data_uri())), "test.gltf");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().scene.count(), 2u);
  EXPECT_EQ(loaded.value().scene.positions[3], -2.0f);
}

TEST(GltfReader, ReadsAGltfWithAnExternalBufferBesideIt) {
  Gltf g;
  g.mesh(float_attributes(g, 3));
  const auto dir = test::fresh_temp_dir("gltf-external");
  std::ofstream(dir / "splats.bin", std::ios::binary).write(reinterpret_cast<const char*>(g.bin.data()),
                                                            static_cast<std::streamsize>(g.bin.size()));
  std::ofstream(dir / "scene.gltf") << g.gltf("splats.bin");
  auto loaded = load_scene(dir / "scene.gltf");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().scene.count(), 3u);
  // A space in the name is percent-encoded in the URI.
  std::ofstream(dir / "my splats.bin", std::ios::binary).write(reinterpret_cast<const char*>(g.bin.data()),
                                                               static_cast<std::streamsize>(g.bin.size()));
  std::ofstream(dir / "spaced.gltf") << g.gltf("my%20splats.bin");
  auto spaced = load_scene(dir / "spaced.gltf");
  EXPECT_TRUE(spaced.ok()) << spaced.error().message();
}

TEST(GltfReader, QuantizedComponentTypesDecodeAsTheSpecSays) {
  Gltf g;
  // Rotation as normalized signed byte: (0, 0, 127, 127) is a quarter turn about z.
  const std::vector<std::int8_t> rot8 = {0, 0, 127, 127};
  const std::vector<float> pos = {0, 0, 0};
  const std::vector<std::uint8_t> scale8 = {3, 4, 5};  // unsigned byte, not normalized: 3, 4, 5
  const std::vector<std::uint8_t> opacity8 = {51};     // normalized: 0.2
  const std::vector<float> dc = {0, 0, 0};
  g.mesh({{"POSITION", g.add(pos, kFloat, "VEC3", 3)},
          {kRot, g.add(rot8, kByte, "VEC4", 4, true)},
          {kScale, g.add(scale8, kUByte, "VEC3", 3)},
          {kOpacity, g.add(opacity8, kUByte, "SCALAR", 1, true)},
          {kSh0, g.add(dc, kFloat, "VEC3", 3)}});
  // Rotation as normalized short, scale as normalized unsigned byte and as (normalized) unsigned
  // short, opacity as normalized unsigned short.
  const std::vector<std::int16_t> rot16 = {0, 0, 0, 32767};
  const std::vector<std::uint8_t> scale8n = {255, 51, 0};
  const std::vector<std::uint16_t> opacity16 = {65535};
  g.mesh({{"POSITION", g.add(pos, kFloat, "VEC3", 3)},
          {kRot, g.add(rot16, kShort, "VEC4", 4, true)},
          {kScale, g.add(scale8n, kUByte, "VEC3", 3, true)},
          {kOpacity, g.add(opacity16, kUShort, "SCALAR", 1, true)},
          {kSh0, g.add(dc, kFloat, "VEC3", 3)}});
  const std::vector<std::uint16_t> scale16 = {7, 65535, 1};
  const std::vector<std::uint16_t> scale16n = {65535, 0, 0};
  // POSITION as normalized short (KHR_mesh_quantization): 16384 / 32767.
  const std::vector<std::int16_t> pos16 = {16384, -32768, 0};
  g.mesh({{"POSITION", g.add(pos16, kShort, "VEC3", 3, true)},
          {kRot, g.add(rot16, kShort, "VEC4", 4, true)},
          {kScale, g.add(scale16, kUShort, "VEC3", 3)},
          {kOpacity, g.add(opacity16, kUShort, "SCALAR", 1, true)},
          {kSh0, g.add(dc, kFloat, "VEC3", 3)}});
  g.mesh({{"POSITION", g.add(pos, kFloat, "VEC3", 3)},
          {kRot, g.add(rot16, kShort, "VEC4", 4, true)},
          {kScale, g.add(scale16n, kUShort, "VEC3", 3, true)},
          {kOpacity, g.add(opacity16, kUShort, "SCALAR", 1, true)},
          {kSh0, g.add(dc, kFloat, "VEC3", 3)}});
  const GaussianScene s = decode_ok(g);
  ASSERT_EQ(s.count(), 4u);
  // 0: a quarter turn about z in glTF; ours adds the half turn about z.
  const double h = std::sqrt(0.5);
  expect_near(covariance(s, 0), mul(mul(kFlip, covariance_of(rotation(h, 0, 0, h), {3, 4, 5})), kFlip), 1e-5);
  EXPECT_NEAR(s.opacities[0], 0.2f, 1e-7);
  // 1: normalized unsigned byte scales 255 -> 1, 51 -> 0.2, 0 -> 0; opacity 65535 -> 1.
  EXPECT_NEAR(s.scales[3], 1.0f, 1e-7);
  EXPECT_NEAR(s.scales[4], 0.2f, 1e-7);
  EXPECT_EQ(s.scales[5], 0.0f);
  EXPECT_EQ(s.opacities[1], 1.0f);
  // 2: normalized short positions 16384 / 32767 and -32768 -> -1 (clamped); unsigned short scales.
  EXPECT_FLOAT_EQ(s.positions[6], -16384.0f / 32767.0f);
  EXPECT_FLOAT_EQ(s.positions[7], 1.0f);
  EXPECT_NEAR(s.scales[6], 7.0f, 1e-6);
  EXPECT_NEAR(s.scales[7], 65535.0f, 1e-2);
  EXPECT_NEAR(s.scales[8], 1.0f, 1e-7);
  // 3: normalized unsigned short scales.
  EXPECT_NEAR(s.scales[9], 1.0f, 1e-7);
  EXPECT_EQ(s.scales[10], 0.0f);
}

TEST(GltfReader, ComponentTypesTheExtensionDoesNotAllowAreRefused) {
  const std::vector<float> pos = {0, 0, 0}, dc = {0, 0, 0}, scale = {1, 1, 1}, opacity = {1};
  const std::vector<std::uint8_t> rot_u8 = {0, 0, 0, 255};
  {
    Gltf g;  // rotation as unsigned byte: only signed byte/short normalized or float
    g.mesh({{"POSITION", g.add(pos, kFloat, "VEC3", 3)},
            {kRot, g.add(rot_u8, kUByte, "VEC4", 4, true)},
            {kScale, g.add(scale, kFloat, "VEC3", 3)},
            {kOpacity, g.add(opacity, kFloat, "SCALAR", 1)},
            {kSh0, g.add(dc, kFloat, "VEC3", 3)}});
    expect_error(decode(g), "normalized unsigned byte components are not allowed");
  }
  {
    Gltf g;  // SH as short: SH is float only
    const std::vector<std::int16_t> dc16 = {0, 0, 0};
    const std::vector<float> rot = {0, 0, 0, 1};
    g.mesh({{"POSITION", g.add(pos, kFloat, "VEC3", 3)},
            {kRot, g.add(rot, kFloat, "VEC4", 4)},
            {kScale, g.add(scale, kFloat, "VEC3", 3)},
            {kOpacity, g.add(opacity, kFloat, "SCALAR", 1)},
            {kSh0, g.add(dc16, kShort, "VEC3", 3, true)}});
    expect_error(decode(g), "SH_DEGREE_0_COEF_0: normalized signed short components are not allowed");
  }
  {
    Gltf g;  // a VEC3 rotation
    const std::vector<float> rot3 = {0, 0, 0};
    g.mesh({{"POSITION", g.add(pos, kFloat, "VEC3", 3)},
            {kRot, g.add(rot3, kFloat, "VEC3", 3)},
            {kScale, g.add(scale, kFloat, "VEC3", 3)},
            {kOpacity, g.add(opacity, kFloat, "SCALAR", 1)},
            {kSh0, g.add(dc, kFloat, "VEC3", 3)}});
    expect_error(decode(g), "ROTATION: accessor is VEC3, VEC4 expected");
  }
}

TEST(GltfReader, InterleavedAttributesFollowTheViewsByteStride) {
  Gltf g;
  // Two Gaussians, each 28 bytes: position (12), scale (12), opacity (4); stride 28.
  struct Record {
    float pos[3], scale[3], opacity;
  };
  const Record records[2] = {{{1, 2, 3}, {0.5f, 0.5f, 0.5f}, 0.25f}, {{4, 5, 6}, {2, 2, 2}, 0.75f}};
  const int view = g.view(records, sizeof records, sizeof(Record));
  const auto interleaved = [&](std::size_t offset, const char* type) {
    return g.accessor({{"bufferView", view}, {"byteOffset", offset}, {"componentType", kFloat}, {"count", 2}, {"type", type}});
  };
  json attributes = float_attributes(g, 2);
  attributes["POSITION"] = interleaved(0, "VEC3");
  attributes[kScale] = interleaved(12, "VEC3");
  attributes[kOpacity] = interleaved(24, "SCALAR");
  g.mesh(attributes);
  const GaussianScene s = decode_ok(g);
  ASSERT_EQ(s.count(), 2u);
  EXPECT_EQ(s.positions, (std::vector<float>{-1, -2, 3, -4, -5, 6}));
  EXPECT_NEAR(s.scales[3], 2.0f, 1e-6);
  EXPECT_NEAR(s.opacities[0], 0.25f, 1e-7);
  EXPECT_NEAR(s.opacities[1], 0.75f, 1e-7);
}

TEST(GltfReader, SparseAccessorsSubstituteTheirElements) {
  Gltf g;
  json attributes = float_attributes(g, 3);
  // POSITION: the dense base, with element 1 replaced by (7, 8, 9).
  const std::vector<std::uint16_t> indices = {1};
  const std::vector<float> values = {7, 8, 9};
  json& position = g.doc["accessors"][attributes["POSITION"].get<int>()];
  position["sparse"] = {{"count", 1},
                        {"indices", {{"bufferView", g.view(indices.data(), 2)}, {"componentType", kUShort}}},
                        {"values", {{"bufferView", g.view(values.data(), 12)}}}};
  // OPACITY: no bufferView at all (zeros), element 2 set to 0.25 (indices as unsigned int).
  const std::vector<std::uint32_t> indices32 = {2};
  const std::vector<float> opacity = {0.25f};
  attributes[kOpacity] = g.accessor({{"componentType", kFloat},
                                     {"count", 3},
                                     {"type", "SCALAR"},
                                     {"sparse",
                                      {{"count", 1},
                                       {"indices", {{"bufferView", g.view(indices32.data(), 4)}, {"componentType", kUInt}}},
                                       {"values", {{"bufferView", g.view(opacity.data(), 4)}}}}}});
  g.mesh(attributes);
  const GaussianScene s = decode_ok(g);
  ASSERT_EQ(s.count(), 3u);
  EXPECT_EQ(s.positions, (std::vector<float>{-1, -2, 3, -7, -8, 9, -3, -2, 3}));
  EXPECT_EQ(s.opacities[0], 0.0f);
  EXPECT_EQ(s.opacities[1], 0.0f);
  EXPECT_NEAR(s.opacities[2], 0.25f, 1e-7);
}

TEST(GltfReader, ColorZeroGivesTheColourOnlyWhereShDegreeZeroIsAbsent) {
  Gltf g;
  json attributes = float_attributes(g, 1);
  attributes.erase(kSh0);
  const std::vector<std::uint8_t> rgba = {255, 0, 51, 255};
  attributes["COLOR_0"] = g.add(rgba, kUByte, "VEC4", 4, true);
  g.mesh(attributes);
  const GaussianScene s = decode_ok(g);
  // f_dc = (colour - 0.5) / C0, so that the renderer's 0.5 + C0 f_dc gives the colour back.
  const double c0 = 0.28209479177387814;
  EXPECT_NEAR(s.sh[0], (1.0 - 0.5) / c0, 1e-5);
  EXPECT_NEAR(s.sh[1], (0.0 - 0.5) / c0, 1e-5);
  EXPECT_NEAR(s.sh[2], (0.2 - 0.5) / c0, 1e-5);

  Gltf both;  // with SH degree 0 present, COLOR_0 is only the point-cloud fallback
  json with_sh = float_attributes(both, 1);
  with_sh["COLOR_0"] = both.add(rgba, kUByte, "VEC4", 4, true);
  both.mesh(with_sh);
  EXPECT_EQ(decode_ok(both).sh[0], 0.1f);
}

// ---- Node transforms ---------------------------------------------------------------------------------

TEST(GltfReader, NodeTranslationRotationAndScaleMoveTheGaussians) {
  const double h = std::sqrt(0.5);
  Gltf g;
  g.mesh(float_attributes(g, 1), {{"translation", {10, 0, 0}}});
  g.mesh(float_attributes(g, 1), {{"rotation", {0, h, 0, h}}});  // quarter turn about y: (x, y, z) -> (z, y, -x)
  g.mesh(float_attributes(g, 1), {{"scale", {2, 2, 2}}});
  // The same quarter turn and translation as a column-major matrix.
  g.mesh(float_attributes(g, 1), {{"matrix", {0, 0, -1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 10, 0, 0, 1}}});
  const GaussianScene s = decode_ok(g);
  ASSERT_EQ(s.count(), 4u);
  const std::vector<float> expected = {-11, -2, 3,  // (11, 2, 3) in ours
                                       -3, -2, -1,  // (3, 2, -1)
                                       -2, -4, 6,   // (2, 4, 6)
                                       -13, -2, -1};  // (3, 2, -1) + (10, 0, 0)
  for (int k = 0; k < 12; ++k) EXPECT_NEAR(s.positions[k], expected[k], 1e-6) << k;
  const Mat3 local = covariance_of(rotation(1, 0, 0, 0), {0.1, 0.2, 0.3});
  const Mat3 turn = rotation(h, 0, h, 0);
  expect_near(covariance(s, 1), mul(mul(mul(kFlip, turn), local), transpose(mul(kFlip, turn))), 1e-7);
  expect_near(covariance(s, 3), covariance(s, 1), 1e-7);
  EXPECT_NEAR(s.scales[6], 0.2f, 1e-7);  // scaled by 2
  EXPECT_NEAR(s.scales[8], 0.6f, 1e-7);
}

TEST(GltfReader, NonUniformNodeScaleRefitsTheCovariance) {
  Gltf g;
  json attributes = float_attributes(g, 1);
  const double h = std::sqrt(0.5);
  const std::vector<float> rot = {0, 0, float(h), float(h)};  // a quarter turn about z
  attributes[kRot] = g.add(rot, kFloat, "VEC4", 4);
  g.mesh(attributes, {{"scale", {1, 2, 3}}});
  const GaussianScene s = decode_ok(g);
  // Sigma = F S R C C^T R^T S F (spec: M C C^T M^T, M the node's matrix).
  const Mat3 m = mul(kFlip, Mat3{1, 0, 0, 0, 2, 0, 0, 0, 3});
  const Mat3 expected = mul(mul(m, covariance_of(rotation(h, 0, 0, h), {0.1, 0.2, 0.3})), transpose(m));
  expect_near(covariance(s, 0), expected, 1e-7);
}

TEST(GltfReader, NestedNodesComposeParentAfterChild) {
  Gltf g;
  g.mesh(float_attributes(g, 1), {{"scale", {2, 2, 2}}});
  // Make node 0 a child of a new root that translates by (0, 10, 0).
  g.doc["nodes"].push_back({{"translation", {0, 10, 0}}, {"children", {0}}});
  g.doc["scenes"][0]["nodes"] = {1};
  const GaussianScene s = decode_ok(g);
  ASSERT_EQ(s.count(), 1u);
  EXPECT_EQ(s.positions, (std::vector<float>{-2, -14, 6}));  // (2, 4, 6) + (0, 10, 0)
}

TEST(GltfReader, SeveralNodesAndPrimitivesAreConcatenated) {
  Gltf g;
  json& first = g.mesh(float_attributes(g, 2));
  (void)first;
  // A second primitive in mesh 0 with SH degree 1; the first gets zero degree-1 bands.
  json second = float_attributes(g, 1);
  const std::vector<float> band = {0.5f, 0.5f, 0.5f};
  for (int n = 0; n < 3; ++n) second[sh_name(1, n)] = g.add(band, kFloat, "VEC3", 3);
  json primitive = g.doc["meshes"][0]["primitives"][0];
  primitive["attributes"] = second;
  g.doc["meshes"][0]["primitives"].push_back(primitive);
  // Mesh 0 instantiated a second time, translated.
  g.doc["nodes"].push_back({{"mesh", 0}, {"translation", {0, 0, 100}}});
  g.doc["scenes"][0]["nodes"].push_back(1);
  const GaussianScene s = decode_ok(g);
  ASSERT_EQ(s.count(), 6u);
  EXPECT_EQ(s.sh_degree, 1);
  EXPECT_EQ(s.positions[2], 3.0f);
  EXPECT_EQ(s.positions[3 * 3 + 2], 103.0f);
  EXPECT_EQ(s.sh[12 * 0 + 3], 0.0f);  // first primitive: no degree-1 data
  EXPECT_NE(s.sh[12 * 2 + 3], 0.0f);  // second primitive: degree 1 (turned, so signs may differ)
}

TEST(GltfReader, ShBandsTurnWithTheNodeAndTheFrame) {
  // A Gaussian with degree-3 SH under a node rotation: the colour seen along our direction F R d
  // equals the colour the file's coefficients give along d in the node's local frame.
  Gltf g;
  json attributes = float_attributes(g, 1);
  std::vector<float> coefficients;
  for (int l = 1; l <= 3; ++l) {
    for (int n = 0; n <= 2 * l; ++n) {
      const std::vector<float> rgb = {0.05f * (l + n), -0.03f * n, 0.02f * l};
      coefficients.insert(coefficients.end(), rgb.begin(), rgb.end());
      attributes[sh_name(l, n)] = g.add(rgb, kFloat, "VEC3", 3);
    }
  }
  const double q[4] = {0.9, 0.1, -0.3, 0.3};  // x, y, z, w before normalising
  const double n = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  g.mesh(attributes, {{"rotation", {q[0] / n, q[1] / n, q[2] / n, q[3] / n}}});
  const GaussianScene s = decode_ok(g);
  ASSERT_EQ(s.sh_degree, 3);
  std::vector<float> local = {0.1f, 0.2f, 0.3f};
  local.insert(local.end(), coefficients.begin(), coefficients.end());
  const Mat3 m = mul(kFlip, rotation(q[3] / n, q[0] / n, q[1] / n, q[2] / n));
  for (const auto& d : std::vector<std::array<double, 3>>{{1, 0, 0}, {0, 0.6, 0.8}, {-0.48, 0.6, -0.64}}) {
    const std::array<double, 3> md = {m[0] * d[0] + m[1] * d[1] + m[2] * d[2], m[3] * d[0] + m[4] * d[1] + m[5] * d[2],
                                      m[6] * d[0] + m[7] * d[1] + m[8] * d[2]};
    const auto colour = [](const float* sh, const std::array<double, 3>& dir) {
      return sh_to_color(3, sh, Vec3{float(dir[0]), float(dir[1]), float(dir[2])});
    };
    const Vec3 before = colour(local.data(), d);
    const Vec3 after = colour(s.sh.data(), md);
    EXPECT_NEAR(after.x, before.x, 1e-5);
    EXPECT_NEAR(after.y, before.y, 1e-5);
    EXPECT_NEAR(after.z, before.z, 1e-5);
  }
}

// ---- Bad input ---------------------------------------------------------------------------------------

TEST(GltfBadInput, AGltfWithoutTheExtensionHoldsMeshes) {
  Gltf g;
  json& primitive = g.mesh(float_attributes(g, 1));
  primitive.erase("extensions");
  primitive["mode"] = 4;
  expect_error(decode(g), "this glTF holds meshes, not Gaussian splats");
}

TEST(GltfBadInput, ExtensionValuesSplatviewCannotRenderAreRefused) {
  const std::pair<const char*, const char*> cases[] = {{"kernel", "customShape"},
                                                       {"colorSpace", "lin_rec709_display"},
                                                       {"colorSpace", "acescg"},
                                                       {"projection", "orthographic"}};
  for (const auto& [key, value] : cases) {
    Gltf g;
    g.mesh(float_attributes(g, 1))["extensions"]["KHR_gaussian_splatting"][key] = value;
    expect_error(decode(g), std::string(key) + " '" + value + "'");
  }
  Gltf points;  // the extension requires POINTS
  points.mesh(float_attributes(points, 1))["mode"] = 4;
  expect_error(decode(points), "mode is 4, POINTS (0) expected");
}

TEST(GltfBadInput, MissingAttributesAreNamed) {
  for (const std::string& missing : {std::string("POSITION"), kRot, kScale, kOpacity}) {
    Gltf g;
    json attributes = float_attributes(g, 1);
    attributes.erase(missing);
    g.mesh(attributes);
    expect_error(decode(g), "attribute " + missing + " is missing");
  }
  Gltf no_colour;
  json attributes = float_attributes(no_colour, 1);
  attributes.erase(kSh0);
  no_colour.mesh(attributes);
  expect_error(decode(no_colour), "SH_DEGREE_0_COEF_0 (or COLOR_0) is missing");
  Gltf partial;  // degree 1 with two of its three coefficients
  json p = float_attributes(partial, 1);
  const std::vector<float> band = {0, 0, 0};
  p[sh_name(1, 0)] = partial.add(band, kFloat, "VEC3", 3);
  p[sh_name(1, 2)] = partial.add(band, kFloat, "VEC3", 3);
  partial.mesh(p);
  expect_error(decode(partial), "SH degree 1 is only partly defined (2 of 3 coefficients)");
}

// Found by the fuzz campaign: "COEF_4294967296" overflowed sscanf's %d into 0, so the attribute
// counted as SH_DEGREE_1_COEF_0, which was then looked up by its exact name and not found (abort).
TEST(GltfBadInput, ShAttributeNamesMustBeSpelledExactly) {
  for (const std::string bad : {"SH_DEGREE_1_COEF_4294967296", "SH_DEGREE_01_COEF_0", "SH_DEGREE_1_COEF_+0",
                                "SH_DEGREE_1_COEF_0x", "SH_DEGREE_1_COEF_-0", "SH_DEGREE__COEF_0"}) {
    Gltf g;
    json attributes = float_attributes(g, 1);
    const std::vector<float> band = {0, 0, 0};
    attributes[sh_name(1, 1)] = g.add(band, kFloat, "VEC3", 3);
    attributes[sh_name(1, 2)] = g.add(band, kFloat, "VEC3", 3);
    attributes["KHR_gaussian_splatting:" + bad] = g.add(band, kFloat, "VEC3", 3);
    g.mesh(attributes);
    expect_error(decode(g), "attribute KHR_gaussian_splatting:" + bad + " is not SH_DEGREE_l_COEF_n");
  }
}

TEST(GltfBadInput, CountsThatDoNotFitTheirBuffersAreRefusedBeforeAllocating) {
  {
    Gltf g;
    json attributes = float_attributes(g, 1);
    g.mesh(attributes);
    g.doc["accessors"][attributes["POSITION"].get<int>()]["count"] = 4'000'000'000ull;
    expect_error(decode(g), "over the limit");
  }
  {
    Gltf g;
    json attributes = float_attributes(g, 2);
    g.mesh(attributes);
    for (auto& a : g.doc["accessors"]) a["count"] = 3;  // the views hold 2
    expect_error(decode(g), "accessor of 3 elements does not fit bufferView");
  }
  {
    Gltf g;  // counts that disagree between attributes
    json attributes = float_attributes(g, 2);
    g.mesh(attributes);
    g.doc["accessors"][attributes[kScale].get<int>()]["count"] = 1;
    expect_error(decode(g), "SCALE: accessor holds 1 elements, POSITION has 2");
  }
  {
    Gltf g;  // a byte offset past the view
    json attributes = float_attributes(g, 1);
    g.mesh(attributes);
    g.doc["accessors"][attributes[kOpacity].get<int>()]["byteOffset"] = 1ull << 62;
    expect_error(decode(g), "OPACITY: accessor of 1 elements does not fit");
  }
  {
    Gltf g;  // POSITION with no data behind it
    json attributes = float_attributes(g, 1);
    g.mesh(attributes);
    g.doc["accessors"][attributes["POSITION"].get<int>()].erase("bufferView");
    expect_error(decode(g), "POSITION: accessor has no data");
  }
}

TEST(GltfBadInput, ViewsOutsideTheirBufferOrOverlappingAreRefused) {
  {
    Gltf g;
    json attributes = float_attributes(g, 1);
    g.mesh(attributes);
    g.doc["bufferViews"][0]["byteLength"] = 1 << 20;
    expect_error(decode(g), "lies outside its buffer");
  }
  {
    Gltf g;
    json attributes = float_attributes(g, 1);
    g.mesh(attributes);
    g.doc["bufferViews"][1]["byteOffset"] = 4;  // now overlaps view 0 (bytes 0..12)
    expect_error(decode(g), "overlap");
  }
  {
    Gltf g;
    json attributes = float_attributes(g, 1);
    g.mesh(attributes);
    g.doc["bufferViews"][0]["byteStride"] = 8;  // smaller than a VEC3 of floats
    expect_error(decode(g), "byteStride 8 is smaller than one element");
  }
}

TEST(GltfBadInput, IndicesThatPointNowhereAreRefused) {
  const auto with = [](auto change, const std::string& part) {
    Gltf g;
    json attributes = float_attributes(g, 1);
    g.mesh(attributes);
    change(g, attributes);
    expect_error(decode(g), part);
  };
  with([](Gltf& g, json&) { g.doc["meshes"][0]["primitives"][0]["attributes"][kScale] = 99; }, "accessor 99 does not exist");
  with([](Gltf& g, json&) { g.doc["accessors"][1]["bufferView"] = 99; }, "bufferView 99 does not exist");
  with([](Gltf& g, json&) { g.doc["bufferViews"][2]["buffer"] = 5; }, "names buffer 5");
  with([](Gltf& g, json&) { g.doc["nodes"][0]["mesh"] = 7; }, "names mesh 7");
  with([](Gltf& g, json&) { g.doc["nodes"][0]["children"] = {42}; }, "node 42 does not exist");
  with([](Gltf& g, json&) { g.doc["nodes"][0]["children"] = {0}; }, "node 0 appears twice");
  with([](Gltf& g, json&) { g.doc["scene"] = 3; }, "default scene 3 does not exist");
  // Sparse indices past the end, or not increasing.
  with(
      [](Gltf& g, json& attributes) {
        const std::vector<std::uint8_t> indices = {5};
        const std::vector<float> values = {0, 0, 0};
        g.doc["accessors"][attributes["POSITION"].get<int>()]["sparse"] = {
            {"count", 1},
            {"indices", {{"bufferView", g.view(indices.data(), 1)}, {"componentType", kUByte}}},
            {"values", {{"bufferView", g.view(values.data(), 12)}}}};
      },
      "index 5 is past the last element");
}

TEST(GltfBadInput, NonFiniteValuesDropTheirGaussiansWithAWarning) {
  Gltf g;
  json attributes = float_attributes(g, 3);
  g.mesh(attributes);
  auto glb = g.glb();
  // Overwrite Gaussian 1's x with NaN and Gaussian 2's scale with +Inf in the binary chunk.
  Gltf probe = g;
  const std::size_t bin_start = glb.size() - ((g.bin.size() + 3) / 4 * 4);
  const auto poke = [&](std::size_t view, std::size_t offset, float value) {
    const std::size_t at = bin_start + g.doc["bufferViews"][view]["byteOffset"].get<std::size_t>() + offset;
    std::memcpy(&glb[at], &value, 4);
  };
  poke(0, 12, std::nanf(""));
  poke(2, 24, INFINITY);
  auto loaded = decode_scene(glb, "test.glb");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().scene.count(), 1u);
  ASSERT_EQ(loaded.value().warnings.size(), 2u);
  EXPECT_NE(loaded.value().warnings[0].find("NaN"), std::string::npos);
  poke(0, 0, std::nanf(""));
  poke(0, 24, std::nanf(""));
  expect_error(decode_scene(glb, "test.glb"), "no usable Gaussians");
  // Opacity outside 0..1 is invalid, not a value to clamp.
  Gltf bright;
  json b = float_attributes(bright, 1);
  const std::vector<float> opacity = {1.5f};
  b[kOpacity] = bright.add(opacity, kFloat, "SCALAR", 1);
  bright.mesh(b);
  expect_error(decode(bright), "OPACITY: 1.5");
}

TEST(GltfBadInput, BrokenContainersAndJsonAreRefused) {
  Gltf g;
  g.mesh(float_attributes(g, 1));
  auto glb = g.glb();
  expect_error(decode_scene(std::span(glb).first(glb.size() - 8), "cut.glb"), "truncated glTF binary");
  auto v1 = glb;
  v1[4] = std::byte{1};
  expect_error(decode_scene(v1, "v1.glb"), "glTF binary version 1");
  expect_error(decode_scene(bytes_of(R"({"asset": {"version": "2.0"}, "buffers": [)"), "bad.gltf"), "does not parse");
  expect_error(decode_scene(bytes_of(R"({"asset": {"version": "2.0"}})"), "empty.gltf"), "no Gaussians");
}

TEST(GltfBadInput, DataUrisMustBeBase64) {
  Gltf g;
  g.mesh(float_attributes(g, 1));
  expect_error(decode_scene(bytes_of(g.gltf("data:application/octet-stream;base64,@@@@")), "a.gltf"),
               "holds characters that are not base64");
  expect_error(decode_scene(bytes_of(g.gltf("data:application/octet-stream,rawbytes")), "a.gltf"),
               "data URI is not base64");
  std::string short_uri = g.data_uri();
  short_uri.resize(short_uri.size() - 8);  // fewer bytes than byteLength
  expect_error(decode_scene(bytes_of(g.gltf(short_uri)), "a.gltf"), "not a valid glTF file");
}

TEST(GltfBadInput, ExternalBuffersMustLieInTheGltfsFolder) {
  Gltf g;
  g.mesh(float_attributes(g, 1));
  const auto root = test::fresh_temp_dir("gltf-escape");
  std::filesystem::create_directories(root / "scene");
  const auto write_bin = [&](const std::filesystem::path& p) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(g.bin.data()),
                                             static_cast<std::streamsize>(g.bin.size()));
  };
  write_bin(root / "outside.bin");
  std::filesystem::create_symlink(root / "outside.bin", root / "scene" / "link.bin");
  std::filesystem::create_directory_symlink(root, root / "scene" / "up");
  const std::pair<std::string, std::string> cases[] = {
      {"../outside.bin", "outside the glTF's folder"},
      {"%2E%2E/outside.bin", "outside the glTF's folder"},
      {"sub/../../outside.bin", "outside the glTF's folder"},
      {(root / "outside.bin").string(), "an absolute path"},
      {"file:///etc/passwd", "a URI splatview does not fetch"},
      {"https://example.com/x.bin", "a URI splatview does not fetch"},
      {"link.bin", "outside the glTF's folder"},
      {"up/outside.bin", "outside the glTF's folder"},        // through a linked folder
      {"sub\\..\\..\\outside.bin", "outside the glTF's folder"},  // Windows separators
      {"C:/outside.bin", "a URI splatview does not fetch"},   // a drive letter reads as a scheme
  };
  for (const auto& [uri, part] : cases) {
    std::ofstream(root / "scene" / "scene.gltf") << g.gltf(uri);
    expect_error(load_scene(root / "scene" / "scene.gltf"), part);
  }
  // From memory there is no folder to read from.
  expect_error(decode_scene(bytes_of(g.gltf("splats.bin")), "a.gltf"), "needs the glTF's folder");
  // A missing file is named.
  std::ofstream(root / "scene" / "scene.gltf") << g.gltf("missing.bin");
  expect_error(load_scene(root / "scene" / "scene.gltf"), "not a valid glTF file");
}

TEST(GltfBadInput, CompressedExtensionsSplatviewDoesNotReadAreNamed) {
  Gltf g;
  g.mesh(float_attributes(g, 1));
  g.doc["extensionsRequired"] = {"EXT_meshopt_compression"};
  expect_error(decode(g), "needs extension EXT_meshopt_compression");
}

// ---- SPZ-compressed primitives (KHR_gaussian_splatting_compression_spz_2) ---------------------------

std::vector<std::byte> file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(chars.size());
  std::memcpy(out.data(), chars.data(), chars.size());
  return out;
}

// A glTF whose one primitive carries `spz` as its SPZ blob, with placeholder accessors (no data) for
// `count` Gaussians, as the extension's example has them.
Gltf spz_compressed(const std::vector<std::byte>& spz, std::size_t count, const json& node = json::object()) {
  Gltf g;
  const int blob = g.view(spz.data(), spz.size());
  auto placeholder = [&](const char* type) {
    return g.accessor({{"componentType", kFloat}, {"count", count}, {"type", type}});
  };
  json& primitive = g.mesh({{"POSITION", placeholder("VEC3")}, {"COLOR_0", placeholder("VEC4")},
                            {kScale, placeholder("VEC3")}, {kRot, placeholder("VEC4")}},
                           node);
  primitive["extensions"]["KHR_gaussian_splatting"]["extensions"] = {
      {"KHR_gaussian_splatting_compression_spz_2", {{"bufferView", blob}}}};
  g.doc["extensionsUsed"] = {"KHR_gaussian_splatting", "KHR_gaussian_splatting_compression_spz_2"};
  g.doc["extensionsRequired"] = {"KHR_gaussian_splatting_compression_spz_2"};
  return g;
}

// An SPZ file written by an independent tool (shared/data/scenes/SOURCES.md), in SPZ's standard frame.
const std::filesystem::path kIndependentSpz = test::shared_scene("playbot-31k-sh2-v3.spz");

TEST(GltfSpzCompression, ThePayloadDecodesAsTheSpzFileItIs) {
  const auto spz = file_bytes(kIndependentSpz);
  const auto direct = decode_scene(spz, "direct.spz");
  ASSERT_TRUE(direct.ok()) << direct.error().message();
  const GaussianScene& expected = direct.value().scene;
  const GaussianScene s = decode_ok(spz_compressed(spz, expected.count()));
  ASSERT_EQ(s.count(), expected.count());
  EXPECT_EQ(s.sh_degree, expected.sh_degree);
  EXPECT_EQ(s.positions, expected.positions);
  EXPECT_EQ(s.rotations, expected.rotations);
  EXPECT_EQ(s.scales, expected.scales);
  EXPECT_EQ(s.opacities, expected.opacities);
  EXPECT_EQ(s.sh, expected.sh);
}

TEST(GltfSpzCompression, ANodeTransformActsInGltfsFrame) {
  const auto spz = file_bytes(kIndependentSpz);
  const GaussianScene expected = decode_scene(spz, "direct.spz").value().scene;
  // Translation (1, 2, 3) and scale 2 in glTF's frame: ours is x -> -x, y -> -y of it.
  const GaussianScene s =
      decode_ok(spz_compressed(spz, expected.count(), {{"translation", {1, 2, 3}}, {"scale", {2, 2, 2}}}));
  ASSERT_EQ(s.count(), expected.count());
  for (std::size_t i = 0; i < s.count(); i += 997) {
    EXPECT_NEAR(s.positions[3 * i + 0], 2 * expected.positions[3 * i + 0] - 1, 1e-5);
    EXPECT_NEAR(s.positions[3 * i + 1], 2 * expected.positions[3 * i + 1] - 2, 1e-5);
    EXPECT_NEAR(s.positions[3 * i + 2], 2 * expected.positions[3 * i + 2] + 3, 1e-5);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(s.scales[3 * i + k], 2 * expected.scales[3 * i + k], 1e-6);
    expect_near(covariance(s, i), [&] {
      Mat3 c = covariance(expected, i);
      for (double& v : c) v *= 4;
      return c;
    }(), 1e-6);
  }
  EXPECT_EQ(s.sh, expected.sh);  // a uniform scale and a translation do not turn the SH
}

TEST(GltfSpzCompression, BadPayloadsAreRefusedWithOneLine) {
  const auto spz = file_bytes(kIndependentSpz);
  const std::size_t n = decode_scene(spz, "direct.spz").value().scene.count();
  expect_error(decode(spz_compressed(spz, n + 1)), "holds 31,000 Gaussians, its POSITION accessor 31,001");
  std::vector<std::byte> damaged(spz.begin(), spz.begin() + static_cast<std::ptrdiff_t>(spz.size() / 2));
  expect_error(decode(spz_compressed(damaged, n)), "mesh 0 primitive 0 SPZ payload");
  Gltf no_view = spz_compressed(spz, n);
  no_view.doc["meshes"][0]["primitives"][0]["extensions"]["KHR_gaussian_splatting"]["extensions"]
             ["KHR_gaussian_splatting_compression_spz_2"] = {{"bufferView", "zero"}};
  expect_error(decode(no_view), "KHR_gaussian_splatting_compression_spz_2 names no bufferView");
  Gltf far_view = spz_compressed(spz, n);
  far_view.doc["meshes"][0]["primitives"][0]["extensions"]["KHR_gaussian_splatting"]["extensions"]
              ["KHR_gaussian_splatting_compression_spz_2"]["bufferView"] = 7;
  expect_error(decode(far_view), "bufferView 7 does not exist");
}

TEST(GltfDetection, ByMagicAndByExtension) {
  Gltf g;
  g.mesh(float_attributes(g, 1));
  EXPECT_EQ(detect_scene_format(g.glb(), "renamed.bin"), SceneFormat::kGltf);
  EXPECT_EQ(detect_scene_format(bytes_of(g.gltf(g.data_uri())), "x.json"), SceneFormat::kGltf);
  EXPECT_EQ(detect_scene_format(bytes_of("{ }"), "x.gltf"), SceneFormat::kGltf);
  EXPECT_EQ(detect_scene_format(bytes_of(R"({"means": {}})"), "meta.json"), SceneFormat::kSogMeta);
  EXPECT_TRUE(has_scene_extension("a.GLB"));
  EXPECT_TRUE(has_scene_extension("a.gltf"));
}

}  // namespace
}  // namespace splatview
