// SPZ's frame (core/formats/spz.cpp): RUB unless the file says otherwise in the
// SPZ_ADOBE_coordinate_system extension (0xADBE0003), or the reader is told the file is a legacy RDF
// one (--spz-frame rdf). Extension records ([u32 type][u32 length][payload]) are read where the
// format keeps them (v4: bytes 32 to the table of contents; v1-3: between the header and the data)
// and unknown ones are skipped by their length. The files here are the shipped ones with an extension
// block spliced in, so the expected values come from decoding the same bytes without it, moved by the
// frame table (each axis of the frame's letters, worked by hand below).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/formats/scene_loader.h"
#include "core/formats/spz.h"
#include "render/splat_math.h"
#include "tests/support/format_bytes.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

using test::Bytes;

constexpr std::uint32_t kCoordinateSystem = 0xADBE0003;
// The frame values of the reference library's CoordinateSystem enum.
constexpr std::uint32_t kRub = 4, kRdf = 6, kLub = 3, kRfu = 12;

struct Record {
  std::uint32_t type;
  Bytes payload;
};

Record frame_record(std::uint32_t frame) {
  Bytes payload;
  test::put(payload, frame);
  return {kCoordinateSystem, payload};
}

Bytes record_bytes(const std::vector<Record>& records) {
  Bytes out;
  for (const Record& r : records) {
    test::put(out, r.type);
    test::put(out, static_cast<std::uint32_t>(r.payload.size()));
    out.insert(out.end(), r.payload.begin(), r.payload.end());
  }
  return out;
}

// A v4 file with `block` between its 32-byte header and its table of contents (flag 0x2 set).
Bytes v4_with(const std::string& file, const Bytes& block) {
  Bytes b = test::read_shared_bytes(file);
  const auto toc = test::get<std::uint32_t>(b, 16);
  EXPECT_EQ(toc, 32u) << "the shipped file has no extensions of its own";
  b.insert(b.begin() + 32, block.begin(), block.end());
  const std::uint32_t moved = toc + static_cast<std::uint32_t>(block.size());
  std::memcpy(b.data() + 16, &moved, 4);
  b[14] = b[14] | std::byte{0x2};
  return b;
}

// A v3 (gzip) file with `block` between its 16-byte header and its data (flag 0x2 set).
Bytes v3_with(const std::string& file, const Bytes& block) {
  Bytes raw = test::gunzip(test::read_shared_bytes(file));
  raw.insert(raw.begin() + 16, block.begin(), block.end());
  raw[14] = raw[14] | std::byte{0x2};
  return test::gzip(raw);
}

GaussianScene decode(const Bytes& bytes, SpzFrame assumed = SpzFrame::kRub) {
  auto loaded = decode_spz(bytes, "test.spz", assumed);
  if (!loaded) {
    ADD_FAILURE() << loaded.error().message();
    return {};
  }
  return std::move(loaded).value().scene;
}

GaussianScene decode_file(const std::string& file, SpzFrame assumed) {
  return decode(test::read_shared_bytes(file), assumed);
}

void expect_error(const Bytes& bytes, const std::string& part) {
  auto loaded = decode_spz(bytes, "test.spz");
  ASSERT_FALSE(loaded.ok()) << "expected: " << part;
  EXPECT_NE(loaded.error().what.find(part), std::string::npos) << loaded.error().message();
}

void expect_same(const GaussianScene& a, const GaussianScene& b) {
  ASSERT_EQ(a.count(), b.count());
  EXPECT_EQ(a.positions, b.positions);
  EXPECT_EQ(a.rotations, b.rotations);
  EXPECT_EQ(a.scales, b.scales);
  EXPECT_EQ(a.opacities, b.opacities);
  EXPECT_EQ(a.sh, b.sh);
}

// -rub- files: the bytes hold the PLY's frame (y down; see the report of this change: SOURCES.md
// describes the two pairs the other way round), so reading them as RDF gives the file's own numbers.
const std::string kStoredRdf = "playbot-31k-sh2-rub-v4.spz";

