// The 3DGS PLY reader on the shared real scenes and on small hand-written files. Expected values are
// written by hand or were computed independently (Python's struct and math on the raw bytes).
#include "core/ply_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/test_paths.h"

namespace splatview {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the byte builders below assume a little-endian host");

// ---- A tiny PLY writer for the tests: independent of the reader, byte by byte ----------------------

struct Column {
  std::string type;  // any PLY spelling
  std::string name;
};

template <class T>
void append(std::string& out, T value, bool big_endian) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  if (big_endian) std::reverse(bytes, bytes + sizeof(T));
  out.append(bytes, sizeof(T));
}

void append_value(std::string& out, const std::string& type, double v, const std::string& format) {
  if (format == "ascii") {
    char text[64];
    if (type == "float" || type == "float32") {
      std::snprintf(text, sizeof text, "%.9g", static_cast<double>(static_cast<float>(v)));
    } else if (type == "double" || type == "float64") {
      std::snprintf(text, sizeof text, "%.17g", v);
    } else {
      std::snprintf(text, sizeof text, "%lld", static_cast<long long>(v));
    }
    out += text;
    return;
  }
  const bool big = format == "binary_big_endian";
  if (type == "char" || type == "int8")
    append(out, static_cast<std::int8_t>(v), big);
  else if (type == "uchar" || type == "uint8")
    append(out, static_cast<std::uint8_t>(v), big);
  else if (type == "short" || type == "int16")
    append(out, static_cast<std::int16_t>(v), big);
  else if (type == "ushort" || type == "uint16")
    append(out, static_cast<std::uint16_t>(v), big);
  else if (type == "int" || type == "int32")
    append(out, static_cast<std::int32_t>(v), big);
  else if (type == "uint" || type == "uint32")
    append(out, static_cast<std::uint32_t>(v), big);
  else if (type == "float" || type == "float32")
    append(out, static_cast<float>(v), big);
  else
    append(out, v, big);
}

struct PlyBuilder {
  std::string format = "binary_little_endian";
  std::string newline = "\n";
  std::vector<std::string> extra_header_lines;  // after the format line (comments, obj_info)
  std::string header_before_vertex;             // element lines for elements before vertex
  std::string data_before_vertex;               // their data
  std::string header_after_vertex;
  std::string data_after_vertex;
  std::vector<Column> columns;
  std::vector<std::vector<double>> rows;

  std::string build() const {
    std::string out = "ply" + newline + "format " + format + " 1.0" + newline;
    for (const auto& line : extra_header_lines) out += line + newline;
    out += header_before_vertex;
    out += "element vertex " + std::to_string(rows.size()) + newline;
    for (const auto& c : columns) out += "property " + c.type + " " + c.name + newline;
    out += header_after_vertex;
    out += "end_header" + newline;
    out += data_before_vertex;
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        append_value(out, columns[i].type, row[i], format);
        if (format == "ascii") out += i + 1 < columns.size() ? " " : "\n";
      }
    }
    out += data_after_vertex;
    return out;
  }
};

// The 14 required properties, all float, in a canonical order.
const std::vector<std::string> kRequired = {"x",      "y",       "z",       "f_dc_0",  "f_dc_1",
                                            "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2",
                                            "rot_0",  "rot_1",   "rot_2",   "rot_3"};

PlyBuilder basic_builder(const std::string& format, int f_rest = 0) {
  PlyBuilder b;
  b.format = format;
  for (const auto& name : kRequired) b.columns.push_back({"float", name});
  for (int i = 0; i < f_rest; ++i) b.columns.push_back({"float", "f_rest_" + std::to_string(i)});
  return b;
}

// Raw values in kRequired order: position, f_dc, opacity, log-scales, quaternion.
std::vector<double> gaussian(double x, double opacity, double s0, std::vector<double> rot) {
  return {x, 2, 3, 0.1, 0.2, 0.3, opacity, s0, 0, 0, rot[0], rot[1], rot[2], rot[3]};
}

Result<LoadedScene> parse(const std::string& bytes, const std::string& name = "test.ply") {
  // An exact-size copy, so that a sanitizer sees any read past the end.
  auto copy = std::make_unique<std::byte[]>(bytes.size());
  std::memcpy(copy.get(), bytes.data(), bytes.size());
  return parse_ply({copy.get(), bytes.size()}, name);
}

const std::vector<std::string> kFormats = {"binary_little_endian", "binary_big_endian", "ascii"};

// ---- The shared real scenes ---------------------------------------------------------------------

