// encode_glb: the reference PLY written as glTF must hold what an independent writer (splat-transform
// 3.7.0, playbot-31k-sh2.glb, SOURCES.md) wrote from the same PLY, attribute by attribute, and read
// back through our reader as the PLY's Gaussians.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/formats/gltf_writer.h"
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

TEST(GltfWriter, ReadsBackAsTheScene) {
  auto ours = encode_glb(reference(), "out.glb");
  ASSERT_TRUE(ours.ok());
  const auto loaded = decode_scene(test::to_bytes(ours.value()), "out.glb");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const GaussianScene& s = loaded.value().scene;
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

}  // namespace
}  // namespace splatview
