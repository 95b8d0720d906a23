// encode_glb and encode_gltf: the reference PLY written as glTF must hold what an independent writer
// (splat-transform 3.7.0, playbot-31k-sh2.glb, SOURCES.md) wrote from the same PLY, attribute by
// attribute, follow the Khronos glTF validator's rules, and read back through our reader (and on
// through a PLY) as the PLY's Gaussians.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/formats/gltf_writer.h"
#include "core/formats/ply_writer.h"
#include "core/formats/scene_loader.h"
#include "core/ply_reader.h"
#include "tests/support/format_bytes.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

// A .glb's float attributes by name, read here without the project's reader.
std::map<std::string, std::vector<float>> float_attributes(const std::string& glb) {
  std::uint32_t json_length;
  std::memcpy(&json_length, glb.data() + 12, 4);
  const auto doc = nlohmann::json::parse(glb.substr(20, json_length));
  const std::size_t bin = 20 + json_length + 8;
  std::map<std::string, std::vector<float>> out;
  for (const auto& [attribute, index] : doc["meshes"][0]["primitives"][0]["attributes"].items()) {
    const auto& a = doc["accessors"][index.get<int>()];
    if (a["componentType"] != 5126) continue;
    const auto& v = doc["bufferViews"][a["bufferView"].get<int>()];
    const std::size_t components = a["type"] == "SCALAR" ? 1 : a["type"] == "VEC3" ? 3 : 4;
    std::vector<float> values(a["count"].get<std::size_t>() * components);
    std::memcpy(values.data(), glb.data() + bin + v["byteOffset"].get<std::size_t>() + a.value("byteOffset", 0u),
                values.size() * 4);
    out[attribute] = std::move(values);
  }
  return out;
}

const GaussianScene& reference() {
  static const GaussianScene scene = load_ply(test::shared_scene("playbot-31k-sh2.ply")).value().scene;
  return scene;
}

TEST(GltfWriter, WritesWhatAnIndependentWriterWrote) {
  auto ours = encode_glb(reference(), "out.glb");
  ASSERT_TRUE(ours.ok()) << ours.error().message();
  const test::Bytes theirs_bytes = test::read_shared_bytes("playbot-31k-sh2.glb");
  const std::string theirs(reinterpret_cast<const char*>(theirs_bytes.data()), theirs_bytes.size());
  const auto a = float_attributes(ours.value());
  const auto b = float_attributes(theirs);
  ASSERT_EQ(a.size(), b.size());  // POSITION, ROTATION, SCALE, OPACITY, 9 SH coefficients
  for (const auto& [attribute, values] : b) {
    ASSERT_TRUE(a.count(attribute)) << attribute;
    const std::vector<float>& mine = a.at(attribute);
    ASSERT_EQ(mine.size(), values.size()) << attribute;
    double worst = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      // A quaternion may come out as its negative: compare rotations up to sign, per Gaussian.
      double diff = std::fabs(mine[i] - values[i]);
      if (attribute == "KHR_gaussian_splatting:ROTATION") {
        const std::size_t g = i / 4;
        double dot = 0;
        for (int k = 0; k < 4; ++k) dot += double(mine[4 * g + k]) * values[4 * g + k];
        if (dot < 0) diff = std::fabs(mine[i] + values[i]);
      }
      worst = std::max(worst, diff);
    }
    // Positions, SH: sign flips of the same floats. Scales exp and opacities sigmoid of the same raw
    // values, each rounded to float once by both writers. Rotations: both compose the same half turn,
    // one in float, one in double: within 1e-7.
    const double tolerance = attribute == "KHR_gaussian_splatting:ROTATION" ? 1e-7 : 0.0;
    EXPECT_LE(worst, tolerance) << attribute;
    std::printf("[ glb      ] %-44s max difference %.3g\n", attribute.c_str(), worst);
  }
}