TEST(SharedScenes, EveryPlyLoadsWithTheRightCountAndDegree) {
  const std::map<std::string, std::pair<std::size_t, int>> expected = {
      {"voxel51-train-first1000-sh3.ply", {1000, 3}},
      {"voxel51-train-first1000-sh3-ascii.ply", {1000, 3}},
      {"voxel51-train-first1000-sh3-bigendian.ply", {1000, 3}},
      {"voxel51-train-first1000-sh3-double.ply", {1000, 3}},
      {"playbot-31k-sh1.ply", {31000, 1}},
      {"playbot-31k-sh2.ply", {31000, 2}},
      {"playbot-3k-sh2-nonormals-altorder.ply", {3000, 2}},
      {"playbot-500k-sh0.ply", {500000, 0}},
  };
  std::size_t seen = 0;
  for (const auto& path : test::shared_ply_scenes()) {
    const std::string name = path.filename().string();
    SCOPED_TRACE(name);
    const auto result = load_ply(path);
    ASSERT_TRUE(result.ok()) << result.error().message();
    const GaussianScene& scene = result.value().scene;
    EXPECT_TRUE(result.value().warnings.empty());
    const auto it = expected.find(name);
    ASSERT_NE(it, expected.end()) << "a shared PLY this test does not know";
    ++seen;
    EXPECT_EQ(scene.count(), it->second.first);
    EXPECT_EQ(scene.sh_degree, it->second.second);
    const std::size_t n = scene.count();
    EXPECT_EQ(scene.positions.size(), 3 * n);
    EXPECT_EQ(scene.scales.size(), 3 * n);
    EXPECT_EQ(scene.rotations.size(), 4 * n);
    EXPECT_EQ(scene.sh.size(),
              static_cast<std::size_t>(3 * (scene.sh_degree + 1) * (scene.sh_degree + 1)) * n);
    for (std::size_t i = 0; i < n; ++i) {
      const float* q = &scene.rotations[4 * i];
      const double len =
          std::sqrt(double(q[0]) * q[0] + double(q[1]) * q[1] + double(q[2]) * q[2] + double(q[3]) * q[3]);
      ASSERT_NEAR(len, 1.0, 1e-6) << "Gaussian " << i;
      ASSERT_GT(scene.opacities[i], 0.0f);
      ASSERT_LE(scene.opacities[i], 1.0f);
      ASSERT_GT(scene.scales[3 * i], 0.0f);
    }
  }
  EXPECT_EQ(seen, expected.size());
}

TEST(SharedScenes, Voxel51EncodingsGiveBitIdenticalScenes) {
  const auto reference = load_ply(test::shared_scene("voxel51-train-first1000-sh3.ply"));
  ASSERT_TRUE(reference.ok()) << reference.error().message();
  const GaussianScene& a = reference.value().scene;
  auto same_bits = [](const std::vector<float>& x, const std::vector<float>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
  };
  for (const char* other :
       {"voxel51-train-first1000-sh3-bigendian.ply", "voxel51-train-first1000-sh3-ascii.ply",
        "voxel51-train-first1000-sh3-double.ply"}) {
    SCOPED_TRACE(other);
    const auto result = load_ply(test::shared_scene(other));
    ASSERT_TRUE(result.ok()) << result.error().message();
    const GaussianScene& b = result.value().scene;
    EXPECT_EQ(b.sh_degree, a.sh_degree);
    EXPECT_TRUE(same_bits(a.positions, b.positions));
    EXPECT_TRUE(same_bits(a.scales, b.scales));
    EXPECT_TRUE(same_bits(a.rotations, b.rotations));
    EXPECT_TRUE(same_bits(a.opacities, b.opacities));
    EXPECT_TRUE(same_bits(a.sh, b.sh));
  }
}

// Values computed with Python (struct.unpack on the raw little-endian bytes, math.exp, math.sqrt).
TEST(SharedScenes, Voxel51FirstAndLastGaussiansMatchAnIndependentDecode) {
  const auto result = load_ply(test::shared_scene("voxel51-train-first1000-sh3.ply"));
  ASSERT_TRUE(result.ok()) << result.error().message();
  const GaussianScene& s = result.value().scene;
  ASSERT_EQ(s.count(), 1000u);
  constexpr int K = 16;
  struct Expect {
    std::size_t index;
    float pos[3];
    double opacity, scales[3], rot[4];
    float k0[3], k1[3], k7[3], k15[3];
  };
  const Expect cases[] = {
      {0,
       {2.0958523750305176f, -0.5998297929763794f, 1.2191526889801025f},
       0.02306395867903205,
       {0.003451999037739858, 0.006378271087928187, 0.006033785728491331},
       {0.9939190830918359, 0.009923701933332339, 0.033375259567428914, -0.10446276109039584},
       {-0.24673692882061005f, 0.22558726370334625f, -0.27253973484039307f},
       {0.02341543696820736f, 0.026168817654252052f, 0.006885462906211615f},
       {0.016528047621250153f, 0.029975835233926773f, 0.039014946669340134f},
       {0.0026726885698735714f, -0.014927215874195099f, -0.01529025100171566f}},
      {999,
       {-1.3637394905090332f, -0.3149021863937378f, -1.1362831592559814f},
       0.2261326868386016,
       {0.0018375587402149427, 0.011208555594493599, 0.0028590347976266894},
       {0.829848977469152, 0.34103359614904916, 0.24265174105322548, -0.3690079856248216},
       {-0.7745224833488464f, -0.31626519560813904f, -0.4948468506336212f},
       {0.007017652038484812f, -0.00822947546839714f, -0.007416953798383474f},
       {-0.04782462120056152f, -0.04250028729438782f, -0.03484295681118965f},
       {-0.07245603948831558f, -0.06179971247911453f, -0.06781435012817383f}},
  };
  for (const Expect& e : cases) {
    SCOPED_TRACE(e.index);
    const std::size_t i = e.index;
    for (int c = 0; c < 3; ++c) {
      EXPECT_EQ(s.positions[3 * i + c], e.pos[c]);
      EXPECT_NEAR(s.scales[3 * i + c], e.scales[c], 1e-6 * e.scales[c]);
      EXPECT_EQ(s.sh[(i * K + 0) * 3 + c], e.k0[c]);
      EXPECT_EQ(s.sh[(i * K + 1) * 3 + c], e.k1[c]);
      EXPECT_EQ(s.sh[(i * K + 7) * 3 + c], e.k7[c]);
      EXPECT_EQ(s.sh[(i * K + 15) * 3 + c], e.k15[c]);
    }
    EXPECT_NEAR(s.opacities[i], e.opacity, 1e-7);
    for (int c = 0; c < 4; ++c) EXPECT_NEAR(s.rotations[4 * i + c], e.rot[c], 1e-7);
  }
}

