// The PLY loader as it reads big files: chunk by chunk, in parallel, straight into the scene. Its
// values are checked bit for bit against a plain one-record-at-a-time reference decode written here
// from DESIGN "Activations at load", its drops across chunk boundaries against the records a test
// file holds, and its progress reports and cancel through the public API.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "core/formats/scene_loader.h"
#include "core/ply_reader.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

// ---- A reference decode: little-endian float records only, one at a time, no shortcuts ----------

struct ReferenceScene {
  std::vector<float> positions, scales, rotations, opacities, sh;
  int sh_degree = 0;
};

ReferenceScene reference_decode(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> names;
  std::size_t count = 0;
  for (std::string line; std::getline(in, line) && line != "end_header";) {
    if (line.rfind("element vertex ", 0) == 0) count = std::stoul(line.substr(15));
    if (line.rfind("property float ", 0) == 0) names.push_back(line.substr(15));
  }
  auto index = [&](const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return i;
    ADD_FAILURE() << "no property " << name;
    return std::size_t{0};
  };
  std::size_t rest = 0;
  while (std::find(names.begin(), names.end(), "f_rest_" + std::to_string(rest)) != names.end()) ++rest;
  ReferenceScene s;
  s.sh_degree = rest == 45 ? 3 : rest == 24 ? 2 : rest == 9 ? 1 : 0;
  const std::size_t per_channel = rest / 3;
  std::vector<float> record(names.size());
  for (std::size_t g = 0; g < count; ++g) {
    in.read(reinterpret_cast<char*>(record.data()), static_cast<std::streamsize>(record.size() * sizeof(float)));
    auto v = [&](const std::string& name) { return record[index(name)]; };
    for (const char* p : {"x", "y", "z"}) s.positions.push_back(v(p));
    for (const char* p : {"scale_0", "scale_1", "scale_2"}) s.scales.push_back(static_cast<float>(std::exp(double(v(p)))));
    const double q[4] = {v("rot_0"), v("rot_1"), v("rot_2"), v("rot_3")};
    const double inv = 1.0 / std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    for (double c : q) s.rotations.push_back(static_cast<float>(c * inv));
    s.opacities.push_back(static_cast<float>(1.0 / (1.0 + std::exp(-double(v("opacity"))))));
    for (int c = 0; c < 3; ++c) s.sh.push_back(v("f_dc_" + std::to_string(c)));
    for (std::size_t k = 1; k <= per_channel; ++k)
      for (std::size_t c = 0; c < 3; ++c) s.sh.push_back(v("f_rest_" + std::to_string(c * per_channel + k - 1)));
  }
  EXPECT_TRUE(in.good()) << path;
  return s;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(StreamedLoad, SharedScenesMatchAReferenceDecodeBitForBit) {
  // 500k: 34 MB, several chunks on every thread; the others fit one chunk.
  for (const char* name : {"playbot-500k-sh0.ply", "playbot-31k-sh2.ply", "playbot-31k-sh1.ply",
                           "voxel51-train-first1000-sh3.ply", "playbot-3k-sh2-nonormals-altorder.ply"}) {
    SCOPED_TRACE(name);
    const auto path = test::shared_scene(name);
    const auto loaded = load_scene(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    const GaussianScene& s = loaded.value().scene;
    const ReferenceScene r = reference_decode(path);
    EXPECT_EQ(s.sh_degree, r.sh_degree);
    EXPECT_TRUE(same_bits(s.positions, r.positions));
    EXPECT_TRUE(same_bits(s.scales, r.scales));
    EXPECT_TRUE(same_bits(s.rotations, r.rotations));
    EXPECT_TRUE(same_bits(s.opacities, r.opacities));
    EXPECT_TRUE(same_bits(s.sh, r.sh));
  }
}

// ---- A file big enough for many chunks, with bad Gaussians spread through it --------------------

constexpr int kProperties = 14;  // x y z f_dc_0..2 opacity scale_0..2 rot_0..3

std::string header(std::size_t count) {
  std::string h = "ply\nformat binary_little_endian 1.0\nelement vertex " + std::to_string(count) + "\n";
  for (const char* p : {"x", "y", "z", "f_dc_0", "f_dc_1", "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2",
                        "rot_0", "rot_1", "rot_2", "rot_3"})
    h += std::string("property float ") + p + "\n";
  return h + "end_header\n";
}

// Record i has x = i; every 997th has a NaN opacity, every 1009th an infinite y.
bool is_bad(std::size_t i) { return i % 997 == 5 || i % 1009 == 7; }

std::filesystem::path write_many(const std::filesystem::path& dir, std::size_t count) {
  const auto path = dir / "many.ply";
  std::ofstream out(path, std::ios::binary);
  const std::string h = header(count);
  out.write(h.data(), static_cast<std::streamsize>(h.size()));
  std::vector<float> record(kProperties);
  for (std::size_t i = 0; i < count; ++i) {
    std::fill(record.begin(), record.end(), 0.0f);
    record[0] = static_cast<float>(i);
    record[10] = 1.0f;  // rot_0
    if (i % 997 == 5) record[6] = std::numeric_limits<float>::quiet_NaN();
    if (i % 1009 == 7) record[1] = std::numeric_limits<float>::infinity();
    out.write(reinterpret_cast<const char*>(record.data()), kProperties * sizeof(float));
  }
  return path;
}

// 56 bytes a record: 400,000 records are 22 MB, five or six chunks.
constexpr std::size_t kMany = 400'000;

TEST(StreamedLoad, GaussiansDroppedInEveryChunkLeaveTheRestInFileOrder) {
  const auto path = write_many(test::fresh_temp_dir("streamed-drops"), kMany);
  const auto loaded = load_ply(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const GaussianScene& s = loaded.value().scene;
  std::vector<float> expected_x;
  std::size_t nan = 0, infinite = 0;
  for (std::size_t i = 0; i < kMany; ++i) {
    if (!is_bad(i)) expected_x.push_back(static_cast<float>(i));
    nan += i % 997 == 5;
    infinite += i % 997 != 5 && i % 1009 == 7;  // NaN is seen first
  }
  ASSERT_EQ(s.count(), expected_x.size());
  for (std::size_t k = 0; k < s.count(); ++k) ASSERT_EQ(s.positions[3 * k], expected_x[k]) << "Gaussian " << k;
  ASSERT_EQ(loaded.value().warnings.size(), 2u);
  EXPECT_EQ(loaded.value().warnings[0], "dropped " + std::to_string(nan) + " Gaussians with NaN values");
  EXPECT_NE(loaded.value().warnings[1].find("dropped " + std::to_string(infinite) + " Gaussians with infinite"),
            std::string::npos);
  // The same bytes from memory decode the same.
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto parsed = parse_ply(std::as_bytes(std::span(bytes)), "many.ply");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(same_bits(parsed.value().scene.positions, s.positions));
  EXPECT_TRUE(same_bits(parsed.value().scene.sh, s.sh));
}

// ---- Progress and cancel -------------------------------------------------------------------------

TEST(LoadProgress, ReportsGrowToTheFilesSizeAndItsCount) {
  const auto path = write_many(test::fresh_temp_dir("streamed-progress"), kMany);
  const auto size = std::filesystem::file_size(path);
  std::vector<LoadProgress> reports;
  SceneLoadOptions options;
  options.observer.progress = [&](const LoadProgress& p) { reports.push_back(p); };  // never concurrent
  const auto loaded = load_scene(path, options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  ASSERT_GE(reports.size(), 3u);  // the header, some chunks, the end
  for (std::size_t k = 0; k < reports.size(); ++k) {
    EXPECT_EQ(reports[k].bytes_total, size);
    EXPECT_EQ(reports[k].gaussians_total, kMany);
    EXPECT_LE(reports[k].bytes_read, size);
    EXPECT_LE(reports[k].gaussians_decoded, kMany);
    if (k > 0) {
      EXPECT_GE(reports[k].bytes_read, reports[k - 1].bytes_read);
      EXPECT_GE(reports[k].gaussians_decoded, reports[k - 1].gaussians_decoded);
    }
  }
  EXPECT_EQ(reports.back().bytes_read, size);
  EXPECT_EQ(reports.back().gaussians_decoded, kMany);
}

TEST(LoadProgress, CancelDuringTheDecodeReturnsCancelledAndNoScene) {
  const auto path = write_many(test::fresh_temp_dir("streamed-cancel"), kMany);
  std::atomic<bool> cancel{false};
  std::uint64_t decoded_when_cancelled = 0;
  SceneLoadOptions options;
  options.observer.cancel = &cancel;
  options.observer.progress = [&](const LoadProgress& p) {
    if (p.gaussians_decoded > 0 && !cancel) {
      decoded_when_cancelled = p.gaussians_decoded;
      cancel = true;
    }
  };
  const auto loaded = load_scene(path, options);
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(is_load_cancelled(loaded.error())) << loaded.error().message();
  EXPECT_EQ(loaded.error().file, path.string());
  EXPECT_GT(decoded_when_cancelled, 0u);
  EXPECT_LT(decoded_when_cancelled, kMany);
}

TEST(LoadProgress, CancelledBeforeTheStartLoadsNothingInAnyFormat) {
  std::atomic<bool> cancel{true};
  SceneLoadOptions options;
  options.observer.cancel = &cancel;
  for (const char* name : {"playbot-31k-sh2.ply", "voxel51-train-first1000-sh3-ascii.ply", "playbot-31k-sh2-v4.spz",
                           "playbot-31k.splat"}) {
    SCOPED_TRACE(name);
    const auto loaded = load_scene(test::shared_scene(name), options);
    ASSERT_FALSE(loaded.ok());
    EXPECT_TRUE(is_load_cancelled(loaded.error())) << loaded.error().message();
  }
}

TEST(LoadProgress, ABadFileIsAnErrorNotACancel) {
  const auto dir = test::fresh_temp_dir("streamed-bad");
  std::ofstream(dir / "cut.ply", std::ios::binary) << header(10) << "short";
  const auto loaded = load_ply(dir / "cut.ply");
  ASSERT_FALSE(loaded.ok());
  EXPECT_FALSE(is_load_cancelled(loaded.error()));
  EXPECT_NE(loaded.error().what.find("vertex count 10 needs"), std::string::npos) << loaded.error().what;
}

TEST(LoadProgress, OtherFormatsReportOnceAtTheEnd) {
  std::vector<LoadProgress> reports;
  SceneLoadOptions options;
  options.observer.progress = [&](const LoadProgress& p) { reports.push_back(p); };
  const auto path = test::shared_scene("playbot-31k-sh2-v4.spz");
  const auto loaded = load_scene(path, options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].bytes_read, std::filesystem::file_size(path));
  EXPECT_EQ(reports[0].gaussians_decoded, 31000u);
}

}  // namespace
}  // namespace splatview