// The same Gaussians as the reference: positions and SH bit for bit (sign flips only), rotations,
// scales and opacities within a float step of what the writer's frame change and the reader's
// activations do.
void expect_reference(const GaussianScene& s) {
  const GaussianScene& ref = reference();
  ASSERT_EQ(s.count(), ref.count());
  EXPECT_EQ(s.positions, ref.positions);
  EXPECT_EQ(s.sh, ref.sh);
  for (std::size_t i = 0; i < ref.count(); ++i) {
    double dot = 0;
    for (int k = 0; k < 4; ++k) dot += double(s.rotations[4 * i + k]) * ref.rotations[4 * i + k];
    ASSERT_NEAR(std::fabs(dot), 1.0, 1e-6) << i;
    for (int k = 0; k < 3; ++k) ASSERT_NEAR(s.scales[3 * i + k] / ref.scales[3 * i + k], 1.0, 1e-6) << i;
    ASSERT_NEAR(s.opacities[i], ref.opacities[i], 1e-6) << i;
  }
}

TEST(GltfWriter, ReadsBackAsTheScene) {
  auto ours = encode_glb(reference(), "out.glb");
  ASSERT_TRUE(ours.ok());
  const auto loaded = decode_scene(test::to_bytes(ours.value()), "out.glb");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  expect_reference(loaded.value().scene);
}

// glTF has no field for the render mode: ours goes in the primitive's extras and comes back.
TEST(GltfWriter, TheRenderModeSurvivesTheRoundTrip) {
  GaussianScene mip = reference();
  mip.render_mode = RenderMode::kMip;
  for (const GaussianScene& scene : {reference(), mip}) {
    const auto loaded = decode_scene(test::to_bytes(encode_glb(scene, "out.glb").value()), "out.glb");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    EXPECT_EQ(loaded.value().scene.render_mode, scene.render_mode);
    EXPECT_TRUE(loaded.value().warnings.empty());
  }
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(GltfWriter, TextGltfAndItsBufferReadBackAsTheScene) {
  const auto dir = test::fresh_temp_dir("gltf-text");
  auto files = encode_gltf(reference(), "robot.gltf", "robot.bin");
  ASSERT_TRUE(files.ok()) << files.error().message();
  write_bytes(dir / "robot.gltf", files.value().json);
  write_bytes(dir / "robot.bin", files.value().bin);
  const auto loaded = load_scene(dir / "robot.gltf");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  expect_reference(loaded.value().scene);
}

// One model, two encodings: the .gltf's JSON is the .glb's with the buffer's URI added, and its
// buffer is the .glb's BIN chunk.
TEST(GltfWriter, GlbAndGltfHoldTheSameModel) {
  const std::string glb = encode_glb(reference(), "a.glb").value();
  const GltfFiles gltf = encode_gltf(reference(), "a.gltf", "a.bin").value();
  std::uint32_t json_length;
  std::memcpy(&json_length, glb.data() + 12, 4);
  auto doc = nlohmann::json::parse(gltf.json);
  EXPECT_EQ(doc["buffers"][0]["uri"], "a.bin");
  doc["buffers"][0].erase("uri");
  EXPECT_EQ(doc, nlohmann::json::parse(glb.substr(20, json_length)));
  EXPECT_EQ(gltf.bin, glb.substr(20 + json_length + 8));
}

TEST(GltfWriter, BufferFileNamesArePercentEncodedIntoTheUri) {
  const auto dir = test::fresh_temp_dir("gltf-uri");
  const std::string file = "my robot #1 (\xc3\xa9).bin";
  const GltfFiles gltf = encode_gltf(reference(), "a.gltf", file).value();
  EXPECT_EQ(nlohmann::json::parse(gltf.json)["buffers"][0]["uri"], "my%20robot%20%231%20%28%C3%A9%29.bin");
  write_bytes(dir / "a.gltf", gltf.json);
  write_bytes(dir / file, gltf.bin);
  const auto loaded = load_scene(dir / "a.gltf");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded.value().scene.count(), reference().count());
  EXPECT_FALSE(encode_gltf(reference(), "a.gltf", "sub/a.bin").ok());
}

// PLY -> glTF -> PLY: what a user gets from converting there and back is the PLY, to float precision.
TEST(GltfWriter, PlyToGltfToPlyKeepsThePly) {
  const auto dir = test::fresh_temp_dir("gltf-ply-round-trip");
  const GltfFiles gltf = encode_gltf(reference(), "robot.gltf", "robot.bin").value();
  write_bytes(dir / "robot.gltf", gltf.json);
  write_bytes(dir / "robot.bin", gltf.bin);
  write_bytes(dir / "robot.glb", encode_glb(reference(), "robot.glb").value());
  for (const char* file : {"robot.gltf", "robot.glb"}) {
    SCOPED_TRACE(file);
    const auto loaded = load_scene(dir / file);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    ASSERT_FALSE(write_ply(dir / "back.ply", loaded.value().scene).has_value());
    const auto back = load_ply(dir / "back.ply");
    ASSERT_TRUE(back.ok()) << back.error().message();
    expect_reference(back.value().scene);
  }
}