// The splat-transform layout (no normals, x y z scale f_dc opacity rot f_rest) is read by name.
TEST(SharedScenes, AltOrderFileIsReadByName) {
  const auto result = load_ply(test::shared_scene("playbot-3k-sh2-nonormals-altorder.ply"));
  ASSERT_TRUE(result.ok()) << result.error().message();
  const GaussianScene& s = result.value().scene;
  ASSERT_EQ(s.count(), 3000u);
  ASSERT_EQ(s.sh_degree, 2);
  // First record, decoded with Python from its raw bytes (70b380bf e671afbc 763f80bf ...).
  EXPECT_EQ(s.positions[0], -1.0054759979248047f);
  EXPECT_EQ(s.positions[1], -0.021416615694761276f);
  EXPECT_EQ(s.positions[2], -1.001936674118042f);
  EXPECT_NEAR(s.scales[0], 0.00044974833134465937, 1e-6 * 0.00044974833134465937);
  EXPECT_NEAR(s.scales[1], 0.0074981151785629705, 1e-6 * 0.0074981151785629705);
  EXPECT_NEAR(s.scales[2], 0.01427326944938773, 1e-6 * 0.01427326944938773);
  EXPECT_NEAR(s.opacities[0], 0.9960784320566015, 1e-7);
  const double rot[4] = {0.657193356165282, 0.17469696526523426, 0.29116162367655146, 0.6729062132551347};
  for (int c = 0; c < 4; ++c) EXPECT_NEAR(s.rotations[c], rot[c], 1e-7);
  // Coefficient-major: (f_dc_0..2), then for k = 1..8: (f_rest_{k-1}, f_rest_{8+k-1}, f_rest_{16+k-1}).
  const float sh[27] = {
      -1.3558844327926636f,  -1.3727716207504272f,   -1.300028920173645f,    -0.10819711536169052f,
      -0.10819711536169052f, -0.10819711536169052f,  0.046104125678539276f,  0.02840297482907772f,
      0.022229028865695f,    -0.10093618929386139f,  -0.05838633328676224f,  -0.024050991982221603f,
      0.010743656195700169f, -0.008761868812143803f, -0.013352622278034687f, 0.022229028865695f,
      0.022229028865695f,    0.022229028865695f,     0.02840297482907772f,   0.022229028865695f,
      0.022229028865695f,    -0.004840899258852005f, -0.013352622278034687f, -0.018547922372817993f,
      0.022229028865695f,    0.02840297482907772f,   0.04050695151090622f};
  for (int k = 0; k < 27; ++k) EXPECT_EQ(s.sh[k], sh[k]) << "sh value " << k;
}

TEST(SharedScenes, HeaderCommentsAreKept) {
  const auto result = load_ply(test::shared_scene("playbot-31k-sh1.ply"));
  ASSERT_TRUE(result.ok()) << result.error().message();
  const std::vector<std::string> expected = {
      "PLAYBOT by Stephane Agullo (sa3d.fr) CC-BY-4.0",
      "decoded from PlayCanvas SOG LOD level 3, SH bands above 1 removed"};
  EXPECT_EQ(result.value().scene.comments, expected);
}

TEST(SharedScenes, CompressedPlyGetsAClearNotSupportedError) {
  const auto path = test::shared_scene("playbot-31k-sh2.compressed.ply");
  const auto result = load_ply(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().file, path.string());
  EXPECT_NE(result.error().what.find("compressed PLY"), std::string::npos) << result.error().what;
  EXPECT_NE(result.error().what.find("not supported yet"), std::string::npos) << result.error().what;
  EXPECT_EQ(result.error().what.find("missing"), std::string::npos) << result.error().what;
}