TEST(SpzFrame, TheExtensionNamesTheFrame) {
  const GaussianScene as_rdf = decode_file(kStoredRdf, SpzFrame::kRdf);
  const GaussianScene as_rub = decode_file(kStoredRdf, SpzFrame::kRub);
  expect_same(decode(v4_with(kStoredRdf, record_bytes({frame_record(kRdf)}))), as_rdf);
  // The file's word beats the reader's assumption.
  expect_same(decode(v4_with(kStoredRdf, record_bytes({frame_record(kRub)})), SpzFrame::kRdf), as_rub);
  // 0 is "unspecified": the format's default, RUB.
  expect_same(decode(v4_with(kStoredRdf, record_bytes({frame_record(0)}))), as_rub);
  // Version 3 keeps its records inside the gzip stream, before the data.
  expect_same(decode(v3_with("playbot-31k-sh2-rub-v3.spz", record_bytes({frame_record(kRdf)}))),
              decode_file("playbot-31k-sh2-rub-v3.spz", SpzFrame::kRdf));
}

TEST(SpzFrame, UnknownExtensionsAreSkippedByTheirLength) {
  const Record unknown{0x12340001, Bytes(13, std::byte{0xAB})};
  const Record empty{0x12340002, {}};
  expect_same(decode(v4_with(kStoredRdf, record_bytes({unknown, frame_record(kRdf), empty}))),
              decode_file(kStoredRdf, SpzFrame::kRdf));
  expect_same(decode(v3_with("playbot-31k-sh2-rub-v3.spz", record_bytes({unknown}))),
              decode_file("playbot-31k-sh2-rub-v3.spz", SpzFrame::kRub));
}

TEST(SpzFrame, RubBecomesOurFrameByAHalfTurnAboutX) {
  // Stored values read as RDF are the file's own; read as RUB, y and z are negated.
  const GaussianScene rdf = decode_file(kStoredRdf, SpzFrame::kRdf);
  const GaussianScene rub = decode_file(kStoredRdf, SpzFrame::kRub);
  ASSERT_EQ(rdf.count(), rub.count());
  for (std::size_t i = 0; i < rdf.count(); ++i) {
    ASSERT_EQ(rub.positions[3 * i], rdf.positions[3 * i]);
    ASSERT_EQ(rub.positions[3 * i + 1], -rdf.positions[3 * i + 1]);
    ASSERT_EQ(rub.positions[3 * i + 2], -rdf.positions[3 * i + 2]);
    // The quaternion is conjugated by the turn: (w, x, -y, -z).
    ASSERT_EQ(rub.rotations[4 * i + 2], -rdf.rotations[4 * i + 2]);
    ASSERT_EQ(rub.rotations[4 * i + 3], -rdf.rotations[4 * i + 3]);
  }
}

using Mat3 = std::array<double, 9>;
Mat3 covariance(const GaussianScene& s, std::size_t i) {
  const double w = s.rotations[4 * i], x = s.rotations[4 * i + 1], y = s.rotations[4 * i + 2], z = s.rotations[4 * i + 3];
  const Mat3 r = {1 - 2 * (y * y + z * z), 2 * (x * y - w * z),     2 * (x * z + w * y),
                  2 * (x * y + w * z),     1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
                  2 * (x * z - w * y),     2 * (y * z + w * x),     1 - 2 * (x * x + y * y)};
  Mat3 out{};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int k = 0; k < 3; ++k) {
        const double sk = s.scales[3 * i + static_cast<std::size_t>(k)];
        out[3 * a + b] += r[3 * a + k] * sk * sk * r[3 * b + k];
      }
  return out;
}

