// Every playbot-31k-* file in ../shared/data/scenes holds the same 31,000 Gaussians (SOURCES.md):
// each decodes to the reference playbot-31k-sh2.ply within its format's quantisation, and renders like
// it. Tolerances come from each format's bit widths and from how SOURCES.md says the file was made,
// never from the decoder's own output.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/formats/scene_loader.h"
#include "core/ply_reader.h"
#include "render/cpu_renderer.h"
#include "tests/support/test_paths.h"
#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

constexpr double kC0 = 0.28209479177387814;  // SH degree-0 constant: colour = 0.5 + C0 * f_dc
constexpr std::size_t kCount = 31000;

const GaussianScene& reference() {
  static const GaussianScene scene = [] {
    auto loaded = load_ply(test::shared_scene("playbot-31k-sh2.ply"));
    if (!loaded) ADD_FAILURE() << loaded.error().message();
    return loaded ? loaded.value().scene : GaussianScene{};
  }();
  return scene;
}

GaussianScene decode(const std::string& file) {
  auto loaded = load_scene(test::shared_scene(file));
  if (!loaded) {
    ADD_FAILURE() << loaded.error().message();
    return {};
  }
  EXPECT_TRUE(loaded.value().warnings.empty()) << loaded.value().warnings.front();
  return std::move(loaded).value().scene;
}