TEST(SharedScenes, LoadPlyMatchesParsePlyOfTheSameBytes) {
  const auto path = test::shared_scene("playbot-31k-sh2.ply");
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto from_file = load_ply(path);
  const auto from_bytes = parse(bytes);
  ASSERT_TRUE(from_file.ok() && from_bytes.ok());
  EXPECT_EQ(from_file.value().scene.positions, from_bytes.value().scene.positions);
  EXPECT_EQ(from_file.value().scene.sh, from_bytes.value().scene.sh);
  EXPECT_EQ(from_file.value().scene.opacities, from_bytes.value().scene.opacities);
}

// ---- Activation on hand-written files -----------------------------------------------------------

TEST(Activation, SigmoidExpAndNormalizedQuaternionInEveryFormat) {
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format);
    PlyBuilder b = basic_builder(format);
    b.rows.push_back(gaussian(1, 0.0, 0.0, {2, 0, 0, 0}));
    b.rows.push_back(gaussian(2, std::log(3.0), std::log(2.0), {1, 2, 2, 4}));
    b.rows.push_back(gaussian(3, -std::log(4.0), -std::log(4.0), {-3, 0, 4, 0}));
    const auto result = parse(b.build());
    ASSERT_TRUE(result.ok()) << result.error().message();
    const GaussianScene& s = result.value().scene;
    ASSERT_EQ(s.count(), 3u);
    EXPECT_EQ(s.sh_degree, 0);
    EXPECT_TRUE(result.value().warnings.empty());
    // sigmoid(0) = 1/2, sigmoid(ln 3) = 3/4, sigmoid(-ln 4) = 1/5.
    EXPECT_NEAR(s.opacities[0], 0.5, 1e-7);
    EXPECT_NEAR(s.opacities[1], 0.75, 1e-7);
    EXPECT_NEAR(s.opacities[2], 0.2, 1e-7);
    // exp(0) = 1, exp(ln 2) = 2, exp(-ln 4) = 1/4; scale_1 and scale_2 are raw 0.
    EXPECT_NEAR(s.scales[0], 1.0, 1e-7);
    EXPECT_NEAR(s.scales[3], 2.0, 2e-7);
    EXPECT_NEAR(s.scales[6], 0.25, 1e-7);
    EXPECT_NEAR(s.scales[4], 1.0, 1e-7);
    // (2,0,0,0) -> (1,0,0,0); (1,2,2,4)/5; (-3,0,4,0)/5.
    const float rot[12] = {1, 0, 0, 0, 0.2f, 0.4f, 0.4f, 0.8f, -0.6f, 0, 0.8f, 0};
    for (int i = 0; i < 12; ++i) EXPECT_NEAR(s.rotations[i], rot[i], 1e-7) << i;
    const float pos[9] = {1, 2, 3, 2, 2, 3, 3, 2, 3};
    for (int i = 0; i < 9; ++i) EXPECT_EQ(s.positions[i], pos[i]) << i;
    const float dc[3] = {0.1f, 0.2f, 0.3f};
    for (int i = 0; i < 3; ++i) EXPECT_EQ(s.sh[3 * 2 + i], dc[i]);
  }
}

TEST(Activation, FRestChannelMajorBecomesCoefficientMajorDegree1) {
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format);
    PlyBuilder b = basic_builder(format, 9);
    auto row = gaussian(0, 0, 0, {1, 0, 0, 0});
    for (int i = 0; i < 9; ++i) row.push_back(10 + i);  // f_rest_i = 10 + i
    b.rows.push_back(row);
    const auto result = parse(b.build());
    ASSERT_TRUE(result.ok()) << result.error().message();
    const GaussianScene& s = result.value().scene;
    ASSERT_EQ(s.sh_degree, 1);
    // File: R coefficients 1..3 = f_rest_0..2, G = f_rest_3..5, B = f_rest_6..8.
    const std::vector<float> expected = {0.1f, 0.2f, 0.3f, 10, 13, 16, 11, 14, 17, 12, 15, 18};
    EXPECT_EQ(s.sh, expected);
  }
}

TEST(Activation, FRestDegree2InShuffledPropertyOrder) {
  PlyBuilder b;
  // f_rest properties declared in reverse, before the required ones: order in the file must not matter.
  for (int i = 23; i >= 0; --i) b.columns.push_back({"float", "f_rest_" + std::to_string(i)});
  for (const auto& name : kRequired) b.columns.push_back({"float", name});
  std::vector<double> row;
  for (int i = 23; i >= 0; --i) row.push_back(100 + i);
  for (double v : gaussian(0, 0, 0, {1, 0, 0, 0})) row.push_back(v);
  b.rows.push_back(row);
  const auto result = parse(b.build());
  ASSERT_TRUE(result.ok()) << result.error().message();
  const GaussianScene& s = result.value().scene;
  ASSERT_EQ(s.sh_degree, 2);
  ASSERT_EQ(s.sh.size(), 27u);
  // Coefficient k (1..8), channel c: f_rest_{8c + k - 1} = 100 + 8c + k - 1.
  const std::vector<float> expected = {0.1f, 0.2f, 0.3f, 100, 108, 116, 101, 109, 117,
                                       102,  110,  118,  103, 111, 119, 104, 112, 120,
                                       105,  113,  121,  106, 114, 122, 107, 115, 123};
  EXPECT_EQ(s.sh, expected);
}