// ---- The Khronos glTF validator's rules, as far as they go for this model ---------------------------

std::size_t component_bytes(int type) { return type == 5126 || type == 5125 ? 4 : type == 5122 || type == 5123 ? 2 : 1; }
std::size_t components(const std::string& type) {
  return type == "SCALAR" ? 1 : type == "VEC2" ? 2 : type == "VEC3" ? 3 : type == "VEC4" ? 4 : 0;
}

// Every rule the validator would report on this model, as text ("" when none).
std::string validator_problems(const nlohmann::json& doc, const std::string& bin) {
  std::string problems;
  auto fail = [&](const std::string& what) { problems += what + "; "; };
  if (doc["asset"]["version"] != "2.0") fail("asset.version is not \"2.0\"");
  // Extensions: every one used is declared, every declared one is used, required ones are declared.
  std::set<std::string> used, declared;
  for (const auto& mesh : doc["meshes"])
    for (const auto& primitive : mesh["primitives"]) {
      const auto extensions = primitive.value("extensions", nlohmann::json::object());
      for (const auto& [name, value] : extensions.items()) used.insert(name);
    }
  for (const auto& name : doc.value("extensionsUsed", nlohmann::json::array())) declared.insert(name.get<std::string>());
  if (used != declared) fail("extensionsUsed does not list exactly the extensions used");
  for (const auto& name : doc.value("extensionsRequired", nlohmann::json::array()))
    if (!declared.count(name.get<std::string>())) fail("extensionsRequired names an undeclared extension");
  // Buffers: the data is all there, and the length is 4-byte aligned (GLB chunks must be).
  const std::size_t buffer_length = doc["buffers"][0]["byteLength"];
  if (doc["buffers"].size() != 1 || buffer_length != bin.size()) fail("buffer byteLength is not the data's length");
  if (buffer_length % 4) fail("buffer byteLength is not a multiple of 4");
  // Views: inside the buffer, aligned; byteStride only where the validator allows it.
  std::map<std::size_t, int> vertex_accessors_per_view;
  for (const auto& a : doc["accessors"]) ++vertex_accessors_per_view[a["bufferView"].get<std::size_t>()];
  for (std::size_t v = 0; v < doc["bufferViews"].size(); ++v) {
    const auto& view = doc["bufferViews"][v];
    const std::size_t offset = view.value("byteOffset", 0u), length = view["byteLength"];
    if (length == 0 || offset + length > buffer_length) fail("view " + std::to_string(v) + " is outside its buffer");
    if (offset % 4) fail("view " + std::to_string(v) + " is not 4-byte aligned");
    if (view.contains("byteStride")) {
      const std::size_t stride = view["byteStride"];
      if (stride < 4 || stride > 252 || stride % 4) fail("view " + std::to_string(v) + " has a bad byteStride");
    } else if (vertex_accessors_per_view[v] > 1) {
      fail("view " + std::to_string(v) + " serves several vertex accessors without a byteStride");
    }
  }
  // Accessors: inside their view, aligned to their component, a known type.
  for (std::size_t i = 0; i < doc["accessors"].size(); ++i) {
    const auto& a = doc["accessors"][i];
    const auto& view = doc["bufferViews"][a["bufferView"].get<std::size_t>()];
    const std::size_t element = component_bytes(a["componentType"]) * components(a["type"]);
    const std::size_t stride = view.value("byteStride", element), offset = a.value("byteOffset", 0u);
    const std::size_t count = a["count"];
    if (element == 0 || count == 0) fail("accessor " + std::to_string(i) + " has no elements");
    if (offset + stride * (count - 1) + element > view["byteLength"].get<std::size_t>())
      fail("accessor " + std::to_string(i) + " does not fit its view");
    if ((offset + view.value("byteOffset", 0u)) % component_bytes(a["componentType"]))
      fail("accessor " + std::to_string(i) + " is not aligned to its component size");
  }
  // The primitive: points, every attribute the same count; POSITION float VEC3 with exact min/max;
  // COLOR_0 normalised.
  const auto& primitive = doc["meshes"][0]["primitives"][0];
  if (primitive.value("mode", 4) != 0) fail("the primitive is not POINTS");
  const auto& attributes = primitive["attributes"];
  const auto& position = doc["accessors"][attributes["POSITION"].get<std::size_t>()];
  for (const auto& [name, index] : attributes.items())
    if (doc["accessors"][index.get<std::size_t>()]["count"] != position["count"]) fail(name + " has another count");
  if (position["componentType"] != 5126 || position["type"] != "VEC3") fail("POSITION is not float VEC3");
  if (!position.contains("min") || !position.contains("max")) {
    fail("POSITION has no min/max");
  } else {
    const auto& view = doc["bufferViews"][position["bufferView"].get<std::size_t>()];
    std::vector<float> lo(3, std::numeric_limits<float>::infinity()), hi(3, -std::numeric_limits<float>::infinity());
    for (std::size_t i = 0; i < position["count"].get<std::size_t>(); ++i)
      for (std::size_t k = 0; k < 3; ++k) {
        float v;
        std::memcpy(&v, bin.data() + view.value("byteOffset", 0u) + 12 * i + 4 * k, 4);
        lo[k] = std::min(lo[k], v);
        hi[k] = std::max(hi[k], v);
      }
    if (position["min"].get<std::vector<float>>() != lo || position["max"].get<std::vector<float>>() != hi)
      fail("POSITION min/max are not the data's");
  }
  const auto& colour = doc["accessors"][attributes["COLOR_0"].get<std::size_t>()];
  if (colour["componentType"] == 5121 && !colour.value("normalized", false)) fail("COLOR_0 bytes are not normalized");
  // The scene graph points at what exists.
  if (doc["scene"].get<std::size_t>() >= doc["scenes"].size()) fail("scene points nowhere");
  for (const auto& node : doc["scenes"][0]["nodes"])
    if (node.get<std::size_t>() >= doc["nodes"].size()) fail("a scene node points nowhere");
  return problems;
}