std::vector<std::byte> read_bytes(const std::string& file) {
  std::ifstream in(test::shared_scene(file), std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::byte> bytes(text.size());
  std::memcpy(bytes.data(), text.data(), text.size());
  return bytes;
}

// Distance between two unit quaternions as rotations: q and -q are the same rotation.
double quat_distance(const float* a, const float* b) {
  double dot = 0;
  for (int k = 0; k < 4; ++k) dot += double(a[k]) * b[k];
  const double sign = dot < 0 ? -1.0 : 1.0;
  double d2 = 0;
  for (int k = 0; k < 4; ++k) d2 += (a[k] - sign * b[k]) * (a[k] - sign * b[k]);
  return std::sqrt(d2);
}

// A quaternion stored as three components, each within `e` of the truth, the fourth rebuilt from unit
// length: with the rebuilt one the largest (>= 1/2), its error is at most |s - s'| / (m + m') with
// |s - s'| <= 3 * 2 * (1/sqrt2) * e, so about 4.25 e, and the whole at most sqrt(3 + 4.25^2) e ~ 4.6 e.
double smallest_three_bound(double component_error) { return 4.6 * component_error; }

// Tracks the largest |decoded - expected| - tolerance overshoot per property, with a worst example.
struct Check {
  explicit Check(std::string name) : what(std::move(name)) {}
  std::string what;
  double worst = 0;  // the largest error seen
  std::size_t failures = 0;
  std::string example;
  void operator()(double decoded, double expected, double tolerance, std::size_t i) {
    const double error = std::fabs(decoded - expected);
    worst = std::max(worst, error);
    if (!(error <= tolerance)) {
      if (failures++ == 0)
        example = what + " of Gaussian " + std::to_string(i) + ": " + std::to_string(decoded) + " vs " +
                  std::to_string(expected) + " (tolerance " + std::to_string(tolerance) + ")";
    }
  }
  void expect_none() const {
    EXPECT_EQ(failures, 0u) << example;
    std::printf("[ decode   ] %-28s max error %.4g\n", what.c_str(), worst);
  }
};

// ---- SOG: lossless with respect to the reference --------------------------------------------------

// SOURCES.md: "Decoding it gives exactly playbot-31k-sh2.ply" (splat-transform's decode, written as
// float32). Our decoder follows the same arithmetic, so every activated float must be identical.
TEST(SogDecode, EqualsTheReferenceBitForBit) {
  const GaussianScene scene = decode("playbot-31k-sh2.sog");
  const GaussianScene& ref = reference();
  ASSERT_EQ(scene.count(), kCount);
  EXPECT_EQ(scene.sh_degree, 2);
  EXPECT_EQ(scene.positions, ref.positions);
  EXPECT_EQ(scene.scales, ref.scales);
  EXPECT_EQ(scene.rotations, ref.rotations);
  EXPECT_EQ(scene.opacities, ref.opacities);
  EXPECT_EQ(scene.sh, ref.sh);
}

// ---- SPZ: order preserved; quantisation from the SPZ bit widths ------------------------------------

// SPZ stores (SOURCES.md: written by splat-transform, through Niantic's encoder):
//  - positions as 24-bit fixed point with 12 fractional bits: error <= 2^-13 (half a step of 1/4096);
//  - log scales as a byte (v / 16 - 10): error <= 1/32 inside [-10, 5.9375], clamped outside;
//  - opacity as round(opacity * 255): error <= 0.5/255;
//  - f_dc as round(255 (0.5 + 0.15 f_dc)): error <= 0.5 / (0.15 * 255), clamped to +-0.5/0.15;
//  - rotations as "smallest three", 9 bits of magnitude in units of 1/sqrt2: component error
//    <= (1/sqrt2) / 511 / 2, whole quaternion smallest_three_bound() of that;
//  - f_rest as round(128 x) + 128 snapped to buckets of 8 (degree 1: 5 bits) or 16 (degree 2: 4 bits),
//    decoded (b - 128) / 128 within [-1, 127/128]: error <= (0.5 + bucket / 2 + 1) / 128 against the
//    value clamped to [-1, 1] (the +1 covers the top byte 256 -> 255).
void expect_spz_matches_reference(const GaussianScene& scene) {
  const GaussianScene& ref = reference();
  ASSERT_EQ(scene.count(), kCount);
  ASSERT_EQ(scene.sh_degree, 2);
  constexpr double kSlack = 1e-6;  // float rounding of the decoded value
  Check position{"SPZ position"}, log_scale{"SPZ log scale"}, opacity{"SPZ opacity"},
      rotation{"SPZ rotation"}, dc{"SPZ f_dc"}, rest1{"SPZ f_rest degree 1"}, rest2{"SPZ f_rest degree 2"};
  const double dc_limit = 0.5 / 0.15;
  for (std::size_t i = 0; i < kCount; ++i) {
    for (int k = 0; k < 3; ++k) {
      position(scene.positions[3 * i + k], ref.positions[3 * i + k], std::ldexp(1.0, -13) + kSlack, i);
      const double ref_log = std::clamp(std::log(double(ref.scales[3 * i + k])), -10.0, 255 / 16.0 - 10.0);
      log_scale(std::log(double(scene.scales[3 * i + k])), ref_log, 1.0 / 32 + 1e-5, i);
    }
    opacity(scene.opacities[i], ref.opacities[i], 0.5 / 255 + kSlack, i);
    rotation(quat_distance(&scene.rotations[4 * i], &ref.rotations[4 * i]), 0.0,
             smallest_three_bound(std::sqrt(0.5) / 511 / 2) + kSlack, i);
    const float* sh = &scene.sh[27 * i];
    const float* ref_sh = &ref.sh[27 * i];
    for (int c = 0; c < 3; ++c)
      dc(sh[c], std::clamp(double(ref_sh[c]), -dc_limit, dc_limit), 0.5 / (0.15 * 255) + 1e-5, i);
    for (int k = 1; k < 9; ++k) {
      for (int c = 0; c < 3; ++c) {
        const double bucket = k < 4 ? 8 : 16;
        (k < 4 ? rest1 : rest2)(sh[3 * k + c], std::clamp(double(ref_sh[3 * k + c]), -1.0, 1.0),
                                (0.5 + bucket / 2 + 1) / 128 + kSlack, i);
      }
    }
  }
  for (const Check* check : {&position, &log_scale, &opacity, &rotation, &dc, &rest1, &rest2})
    check->expect_none();
}

TEST(SpzDecode, Version3MatchesTheReferenceWithinQuantisation) {
  expect_spz_matches_reference(decode("playbot-31k-sh2-v3.spz"));
}

TEST(SpzDecode, Version4MatchesTheReferenceWithinQuantisation) {
  expect_spz_matches_reference(decode("playbot-31k-sh2-v4.spz"));
}

// The -rub- pair (SOURCES.md: splat-transform 3.7.0 through Niantic's library) holds, byte for byte,
// the PLY's frame: y down (their first Gaussian's raw y is -0.035, the PLY's -0.035; the older pair's is
// +0.035). SOURCES.md describes the two pairs the other way round; the bytes decide. So the -rub- pair is
// the legacy case that needs --spz-frame rdf, and read so it matches the reference within the same
// quantisation; the older pair (above) is standard RUB.
TEST(SpzDecode, TheRubNamedFilesMatchTheReferenceReadAsRdf) {
  for (const char* file : {"playbot-31k-sh2-rub-v3.spz", "playbot-31k-sh2-rub-v4.spz"}) {
    SceneLoadOptions options;
    options.spz_frame = SpzFrame::kRdf;
    auto loaded = load_scene(test::shared_scene(file), options);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    expect_spz_matches_reference(loaded.value().scene);
  }
}

// Both files come from the same encoder with the same quantisation; only the container differs.
TEST(SpzDecode, Version3AndVersion4DecodeIdentically) {
  const GaussianScene v3 = decode("playbot-31k-sh2-v3.spz");
  const GaussianScene v4 = decode("playbot-31k-sh2-v4.spz");
  EXPECT_EQ(v3.positions, v4.positions);
  EXPECT_EQ(v3.scales, v4.scales);
  EXPECT_EQ(v3.opacities, v4.opacities);
  EXPECT_EQ(v3.sh, v4.sh);
  // Version 3 and 4 rotations share the smallest-three encoding.
  EXPECT_EQ(v3.rotations, v4.rotations);
}

// ---- glTF: float32 throughout, in glTF's frame ---------------------------------------------------------

// SOURCES.md: splat-transform wrote playbot-31k-sh2.glb from the PLY: positions turned 180 degrees
// about z (x, y negated), that turn composed into the (x, y, z, w) rotations, linear scales exp(s),
// opacities sigmoid(o) as float32, f_dc unchanged, the higher bands turned with the frame. Reading it
// back turns it once more, so it must give the PLY's Gaussians:
//  - positions and SH exactly (negating a float is exact, and the turn's SH matrix is a diagonal of
//    +-1: core/sh_rotation snaps it);
//  - scales within 1e-6 relative: float(exp(s)) goes through one float log and exp on load (the
//    activations every linear-scale format shares, decode_support.h), each within a float step;
//  - opacities within 1e-6: float(sigmoid(o)) through a float logit and sigmoid the same way;
//  - rotations within 1e-6 as rotations: the writer's float quaternion product and our double one.
TEST(GltfDecode, MatchesTheReferenceAfterTheFrameChange) {
  const GaussianScene scene = decode("playbot-31k-sh2.glb");
  const GaussianScene& ref = reference();
  ASSERT_EQ(scene.count(), kCount);
  ASSERT_EQ(scene.sh_degree, 2);
  Check position{"glTF position"}, scale{"glTF scale (relative)"}, opacity{"glTF opacity"},
      rotation{"glTF rotation"}, sh{"glTF SH"};
  for (std::size_t i = 0; i < kCount; ++i) {
    for (int k = 0; k < 3; ++k) {
      position(scene.positions[3 * i + k], ref.positions[3 * i + k], 0.0, i);
      scale(scene.scales[3 * i + k] / double(ref.scales[3 * i + k]), 1.0, 1e-6, i);
    }
    opacity(scene.opacities[i], ref.opacities[i], 1e-6, i);
    rotation(quat_distance(&scene.rotations[4 * i], &ref.rotations[4 * i]), 0.0, 1e-6, i);
    for (int k = 0; k < 27; ++k) sh(scene.sh[27 * i + k], ref.sh[27 * i + k], 0.0, i);
  }
  for (const Check* check : {&position, &scale, &opacity, &rotation, &sh}) check->expect_none();
}

// ---- Compressed PLY: reordered into chunks; tolerances per chunk -------------------------------------

// The chunk table of the compressed PLY, read here independently of the decoder: per chunk the 18
// floats min_x .. max_b in the header's order (splat-transform writes all 18).
struct ChunkTable {
  std::vector<std::string> names;
  std::vector<float> values;  // names.size() per chunk
  float get(std::size_t chunk, const std::string& name) const {
    const auto at = std::find(names.begin(), names.end(), name) - names.begin();
    return values[chunk * names.size() + static_cast<std::size_t>(at)];
  }
};

ChunkTable read_chunk_table(const std::vector<std::byte>& bytes) {
  const std::string text(reinterpret_cast<const char*>(bytes.data()),
                         std::min<std::size_t>(bytes.size(), 8192));
  const std::size_t end = text.find("end_header\n") + std::strlen("end_header\n");
  ChunkTable table;
  std::size_t chunks = 0;
  std::size_t pos = 0;
  bool in_chunk = false;
  while (pos < end) {
    const std::size_t eol = text.find('\n', pos);
    const std::string line = text.substr(pos, eol - pos);
    if (line.rfind("element ", 0) == 0) {
      in_chunk = line.rfind("element chunk ", 0) == 0;
      if (in_chunk) chunks = std::stoul(line.substr(std::strlen("element chunk ")));
    } else if (in_chunk && line.rfind("property float ", 0) == 0) {
      table.names.push_back(line.substr(std::strlen("property float ")));
    }
    pos = eol + 1;
  }
  // The chunk element comes first in splat-transform's files.
  table.values.resize(chunks * table.names.size());
  std::memcpy(table.values.data(), bytes.data() + end, table.values.size() * sizeof(float));
  return table;
}

// Reference Gaussians bucketed by position on a grid, to find candidates near a decoded one.
class PositionGrid {
 public:
  PositionGrid(const GaussianScene& scene, double cell) : scene_(scene), cell_(cell) {
    for (std::size_t i = 0; i < scene.count(); ++i) cells_[key(&scene.positions[3 * i])].push_back(i);
  }
  // Indices of Gaussians whose position is within `box` (per axis) of p.
  std::vector<std::size_t> near(const float* p, const double box[3]) const {
    std::vector<std::size_t> out;
    const int reach[3] = {int(std::ceil(box[0] / cell_)), int(std::ceil(box[1] / cell_)),
                          int(std::ceil(box[2] / cell_))};
    const auto c = cell(p);
    for (int dx = -reach[0]; dx <= reach[0]; ++dx)
      for (int dy = -reach[1]; dy <= reach[1]; ++dy)
        for (int dz = -reach[2]; dz <= reach[2]; ++dz) {
          const auto it = cells_.find(pack(c[0] + dx, c[1] + dy, c[2] + dz));
          if (it == cells_.end()) continue;
          for (std::size_t i : it->second) {
            const float* q = &scene_.positions[3 * i];
            if (std::fabs(q[0] - p[0]) <= box[0] && std::fabs(q[1] - p[1]) <= box[1] &&
                std::fabs(q[2] - p[2]) <= box[2])
              out.push_back(i);
          }
        }
    return out;
  }

 private:
  std::array<std::int64_t, 3> cell(const float* p) const {
    return {std::int64_t(std::floor(p[0] / cell_)), std::int64_t(std::floor(p[1] / cell_)),
            std::int64_t(std::floor(p[2] / cell_))};
  }
  static std::uint64_t pack(std::int64_t x, std::int64_t y, std::int64_t z) {
    return (std::uint64_t(x & 0x1fffff) << 42) | (std::uint64_t(y & 0x1fffff) << 21) |
           std::uint64_t(z & 0x1fffff);
  }
  std::uint64_t key(const float* p) const {
    const auto c = cell(p);
    return pack(c[0], c[1], c[2]);
  }
  const GaussianScene& scene_;
  double cell_;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> cells_;
};

// splat-transform's compressed PLY (SOURCES.md; 256-Gaussian chunks) quantises each value between its
// chunk's min and max, rounding to nearest:
//  - positions 11/10/11 bits: error <= range / (2 * 2047) (x, z) or range / (2 * 1023) (y);
//  - log scales 11/10/11 bits the same way (chunk ranges clamped to +-20);
//  - colour 0.5 + C0 f_dc, 8 bits within the chunk's colour range: f_dc error <= range / (2 * 255) / C0;
//  - opacity 8 bits of the activated value: error <= 0.5/255;
//  - rotation "largest three", 10 bits of (component * sqrt2/2 + 0.5): component error
//    <= sqrt2 / 1023 / 2, whole quaternion smallest_three_bound() of that;
//  - f_rest bytes trunc(256 (x / 8 + 0.5)), decoded at the bucket centre (ends: +-4): error <= 8/256
//    against the value clamped to [-4, 4].
// A chunk range under 1e-5 is stored as its minimum, hence the 1e-5 slack on ranged values. Each
// decoded Gaussian is matched to a distinct reference Gaussian inside its position error box.
TEST(CompressedPlyDecode, EveryGaussianMatchesADistinctReferenceGaussianWithinItsChunkQuantisation) {
  const std::vector<std::byte> bytes = read_bytes("playbot-31k-sh2.compressed.ply");
  const ChunkTable chunks = read_chunk_table(bytes);
  ASSERT_EQ(chunks.names.size(), 18u);
  ASSERT_EQ(chunks.values.size(), 18u * ((kCount + 255) / 256));
  const GaussianScene scene = decode("playbot-31k-sh2.compressed.ply");
  const GaussianScene& ref = reference();
  ASSERT_EQ(scene.count(), kCount);
  ASSERT_EQ(scene.sh_degree, 2);

  PositionGrid grid(ref, 0.002);
  std::vector<char> used(kCount, 0);
  Check position{"compressed PLY position"}, log_scale{"compressed PLY log scale"},
      opacity{"compressed PLY opacity"}, rotation{"compressed PLY rotation"}, dc{"compressed PLY f_dc"},
      rest{"compressed PLY f_rest"};
  std::size_t unmatched = 0;
  constexpr double kRangeSlack = 1e-5;
  const char* axes[3] = {"x", "y", "z"};
  for (std::size_t i = 0; i < kCount; ++i) {
    const std::size_t c = i / 256;
    double box[3], scale_tol[3], dc_tol[3];
    for (int k = 0; k < 3; ++k) {
      const double steps = k == 1 ? 1023 : 2047;
      box[k] = (chunks.get(c, std::string("max_") + axes[k]) - chunks.get(c, std::string("min_") + axes[k])) /
                   (2 * steps) +
               kRangeSlack;
      scale_tol[k] = (chunks.get(c, std::string("max_scale_") + axes[k]) -
                      chunks.get(c, std::string("min_scale_") + axes[k])) /
                         (2 * steps) +
                     kRangeSlack;
      const std::string ch(1, "rgb"[k]);
      dc_tol[k] = (chunks.get(c, "max_" + ch) - chunks.get(c, "min_" + ch)) / (2 * 255.0) / kC0 + kRangeSlack;
    }
    // Among the candidates, the unused one with the smallest colour and opacity difference.
    std::size_t best = kCount;
    double best_score = std::numeric_limits<double>::infinity();
    for (std::size_t j : grid.near(&scene.positions[3 * i], box)) {
      if (used[j]) continue;
      double score = std::fabs(scene.opacities[i] - ref.opacities[j]);
      for (int k = 0; k < 3; ++k) score += std::fabs(scene.sh[27 * i + k] - ref.sh[27 * j + k]);
      if (score < best_score) best_score = score, best = j;
    }
    if (best == kCount) {
      ++unmatched;
      continue;
    }
    used[best] = 1;
    const std::size_t j = best;
    for (int k = 0; k < 3; ++k) {
      position(scene.positions[3 * i + k], ref.positions[3 * j + k], box[k], i);
      log_scale(std::log(double(scene.scales[3 * i + k])),
                std::clamp(std::log(double(ref.scales[3 * j + k])), -20.0, 20.0), scale_tol[k] + 1e-6, i);
      dc(scene.sh[27 * i + k], ref.sh[27 * j + k], dc_tol[k], i);
    }
    opacity(scene.opacities[i], ref.opacities[j], 0.5 / 255 + 1e-6, i);
    rotation(quat_distance(&scene.rotations[4 * i], &ref.rotations[4 * j]), 0.0,
             smallest_three_bound(std::sqrt(2.0) / 1023 / 2) + 1e-6, i);
    for (int k = 3; k < 27; ++k)
      rest(scene.sh[27 * i + k], std::clamp(double(ref.sh[27 * j + k]), -4.0, 4.0), 8.0 / 256 + 1e-6, i);
  }
  EXPECT_EQ(unmatched, 0u) << "decoded Gaussians with no reference Gaussian inside their position error box";
  for (const Check* check : {&position, &log_scale, &opacity, &rotation, &dc, &rest}) check->expect_none();
}

// ---- .splat: sorted, no SH; positions exact ----------------------------------------------------------

// SOURCES.md: written from the reference with antimatter15's convert.py rules: position float32 (exact),
// scale exp(s) as float32 (within an ulp of ours: relative 2^-23), colour and alpha bytes truncated
// (so the decoded value is below the truth by less than 1/255, colour clamped to [0, 1]), the
// normalised rotation as trunc(q * 128 + 128) (each component low by < 1/128, at most 1/128 at the
// clip, so |r - q| <= 2/128 and after renormalising <= 4/128). Records are re-sorted: each decoded
// Gaussian is matched to the reference Gaussian at exactly its position.
TEST(SplatDecode, EveryGaussianMatchesTheReferenceGaussianAtItsPosition) {
  const GaussianScene scene = decode("playbot-31k.splat");
  const GaussianScene& ref = reference();
  ASSERT_EQ(scene.count(), kCount);
  EXPECT_EQ(scene.sh_degree, 0);
  std::unordered_multimap<std::string, std::size_t> at;
  for (std::size_t j = 0; j < kCount; ++j)
    at.emplace(std::string(reinterpret_cast<const char*>(&ref.positions[3 * j]), 12), j);
  std::vector<char> used(kCount, 0);
  Check scale{".splat scale (relative)"}, opacity{".splat opacity"}, rotation{".splat rotation"},
      colour{".splat colour"};
  std::size_t unmatched = 0;
  for (std::size_t i = 0; i < kCount; ++i) {
    const auto range =
        at.equal_range(std::string(reinterpret_cast<const char*>(&scene.positions[3 * i]), 12));
    std::size_t j = kCount;
    for (auto it = range.first; it != range.second; ++it) {
      if (!used[it->second]) {
        j = it->second;
        break;
      }
    }
    if (j == kCount) {
      ++unmatched;
      continue;
    }
    used[j] = 1;
    for (int k = 0; k < 3; ++k) {
      scale(scene.scales[3 * i + k] / double(ref.scales[3 * j + k]), 1.0, std::ldexp(1.0, -23) * 2, i);
      // Truncation: decoded colour in (truth - 1/255, truth].
      const double truth = std::clamp(0.5 + kC0 * ref.sh[27 * j + k], 0.0, 1.0);
      const double decoded = 0.5 + kC0 * scene.sh[3 * i + k];
      colour(decoded, truth - 0.5 / 255, 0.5 / 255 + 1e-6, i);
    }
    opacity(scene.opacities[i], ref.opacities[j] - 0.5 / 255, 0.5 / 255 + 1e-6, i);
    rotation(quat_distance(&scene.rotations[4 * i], &ref.rotations[4 * j]), 0.0, 4.0 / 128, i);
  }
  EXPECT_EQ(unmatched, 0u);
  for (const Check* check : {&scale, &opacity, &rotation, &colour}) check->expect_none();
}

// ---- Renders -----------------------------------------------------------------------------------------

// Issue 9's front view of PLAYBOT at 160x90.
Image render(const GaussianScene& scene) { return test::render_on_cpu(scene, test::playbot_front(160, 90)); }

double psnr(const Image& a, const Image& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.rgb.size(); ++i) {
    const double d = std::clamp(a.rgb[i], 0.0f, 1.0f) - std::clamp(b.rgb[i], 0.0f, 1.0f);
    sum += d * d;
  }
  const double mse = sum / static_cast<double>(a.rgb.size());
  return mse > 0 ? 10 * std::log10(1.0 / mse) : std::numeric_limits<double>::infinity();
}