TEST(Activation, PlusInfinityOpacityMeansOne) {
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format);
    PlyBuilder b = basic_builder(format);
    b.rows.push_back(gaussian(0, std::numeric_limits<double>::infinity(), 0, {1, 0, 0, 0}));
    const auto result = parse(b.build());
    ASSERT_TRUE(result.ok()) << result.error().message();
    ASSERT_EQ(result.value().scene.count(), 1u);
    EXPECT_EQ(result.value().scene.opacities[0], 1.0f);
    EXPECT_TRUE(result.value().warnings.empty());
  }
}

TEST(Activation, MinusInfinityOpacityIsDroppedWithAWarning) {
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format);
    PlyBuilder b = basic_builder(format);
    const double minus_inf = -std::numeric_limits<double>::infinity();
    b.rows.push_back(gaussian(1, minus_inf, 0, {1, 0, 0, 0}));
    b.rows.push_back(gaussian(2, 0, 0, {1, 0, 0, 0}));
    b.rows.push_back(gaussian(3, minus_inf, 0, {1, 0, 0, 0}));
    const auto result = parse(b.build());
    ASSERT_TRUE(result.ok()) << result.error().message();
    const GaussianScene& s = result.value().scene;
    ASSERT_EQ(s.count(), 1u);
    EXPECT_EQ(s.positions[0], 2.0f);
    ASSERT_EQ(result.value().warnings.size(), 1u);
    EXPECT_NE(result.value().warnings[0].find("dropped 2 Gaussians"), std::string::npos)
        << result.value().warnings[0];
  }
}

TEST(Activation, NaNDropsTheGaussianWithOneCountingWarning) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format);
    PlyBuilder b = basic_builder(format, 9);
    auto good = gaussian(0, 0, 0, {1, 0, 0, 0});
    good.resize(23, 0.5);
    for (int field : {0, 4, 6, 9, 12, 20}) {  // x, f_dc_1, opacity, scale_2, rot_2, f_rest_6
      auto bad = good;
      bad[field] = nan;
      b.rows.push_back(bad);
      b.rows.push_back(good);
    }
    const auto result = parse(b.build());
    ASSERT_TRUE(result.ok()) << result.error().message();
    EXPECT_EQ(result.value().scene.count(), 6u);
    ASSERT_EQ(result.value().warnings.size(), 1u);
    EXPECT_EQ(result.value().warnings[0], "dropped 6 Gaussians with NaN values");
  }
}

TEST(Activation, NaNInAnIgnoredPropertyIsHarmless) {
  PlyBuilder b = basic_builder("binary_little_endian");
  b.columns.push_back({"float", "nx"});
  auto row = gaussian(0, 0, 0, {1, 0, 0, 0});
  row.push_back(std::numeric_limits<double>::quiet_NaN());
  b.rows.push_back(row);
  const auto result = parse(b.build());
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result.value().scene.count(), 1u);
  EXPECT_TRUE(result.value().warnings.empty());
}

TEST(Activation, InfinitePositionIsDroppedAndCounted) {
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format);
    PlyBuilder b = basic_builder(format);
    b.rows.push_back(gaussian(std::numeric_limits<double>::infinity(), 0, 0, {1, 0, 0, 0}));
    b.rows.push_back(gaussian(-std::numeric_limits<double>::infinity(), 0, 0, {1, 0, 0, 0}));
    b.rows.push_back(gaussian(5, 0, 0, {1, 0, 0, 0}));
    const auto result = parse(b.build());
    ASSERT_TRUE(result.ok()) << result.error().message();
    ASSERT_EQ(result.value().scene.count(), 1u);
    EXPECT_EQ(result.value().scene.positions[0], 5.0f);
    ASSERT_EQ(result.value().warnings.size(), 1u);
    EXPECT_NE(result.value().warnings[0].find("dropped 2 Gaussians with infinite"), std::string::npos)
        << result.value().warnings[0];
  }
}

TEST(Activation, ZeroLengthQuaternionIsDroppedWithAWarning) {
  PlyBuilder b = basic_builder("binary_little_endian");
  b.rows.push_back(gaussian(1, 0, 0, {0, 0, 0, 0}));
  b.rows.push_back(gaussian(2, 0, 0, {0, 0, 0.5, 0}));
  const auto result = parse(b.build());
  ASSERT_TRUE(result.ok()) << result.error().message();
  ASSERT_EQ(result.value().scene.count(), 1u);
  EXPECT_EQ(result.value().scene.rotations[2], 1.0f);
  ASSERT_EQ(result.value().warnings.size(), 1u);
  EXPECT_NE(result.value().warnings[0].find("dropped 1 Gaussian with a zero-length"), std::string::npos)
      << result.value().warnings[0];
}