TEST(GltfWriter, BothEncodingsFollowTheValidatorsRules) {
  const std::string glb = encode_glb(reference(), "a.glb").value();
  std::uint32_t json_length, bin_length;
  std::memcpy(&json_length, glb.data() + 12, 4);
  std::memcpy(&bin_length, glb.data() + 20 + json_length, 4);
  EXPECT_EQ(json_length % 4, 0u);
  EXPECT_EQ(glb.size() % 4, 0u);
  EXPECT_EQ(20 + json_length + 8 + bin_length, glb.size());
  EXPECT_EQ(validator_problems(nlohmann::json::parse(glb.substr(20, json_length)), glb.substr(20 + json_length + 8)), "");
  const GltfFiles gltf = encode_gltf(reference(), "a.gltf", "a.bin").value();
  EXPECT_EQ(validator_problems(nlohmann::json::parse(gltf.json), gltf.bin), "");
}

// The checker itself: each broken rule is caught.
TEST(GltfWriter, TheValidatorRulesCatchBrokenModels) {
  const GltfFiles gltf = encode_gltf(reference(), "a.gltf", "a.bin").value();
  const auto good = nlohmann::json::parse(gltf.json);
  auto broken = [&](auto&& change) {
    nlohmann::json doc = good;
    change(doc);
    return validator_problems(doc, gltf.bin);
  };
  EXPECT_NE(broken([](auto& d) { d["asset"]["version"] = "1.0"; }), "");
  EXPECT_NE(broken([](auto& d) { d["extensionsUsed"] = nlohmann::json::array(); }), "");
  EXPECT_NE(broken([](auto& d) { d["extensionsRequired"] = {"KHR_other"}; }), "");
  EXPECT_NE(broken([](auto& d) { d["accessors"][0]["min"][0] = -1e9; }), "");
  EXPECT_NE(broken([](auto& d) { d["bufferViews"][1]["byteStride"] = 6; }), "");
  EXPECT_NE(broken([](auto& d) { d["bufferViews"][1]["byteOffset"] = d["bufferViews"][1]["byteOffset"].template get<int>() + 2; }), "");
  EXPECT_NE(broken([](auto& d) { d["accessors"][1]["bufferView"] = 0; }), "");
}

}  // namespace
}  // namespace splatview