Image render_without_sh(const GaussianScene& scene) {
  GaussianScene dc_only = scene;
  dc_only.sh_degree = 0;
  dc_only.sh.clear();
  const auto values = static_cast<std::size_t>(3 * scene.sh_coeffs());
  for (std::size_t i = 0; i < scene.count(); ++i)
    dc_only.sh.insert(dc_only.sh.end(), &scene.sh[values * i], &scene.sh[values * i + 3]);
  return render(dc_only);
}

struct RenderCase {
  const char* file;
  double min_psnr;  // dB, peak 1, against the reference rendered by the same renderer
};

// The floors (160x90, the robot filling most of the frame). Measured: SPZ 50.3 dB, compressed PLY
// 55.3 dB, .splat 36.1 dB; the floors sit about 5 dB lower, which still rejects the plausible decoding
// mistakes (see FormatRenderFloor below: SPZ without its frame change of the SH scores 30.5 dB, without
// the quaternion conjugation 36.0 dB).
//  - SOG decodes bit-exactly: the images must be identical (infinite PSNR).
//  - glTF differs only by float rounding in the rotations (below): measured 185 dB, floor 100 dB.
//  - SPZ: positions move <= 1.2e-4 (0.004 px at 3.2 units, focal 96.5 px), log scales <= 1/32, f_dc
//    <= 0.013, degree-2 SH <= 0.066; errors are independent per Gaussian and average out over the tens
//    of Gaussians blended per pixel: 45 dB.
//  - Compressed PLY: finer colour (8 bits within each chunk's range) and SH (8 bits), 11-bit positions
//    within chunks ~0.2 units wide: 50 dB.
//  - .splat cannot hold SH: it can do no better than the reference with its SH removed (36.2 dB here),
//    so its floor is relative to that, tested separately below.
class FormatRender : public testing::TestWithParam<RenderCase> {};