// Double quaternions far outside float's range, found by splatfuzz: subnormal ones (1e-310) made the
// rescale 1 / largest overflow to infinity and the rotation NaN; huge ones (1e154) overflow the sum of
// squares. Both still name a direction, and come out as the unit quaternion along it.
TEST(Activation, SubnormalAndHugeDoubleQuaternionsNormalizeToUnitLength) {
  PlyBuilder b = basic_builder("binary_little_endian");
  for (auto& c : b.columns) {
    if (c.name.rfind("rot_", 0) == 0) c.type = "double";
  }
  b.rows.push_back(gaussian(1, 0, 0, {4e-310, 0, 3e-310, 0}));
  b.rows.push_back(gaussian(2, 0, 0, {0, 3e154, 0, -4e154}));
  b.rows.push_back(gaussian(3, 0, 0, {5e-324, 0, 0, 0}));  // the smallest double
  const auto result = parse(b.build());
  ASSERT_TRUE(result.ok()) << result.error().message();
  const GaussianScene& s = result.value().scene;
  ASSERT_EQ(s.count(), 3u);
  const float expected[3][4] = {{0.8f, 0, 0.6f, 0}, {0, 0.6f, 0, -0.8f}, {1, 0, 0, 0}};
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < 4; ++k) EXPECT_NEAR(s.rotations[4 * i + k], expected[i][k], 1e-6) << i << " " << k;
  }
}

TEST(Activation, DifferentProblemsGetOneWarningEach) {
  PlyBuilder b = basic_builder("binary_little_endian");
  const double inf = std::numeric_limits<double>::infinity();
  b.rows.push_back(gaussian(std::numeric_limits<double>::quiet_NaN(), 0, 0, {1, 0, 0, 0}));
  b.rows.push_back(gaussian(inf, 0, 0, {1, 0, 0, 0}));
  b.rows.push_back(gaussian(0, -inf, 0, {1, 0, 0, 0}));
  b.rows.push_back(gaussian(0, 0, 0, {0, 0, 0, 0}));
  b.rows.push_back(gaussian(7, 0, 0, {1, 0, 0, 0}));
  const auto result = parse(b.build());
  ASSERT_TRUE(result.ok()) << result.error().message();
  ASSERT_EQ(result.value().scene.count(), 1u);
  EXPECT_EQ(result.value().scene.positions[0], 7.0f);
  EXPECT_EQ(result.value().warnings.size(), 4u);
}