// A frame table entry applied by hand: `t` maps file coordinates to ours.
void expect_moved_by(const GaussianScene& moved, const GaussianScene& file, const Mat3& t) {
  ASSERT_EQ(moved.count(), file.count());
  ASSERT_EQ(moved.sh_degree, 2);
  for (std::size_t i = 0; i < file.count(); i += 97) {
    for (int r = 0; r < 3; ++r) {
      double p = 0;
      for (int k = 0; k < 3; ++k) p += t[3 * r + k] * file.positions[3 * i + static_cast<std::size_t>(k)];
      EXPECT_EQ(moved.positions[3 * i + static_cast<std::size_t>(r)], static_cast<float>(p));
    }
    const Mat3 before = covariance(file, i), after = covariance(moved, i);
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) {
        double expected = 0;
        for (int k = 0; k < 3; ++k)
          for (int l = 0; l < 3; ++l) expected += t[3 * a + k] * before[3 * k + l] * t[3 * b + l];
        EXPECT_NEAR(after[3 * a + b], expected, 1e-6 * (before[0] + before[4] + before[8])) << i;
      }
    // The colour seen along t d equals the colour the file gives along d (renderer's SH code).
    const double d[3] = {0.48, -0.6, 0.64};
    const double td[3] = {t[0] * d[0] + t[1] * d[1] + t[2] * d[2], t[3] * d[0] + t[4] * d[1] + t[5] * d[2],
                          t[6] * d[0] + t[7] * d[1] + t[8] * d[2]};
    const splat::Vec3 c0 = splat::sh_to_color(2, &file.sh[27 * i], {float(d[0]), float(d[1]), float(d[2])});
    const splat::Vec3 c1 = splat::sh_to_color(2, &moved.sh[27 * i], {float(td[0]), float(td[1]), float(td[2])});
    EXPECT_NEAR(c1.x, c0.x, 1e-5);
    EXPECT_NEAR(c1.y, c0.y, 1e-5);
    EXPECT_NEAR(c1.z, c0.z, 1e-5);
  }
}

TEST(SpzFrame, ZUpAndLeftHandedFramesAreTurnedIntoOurs) {
  const GaussianScene file = decode_file(kStoredRdf, SpzFrame::kRdf);  // the file's own numbers
  // RFU (x right, y front, z up): our x = x, our y (down) = -z, our z (front) = y.
  expect_moved_by(decode(v4_with(kStoredRdf, record_bytes({frame_record(kRfu)}))), file,
                  {1, 0, 0, 0, 0, -1, 0, 1, 0});
  // LUB (x left, y up, z back): every axis reversed, a mirror.
  expect_moved_by(decode(v4_with(kStoredRdf, record_bytes({frame_record(kLub)}))), file,
                  {-1, 0, 0, 0, -1, 0, 0, 0, -1});
}

TEST(SpzFrame, BrokenExtensionListsAreRefused) {
  expect_error(v4_with(kStoredRdf, record_bytes({frame_record(17)})), "names frame 17 (0 to 16 exist)");
  Bytes overrun = record_bytes({frame_record(kRdf)});
  overrun[4] = std::byte{200};  // its length now runs past the block
  expect_error(v4_with(kStoredRdf, overrun), "runs past the extension list");
  Bytes trailing = record_bytes({frame_record(kRdf)});
  trailing.resize(trailing.size() + 4);
  expect_error(v4_with(kStoredRdf, trailing), "ends inside a record header");
  expect_error(v4_with(kStoredRdf, record_bytes({{kCoordinateSystem, Bytes(2)}})), "shorter than 4 bytes");
  expect_error(v4_with(kStoredRdf, record_bytes({{0xADBE0001, Bytes(10)}})), "SH quantization extension");
  expect_error(v3_with("playbot-31k-sh2-rub-v3.spz", Bytes(70 * 1024)), "more than 65,536 bytes");
}

TEST(SpzFrame, LoadOptionsReachTheDecoder) {
  SceneLoadOptions options;
  options.spz_frame = SpzFrame::kRdf;
  auto loaded = load_scene(test::shared_scene(kStoredRdf), options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  expect_same(loaded.value().scene, decode_file(kStoredRdf, SpzFrame::kRdf));
}

}  // namespace
}  // namespace splatview