TEST_P(FormatRender, AgreesWithTheReferenceRender) {
  const Image expected = render(reference());
  const Image actual = render(decode(GetParam().file));
  ASSERT_EQ(actual.rgb.size(), expected.rgb.size());
  const double db = psnr(actual, expected);
  std::printf("[ render   ] %-34s PSNR %.1f dB (floor %.0f)\n", GetParam().file, db, GetParam().min_psnr);
  RecordProperty("psnr_db", std::to_string(db));
  EXPECT_GE(db, GetParam().min_psnr);
}

INSTANTIATE_TEST_SUITE_P(
    Playbot31k, FormatRender,
    testing::Values(RenderCase{"playbot-31k-sh2.sog", std::numeric_limits<double>::infinity()},
                    RenderCase{"playbot-31k-sh2.glb", 100},
                    RenderCase{"playbot-31k-sh2-v3.spz", 45}, RenderCase{"playbot-31k-sh2-v4.spz", 45},
                    RenderCase{"playbot-31k-sh2.compressed.ply", 50}),
    [](const testing::TestParamInfo<RenderCase>& param_info) {
      std::string name = param_info.param.file;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// .splat drops the SH, so its render is compared with what dropping the SH costs the reference: its
// 8-bit colour, opacity and rotation may cost at most 1 dB more.
TEST(SplatRender, LosesLittleBeyondTheMissingSh) {
  const Image expected = render(reference());
  const double ceiling = psnr(render_without_sh(reference()), expected);
  const double db = psnr(render(decode("playbot-31k.splat")), expected);
  std::printf("[ render   ] %-34s PSNR %.1f dB (reference without SH: %.1f dB)\n", "playbot-31k.splat", db,
              ceiling);
  RecordProperty("psnr_db", std::to_string(db));
  EXPECT_GE(db, ceiling - 1.0);
}

// The floors are tight enough to catch a decoder that forgets part of SPZ's change of frame (RUB to
// the 3DGS frame): the SH sign flips, or the quaternion conjugation.
TEST(FormatRenderFloor, RejectsAnSpzDecodeWithoutItsFrameChange) {
  const Image expected = render(reference());
  const GaussianScene spz = decode("playbot-31k-sh2-v3.spz");
  constexpr float kFlip[9] = {1, -1, -1, 1, -1, 1, 1, -1, 1};  // odd in y and z together
  GaussianScene unflipped_sh = spz;
  for (std::size_t i = 0; i < spz.count(); ++i)
    for (int k = 0; k < 9; ++k)
      for (int c = 0; c < 3; ++c) unflipped_sh.sh[27 * i + 3 * k + c] *= kFlip[k];
  GaussianScene unconjugated = spz;
  for (std::size_t i = 0; i < spz.count(); ++i) {
    unconjugated.rotations[4 * i + 2] *= -1;
    unconjugated.rotations[4 * i + 3] *= -1;
  }
  EXPECT_LT(psnr(render(unflipped_sh), expected), 45.0);
  EXPECT_LT(psnr(render(unconjugated), expected), 45.0);
}

// ---- Detection -----------------------------------------------------------------------------------------

TEST(SceneFormatDetection, RecognisesEveryShippedFormatByContent) {
  const std::pair<const char*, SceneFormat> cases[] = {
      {"playbot-31k-sh2.ply", SceneFormat::kPly},
      {"playbot-31k-sh2.compressed.ply", SceneFormat::kCompressedPly},
      {"playbot-31k-sh2-v3.spz", SceneFormat::kSpz},
      {"playbot-31k-sh2-v4.spz", SceneFormat::kSpz},
      {"playbot-31k-sh2.sog", SceneFormat::kSog},
      {"playbot-31k-sh2.glb", SceneFormat::kGltf},
      {"playbot-31k.splat", SceneFormat::kSplat},
      {"voxel51-train-first1000-sh3-ascii.ply", SceneFormat::kPly},
  };
  for (const auto& [file, format] : cases) {
    const std::vector<std::byte> bytes = read_bytes(file);
    EXPECT_EQ(detect_scene_format(bytes, file), format) << file;
  }
  // Content wins over the name; .splat alone has no magic.
  const std::vector<std::byte> spz = read_bytes("playbot-31k-sh2-v3.spz");
  EXPECT_EQ(detect_scene_format(spz, "renamed.ply"), SceneFormat::kSpz);
  const std::vector<std::byte> splat = read_bytes("playbot-31k.splat");
  EXPECT_EQ(detect_scene_format(splat, "renamed.bin"), SceneFormat::kUnknown);
}

// Every file in the shared folder opens through load_scene (the "opens every file").
TEST(LoadScene, OpensEveryShippedScene) {
  for (const auto& entry : std::filesystem::directory_iterator(test::shared_scene(""))) {
    if (entry.path().extension() == ".md") continue;
    auto loaded = load_scene(entry.path());
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    EXPECT_GT(loaded.value().scene.count(), 0u) << entry.path();
  }
}

}  // namespace
}  // namespace splatview