// Big scenes are converted on two threads; drops in both halves must still leave the Gaussians
// packed and in file order.
TEST(Activation, BigSceneWithDropsInBothHalvesStaysInOrder) {
  constexpr int kCount = 150000;
  std::string bytes = "ply\nformat binary_little_endian 1.0\nelement vertex " + std::to_string(kCount) + "\n";
  for (const auto& name : kRequired) bytes += "property float " + name + "\n";
  bytes += "end_header\n";
  const std::vector<int> dropped = {0, 10, 74999, 75000, 75001, 140000, kCount - 1};
  for (int i = 0; i < kCount; ++i) {
    const bool drop = std::find(dropped.begin(), dropped.end(), i) != dropped.end();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float row[14] = {static_cast<float>(i), 0, 0, 0, 0, 0, drop ? nan : 0.0f, 0, 0, 0, 1, 0, 0, 0};
    for (float v : row) append(bytes, v, false);
  }
  const auto result = parse(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message();
  const GaussianScene& s = result.value().scene;
  ASSERT_EQ(s.count(), kCount - dropped.size());
  ASSERT_EQ(result.value().warnings, std::vector<std::string>{"dropped 7 Gaussians with NaN values"});
  std::size_t out = 0;
  for (int i = 0; i < kCount; ++i) {
    if (std::find(dropped.begin(), dropped.end(), i) != dropped.end()) continue;
    ASSERT_EQ(s.positions[3 * out], static_cast<float>(i)) << "Gaussian " << out;
    ASSERT_EQ(s.rotations[4 * out], 1.0f);
    ASSERT_EQ(s.opacities[out], 0.5f);
    ++out;
  }
}

// ---- Types --------------------------------------------------------------------------------------

TEST(Types, EveryScalarTypeInBothSpellingsAndEveryFormat) {
  const std::vector<std::pair<std::string, std::string>> spellings = {
      {"char", "int8"}, {"uchar", "uint8"}, {"short", "int16"},   {"ushort", "uint16"},
      {"int", "int32"}, {"uint", "uint32"}, {"float", "float32"}, {"double", "float64"}};
  for (int style = 0; style < 2; ++style) {
    auto t = [&](int i) { return style == 0 ? spellings[i].first : spellings[i].second; };
    for (const auto& format : kFormats) {
      SCOPED_TRACE(format + (style ? " sized names" : " classic names"));
      PlyBuilder b;
      b.format = format;
      b.columns = {{t(0), "x"},       {t(1), "y"},       {t(2), "z"},       {t(3), "f_dc_0"},
                   {t(4), "f_dc_1"},  {t(5), "f_dc_2"},  {t(7), "opacity"}, {t(6), "scale_0"},
                   {t(0), "scale_1"}, {t(7), "scale_2"}, {t(2), "rot_0"},   {t(3), "rot_1"},
                   {t(4), "rot_2"},   {t(5), "rot_3"}};
      b.rows.push_back({-128, 255, -32768, 65535, -2000000000, 4000000000.0, 0.0, std::log(2.0), 0,
                        -std::log(4.0), 1, 2, 2, 4});
      b.rows.push_back({127, 0, 32767, 0, 2147483647, 0, 0.0, 0, -3, 0, -1, 0, 0, 0});
      const auto result = parse(b.build());
      ASSERT_TRUE(result.ok()) << result.error().message();
      const GaussianScene& s = result.value().scene;
      ASSERT_EQ(s.count(), 2u);
      // Integers convert exactly (all of these are representable as float).
      EXPECT_EQ(s.positions[0], -128.0f);
      EXPECT_EQ(s.positions[1], 255.0f);
      EXPECT_EQ(s.positions[2], -32768.0f);
      EXPECT_EQ(s.sh[0], 65535.0f);
      EXPECT_EQ(s.sh[1], -2000000000.0f);
      EXPECT_EQ(s.sh[2], 4000000000.0f);
      EXPECT_EQ(s.positions[3], 127.0f);
      EXPECT_EQ(s.positions[5], 32767.0f);
      EXPECT_EQ(s.sh[4], 2147483648.0f);  // int32 max rounds to the nearest float, 2^31
      EXPECT_NEAR(s.opacities[0], 0.5, 1e-7);
      EXPECT_NEAR(s.scales[0], 2.0, 2e-7);
      EXPECT_NEAR(s.scales[1], 1.0, 1e-7);
      EXPECT_NEAR(s.scales[2], 0.25, 1e-7);
      EXPECT_NEAR(s.scales[4], std::exp(-3.0), 1e-8);
      const float rot[8] = {0.2f, 0.4f, 0.4f, 0.8f, -1, 0, 0, 0};
      for (int i = 0; i < 8; ++i) EXPECT_NEAR(s.rotations[i], rot[i], 1e-7) << i;
    }
  }
}

// ---- Header features ----------------------------------------------------------------------------

TEST(Header, ExtraElementsBeforeAndAfterVertexAreSkipped) {
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format);
    const bool ascii = format == "ascii";
    const bool big = format == "binary_big_endian";
    PlyBuilder b = basic_builder(format);
    b.header_before_vertex =
        "element camera 2\nproperty double fx\nproperty uchar id\n"
        "element face 2\nproperty list uchar int vertex_indices\nproperty short flag\n";
    b.header_after_vertex = "element edge 1\nproperty list int float weights\nproperty int v1\n";
    if (ascii) {
      b.data_before_vertex = "100.5 1\n200.25 2\n3 0 1 2 -1\n0 7\n";
      b.data_after_vertex = "2 0.5 0.25 9\n";
    } else {
      std::string& d = b.data_before_vertex;
      append(d, 100.5, big), append(d, std::uint8_t{1}, big);
      append(d, 200.25, big), append(d, std::uint8_t{2}, big);
      append(d, std::uint8_t{3}, big), append(d, 0, big), append(d, 1, big), append(d, 2, big);
      append(d, std::int16_t{-1}, big);
      append(d, std::uint8_t{0}, big), append(d, std::int16_t{7}, big);
      std::string& a = b.data_after_vertex;
      append(a, 2, big), append(a, 0.5f, big), append(a, 0.25f, big), append(a, 9, big);
    }
    b.rows.push_back(gaussian(4, 0, 0, {1, 0, 0, 0}));
    b.rows.push_back(gaussian(5, 0, 0, {0, 1, 0, 0}));
    const auto result = parse(b.build());
    ASSERT_TRUE(result.ok()) << result.error().message();
    const GaussianScene& s = result.value().scene;
    ASSERT_EQ(s.count(), 2u);
    EXPECT_EQ(s.positions[0], 4.0f);
    EXPECT_EQ(s.positions[3], 5.0f);
    EXPECT_EQ(s.rotations[5], 1.0f);
  }
}

TEST(Header, CrlfLineEndings) {
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format);
    PlyBuilder b = basic_builder(format);
    b.newline = "\r\n";
    b.extra_header_lines = {"comment made on Windows"};
    b.rows.push_back(gaussian(4, 0, 0, {1, 0, 0, 0}));
    std::string bytes = b.build();
    if (format == "ascii") {  // CRLF in the data too
      bytes.insert(bytes.size() - 1, "\r");
    }
    const auto result = parse(bytes);
    ASSERT_TRUE(result.ok()) << result.error().message();
    EXPECT_EQ(result.value().scene.count(), 1u);
    EXPECT_EQ(result.value().scene.positions[0], 4.0f);
    EXPECT_EQ(result.value().scene.comments, std::vector<std::string>{"made on Windows"});
  }
}

TEST(Header, CommentsAndObjInfoAreKeptInOrder) {
  PlyBuilder b = basic_builder("binary_little_endian");
  b.extra_header_lines = {"comment first one", "obj_info scanner 3", "comment   spaced  out  "};
  b.rows.push_back(gaussian(4, 0, 0, {1, 0, 0, 0}));
  const auto result = parse(b.build());
  ASSERT_TRUE(result.ok()) << result.error().message();
  const std::vector<std::string> expected = {"first one", "obj_info scanner 3", "spaced  out"};
  EXPECT_EQ(result.value().scene.comments, expected);
}

TEST(Header, ExtraPropertiesAndNormalsAreIgnored) {
  PlyBuilder b;
  b.columns = {{"uchar", "red"}, {"float", "nx"}, {"float", "ny"}, {"float", "nz"}};
  for (const auto& name : kRequired) b.columns.push_back({"float", name});
  b.columns.push_back({"double", "confidence"});
  std::vector<double> row = {200, 0.1, 0.2, 0.3};
  for (double v : gaussian(9, 0, 0, {1, 0, 0, 0})) row.push_back(v);
  row.push_back(0.75);
  b.rows.push_back(row);
  const auto result = parse(b.build());
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result.value().scene.positions[0], 9.0f);
  EXPECT_EQ(result.value().scene.sh[0], 0.1f);
}

TEST(Header, AsciiToleratesExtraWhitespaceAndSpecialTokens) {
  const std::string text =
      "ply\nformat ascii 1.0\n"
      "element vertex 3\n"
      "property float x\nproperty float y\nproperty float z\n"
      "property float f_dc_0\nproperty float f_dc_1\nproperty float f_dc_2\n"
      "property float opacity\n"
      "property float scale_0\nproperty float scale_1\nproperty float scale_2\n"
      "property float rot_0\nproperty float rot_1\nproperty float rot_2\nproperty float rot_3\n"
      "end_header\n"
      "  +1.5\t-2   3e0 0 0 0   inf 0 0 0 1 0 0 0   \n"
      "\n"
      "4 5 6 0 0 0 -inf 0 0 0 1 0 0 0\n"
      "7 8\n9 0 0 0 0 0 0 0 1 0 0 nan\n";
  const auto result = parse(text);
  ASSERT_TRUE(result.ok()) << result.error().message();
  const GaussianScene& s = result.value().scene;
  ASSERT_EQ(s.count(), 1u);
  EXPECT_EQ(s.positions[0], 1.5f);
  EXPECT_EQ(s.positions[1], -2.0f);
  EXPECT_EQ(s.positions[2], 3.0f);
  EXPECT_EQ(s.opacities[0], 1.0f);
  EXPECT_EQ(result.value().warnings.size(), 2u);  // one -Inf opacity, one NaN
}

TEST(Header, AsciiFloatOutOfFloatRangeBecomesInfinity) {
  PlyBuilder b = basic_builder("ascii");
  b.rows.push_back(gaussian(1, 0, 0, {1, 0, 0, 0}));
  b.rows.push_back(gaussian(2, 0, 0, {1, 0, 0, 0}));
  std::string text = b.build();
  const std::size_t at = text.rfind("\n2 ");
  ASSERT_NE(at, std::string::npos);
  text.replace(at + 1, 1, "1e60");  // overflows float: an infinite position, dropped
  const auto result = parse(text);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result.value().scene.count(), 1u);
  EXPECT_EQ(result.value().warnings.size(), 1u);
}

// ---- Files --------------------------------------------------------------------------------------

TEST(Files, LoadFromATemporaryFile) {
  const auto dir = test::fresh_temp_dir("ply-reader");
  PlyBuilder b = basic_builder("binary_big_endian");
  b.rows.push_back(gaussian(3, 0, 0, {1, 0, 0, 0}));
  const std::string bytes = b.build();
  const auto path = dir / "tiny.ply";
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  const auto result = load_ply(path);
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result.value().scene.positions[0], 3.0f);
  std::filesystem::remove_all(dir);
}

TEST(Files, ErrorsNameTheFile) {
  const auto missing = test::shared_scene("no-such-scene.ply");
  const auto result = load_ply(missing);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().file, missing.string());
  EXPECT_EQ(result.error().what, "cannot open the file: No such file or directory");
  EXPECT_FALSE(result.error().hint.empty());
}

}  // namespace
}  // namespace splatview
