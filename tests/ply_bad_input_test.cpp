// Bad PLY input: every case gives an Error that names the file and says what is wrong, never a crash,
// a hang or an allocation sized by an unchecked header number.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/ply_reader.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

const std::string kName = "bad.ply";

const std::vector<std::string> kRequired = {"x",      "y",       "z",       "f_dc_0",  "f_dc_1",
                                            "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2",
                                            "rot_0",  "rot_1",   "rot_2",   "rot_3"};

std::string property_lines(const std::vector<std::string>& names, const std::string& type = "float") {
  std::string out;
  for (const auto& name : names) out += "property " + type + " " + name + "\n";
  return out;
}

// A header with the 14 required float properties (18 lines for the defaults).
std::string header(const std::string& format = "binary_little_endian", const std::string& count = "2",
                   const std::string& extra_properties = "", const std::string& before_vertex = "") {
  return "ply\nformat " + format + " 1.0\n" + before_vertex + "element vertex " + count + "\n" +
         property_lines(kRequired) + extra_properties + "end_header\n";
}

// n valid little-endian records of 14 floats: position (i, 0, 0), rot_0 = 1, the rest 0.
std::string binary_records(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < 14; ++k) {
      const float v = k == 0 ? static_cast<float>(i) : (k == 10 ? 1.0f : 0.0f);
      char bytes[4];
      std::memcpy(bytes, &v, 4);
      out.append(bytes, 4);
    }
  }
  return out;
}

const std::string kAsciiRow = "0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 0.5 1.0 0.5 0.5 0.5\n";

Error error_of(const std::string& bytes) {
  auto copy = std::make_unique<std::byte[]>(bytes.size());  // exact size: overreads are caught by ASan
  std::memcpy(copy.get(), bytes.data(), bytes.size());
  const auto result = parse_ply({copy.get(), bytes.size()}, kName);
  if (result.ok()) {
    ADD_FAILURE() << "parsed without error";
    return {};
  }
  EXPECT_EQ(result.error().file, kName);
  EXPECT_FALSE(result.error().hint.empty());
  return result.error();
}

#define EXPECT_WHAT(bytes, fragment)                                                     \
  do {                                                                                   \
    const Error error_ = error_of(bytes);                                                \
    EXPECT_NE(error_.what.find(fragment), std::string::npos) << "what: " << error_.what; \
  } while (0)

// ---- Not a PLY, or a broken header --------------------------------------------------------------

TEST(BadHeader, EmptyInput) {
  EXPECT_WHAT("", "empty file");
}

TEST(BadHeader, MissingMagic) {
  EXPECT_WHAT("hello world\n", "not a PLY file (missing 'ply' magic)");
  EXPECT_WHAT("pl", "not a PLY file (missing 'ply' magic)");
  EXPECT_WHAT("plyx\nformat ascii 1.0\nend_header\n", "not a PLY file (missing 'ply' magic)");
  EXPECT_WHAT(std::string("\x1f\x8b\x08\0\0\0", 6), "not a PLY file (missing 'ply' magic)");
}

TEST(BadHeader, NoEndHeaderWithin64KiB) {
  std::string text = "ply\nformat binary_little_endian 1.0\n";
  while (text.size() < 70 * 1024) text += "comment a header that never ends, line after line after line\n";
  EXPECT_WHAT(text + "end_header\n", "truncated header (no end_header within 64 KiB)");
}

TEST(BadHeader, TruncatedHeader) {
  std::string text = header();
  text.resize(text.size() - std::strlen("end_header\n") - 5);
  EXPECT_WHAT(text, "truncated header (no end_header)");
  EXPECT_WHAT("ply", "truncated header");
  EXPECT_WHAT("ply\n", "truncated header");
}

TEST(BadHeader, LineTooLong) {
  const std::string text =
      "ply\nformat ascii 1.0\ncomment " + std::string(5000, 'x') + "\n" + header().substr(4);
  EXPECT_WHAT(text, "header line 3 too long");
}

TEST(BadHeader, MissingFormatLine) {
  std::string text = header();
  text.erase(4, std::strlen("format binary_little_endian 1.0\n"));
  EXPECT_WHAT(text, "missing format line");
}

TEST(BadHeader, UnsupportedFormat) {
  EXPECT_WHAT(header("binary_middle_endian"), "unsupported format 'binary_middle_endian'");
}

TEST(BadHeader, UnsupportedVersionAndBadFormatLines) {
  std::string text = header();
  text.replace(text.find(" 1.0"), 4, " 2.0");
  EXPECT_WHAT(text, "unsupported PLY version '2.0'");
  EXPECT_WHAT("ply\nformat ascii\nend_header\n", "bad format line");
  EXPECT_WHAT("ply\nformat ascii 1.0\nformat ascii 1.0\nend_header\n", "duplicate format line");
}

TEST(BadHeader, UnknownHeaderLine) {
  EXPECT_WHAT(header("ascii", "2", "banana split 3\n"), "unknown header line 'banana split 3' at line 18");
}

TEST(BadHeader, PropertyBeforeAnyElement) {
  EXPECT_WHAT("ply\nformat ascii 1.0\nproperty float x\nend_header\n", "property before any element");
}

TEST(BadHeader, UnknownPropertyType) {
  EXPECT_WHAT(header("ascii", "2", "property int64 big\n"), "unknown property type 'int64'");
  EXPECT_WHAT(header("ascii", "2", "property list uchar quad faces\n"), "unknown property type 'quad'");
}

TEST(BadHeader, BadPropertyLines) {
  EXPECT_WHAT(header("ascii", "2", "property float\n"), "bad property line");
  EXPECT_WHAT(header("ascii", "2", "property list uchar int\n"), "bad list property line");
  EXPECT_WHAT(header("ascii", "2", "property list float int faces\n"),
              "list count type 'float' is not an integer type");
}

TEST(BadHeader, BadElementCounts) {
  EXPECT_WHAT(header("binary_little_endian", "abc"), "bad count 'abc' for element 'vertex'");
  EXPECT_WHAT(header("binary_little_endian", "12x"), "bad count '12x'");
  EXPECT_WHAT(header("binary_little_endian", "-5"), "negative count '-5' for element 'vertex'");
  EXPECT_WHAT(header("binary_little_endian", "4294967296"), "is too large");
  EXPECT_WHAT(header("binary_little_endian", "99999999999999999999999999"), "is too large");
  EXPECT_WHAT("ply\nformat ascii 1.0\nelement vertex\nend_header\n", "bad element line");
}

TEST(BadHeader, TooManyProperties) {
  std::string extra;
  for (int i = 0; i < 1000; ++i) extra += "property uchar p" + std::to_string(i) + "\n";
  EXPECT_WHAT(header("binary_little_endian", "2", extra), "too many properties");
}

TEST(BadHeader, TooManyElements) {
  std::string before;
  for (int i = 0; i < 1001; ++i) before += "element e" + std::to_string(i) + " 0\n";
  EXPECT_WHAT(header("binary_little_endian", "2", "", before), "too many elements");
}

TEST(BadHeader, DuplicateVertexElementOrProperty) {
  EXPECT_WHAT(header("ascii", "2", "", "element vertex 3\nproperty float x\n"), "duplicate element 'vertex'");
  EXPECT_WHAT(header("ascii", "2", "property float opacity\n"), "duplicate property 'opacity'");
}

// ---- A header that is valid PLY but not a 3DGS scene --------------------------------------------

TEST(BadScene, NoVertexElement) {
  EXPECT_WHAT("ply\nformat ascii 1.0\nelement face 0\nproperty list uchar int vertex_indices\nend_header\n",
              "no vertex element");
}

TEST(BadScene, MissingEachRequiredProperty) {
  for (const auto& missing : kRequired) {
    SCOPED_TRACE(missing);
    std::vector<std::string> names;
    for (const auto& n : kRequired) {
      if (n != missing) names.push_back(n);
    }
    const std::string text =
        "ply\nformat binary_little_endian 1.0\nelement vertex 1\n" + property_lines(names) + "end_header\n";
    const Error e = error_of(text + std::string(52, '\0'));
    EXPECT_EQ(e.what, "missing required property '" + missing + "'");
  }
}

TEST(BadScene, UnsupportedFRestCount) {
  for (int n : {1, 3, 10, 44, 46, 72}) {
    SCOPED_TRACE(n);
    std::vector<std::string> rest;
    for (int i = 0; i < n; ++i) rest.push_back("f_rest_" + std::to_string(i));
    const Error e = error_of(header("binary_little_endian", "1", property_lines(rest)));
    EXPECT_EQ(e.what, "unsupported f_rest count " + std::to_string(n) + " (expected 0, 9, 24 or 45)");
  }
}

TEST(BadScene, GapInFRestNumbering) {
  std::vector<std::string> rest;
  for (int i = 0; i < 10; ++i) {
    if (i != 4) rest.push_back("f_rest_" + std::to_string(i));
  }
  const Error e = error_of(header("binary_little_endian", "1", property_lines(rest)));
  EXPECT_NE(e.what.find("gap"), std::string::npos) << e.what;
  EXPECT_NE(e.what.find("f_rest_4"), std::string::npos) << e.what;
  EXPECT_NE(e.what.find("9 found"), std::string::npos) << e.what;
}

TEST(BadScene, BadFRestNames) {
  EXPECT_WHAT(header("ascii", "1", "property float f_rest_x\n"), "bad f_rest property name 'f_rest_x'");
  EXPECT_WHAT(header("ascii", "1", "property float f_rest_01\n"), "bad f_rest property name 'f_rest_01'");
}

TEST(BadScene, ListPropertyInVertex) {
  EXPECT_WHAT(header("binary_little_endian", "1", "property list uchar int vertex_indices\n"),
              "list property 'vertex_indices' in the vertex element");
}

TEST(BadScene, ZeroGaussians) {
  EXPECT_WHAT(header("binary_little_endian", "0"), "no Gaussians");
  EXPECT_WHAT(header("ascii", "0"), "no Gaussians");
}

TEST(BadScene, CompressedPlyHeader) {
  const std::string text =
      "ply\nformat binary_little_endian 1.0\nelement chunk 1\nproperty float min_x\n"
      "element vertex 1\nproperty uint packed_position\nproperty uint packed_rotation\n"
      "property uint packed_scale\nproperty uint packed_color\nend_header\n";
  EXPECT_WHAT(text + std::string(20, '\0'), "compressed PLY");
}

TEST(BadScene, EveryGaussianDropped) {
  std::string records = binary_records(2);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(&records[4], &nan, 4);
  std::memcpy(&records[56 + 4], &nan, 4);
  const Error e = error_of(header() + records);
  EXPECT_NE(e.what.find("no usable Gaussians"), std::string::npos) << e.what;
  EXPECT_NE(e.what.find("NaN"), std::string::npos) << e.what;
}

// ---- Data that does not fit the header ----------------------------------------------------------

TEST(BadData, BinaryCountLargerThanTheFile) {
  const Error e = error_of(header("binary_little_endian", "1000000") + binary_records(2));
  EXPECT_EQ(e.what, "vertex count 1000000 needs 56000000 bytes but only 112 follow the header");
}

TEST(BadData, BinaryCountAtTheLimitAllocatesNothing) {
  const Error e = error_of(header("binary_big_endian", "4294967295") + binary_records(2));
  EXPECT_EQ(e.what, "vertex count 4294967295 needs 240518168520 bytes but only 112 follow the header");
}

TEST(BadData, BinaryOneByteShort) {
  std::string records = binary_records(2);
  records.pop_back();
  const Error e = error_of(header() + records);
  EXPECT_EQ(e.what, "vertex count 2 needs 112 bytes but only 111 follow the header");
}

TEST(BadData, BinaryElementBeforeVertexLargerThanTheFile) {
  const std::string text = header("binary_little_endian", "2", "", "element extra 1000\nproperty float a\n");
  EXPECT_WHAT(text + binary_records(2), "element 'extra' count 1000 needs 4000 bytes but only 112");
}

TEST(BadData, BinaryListElementRunsPastTheEnd) {
  const std::string before = "element face 3\nproperty list uchar int vertex_indices\n";
  std::string data;
  data += '\x03';
  data += std::string(12, '\0');  // face 0: three ints
  data += '\xff';                 // face 1: 255 ints, far more than the rest of the file
  EXPECT_WHAT(header("binary_little_endian", "2", "", before) + data + binary_records(2),
              "truncated data in element 'face' at record 1");
}

TEST(BadData, BinaryNegativeListLength) {
  const std::string before = "element face 1\nproperty list char int vertex_indices\n";
  EXPECT_WHAT(header("binary_little_endian", "2", "", before) + "\xff" + binary_records(2),
              "truncated data in element 'face' at record 0");
}

TEST(BadData, AsciiTruncatedAtAVertex) {
  const std::string text = header("ascii", "3") + kAsciiRow + kAsciiRow + "0.5 0.5 0.5 0.5 0.5 0.5 0.5\n";
  const Error e = error_of(text);
  EXPECT_EQ(e.what, "truncated data at vertex 2");
}

TEST(BadData, AsciiBadNumberNamesTheLine) {
  // 18 header lines: the first record is on line 19, the second on line 20.
  std::string second = kAsciiRow;
  second.replace(4, 3, "abc");
  EXPECT_EQ(error_of(header("ascii") + kAsciiRow + second).what, "bad number 'abc' at line 20");
  second = kAsciiRow;
  second.replace(4, 3, "0.5x");
  EXPECT_EQ(error_of(header("ascii") + kAsciiRow + second).what, "bad number '0.5x' at line 20");
  second = kAsciiRow;
  second.replace(4, 3, "--1");
  EXPECT_EQ(error_of(header("ascii") + kAsciiRow + second).what, "bad number '--1' at line 20");
}

TEST(BadData, AsciiIntegerOutOfRange) {
  const std::string text =
      header("ascii", "1", "property uchar red\n") + kAsciiRow.substr(0, kAsciiRow.size() - 1) + " 300\n";
  EXPECT_WHAT(text, "number '300' out of range for uchar at line 20");
  const std::string fractional =
      header("ascii", "1", "property int n\n") + kAsciiRow.substr(0, kAsciiRow.size() - 1) + " 1.5\n";
  EXPECT_WHAT(fractional, "bad number '1.5' at line 20");
}

TEST(BadData, AsciiCountLargerThanTheFile) {
  EXPECT_WHAT(header("ascii", "1000000") + kAsciiRow + kAsciiRow, "vertex count 1000000 needs at least");
  EXPECT_WHAT(header("ascii", "4294967295") + kAsciiRow, "vertex count 4294967295 needs at least");
}

TEST(BadData, AsciiElementBeforeVertex) {
  const std::string before = "element face 2\nproperty list uchar int vertex_indices\n";
  EXPECT_WHAT(header("ascii", "1", "", before) + "3 1 2 3\n-1 4\n" + kAsciiRow, "out of range for uchar");
  EXPECT_WHAT(header("ascii", "1", "", before) + "3 1 2 3\n200 4\n",
              "truncated data at element 'face' record 1");
  const std::string signed_before = "element face 1\nproperty list char int vertex_indices\n";
  EXPECT_WHAT(header("ascii", "1", "", signed_before) + "-1\n" + kAsciiRow, "negative list length");
}

// ---- Files --------------------------------------------------------------------------------------

TEST(BadFile, Missing) {
  const auto result = load_ply("/nonexistent/dir/scene.ply");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().file, "/nonexistent/dir/scene.ply");
  EXPECT_EQ(result.error().what, "cannot open the file: No such file or directory");
}

TEST(BadFile, DirectoryEmptyFileAndFifo) {
  const auto dir = test::fresh_temp_dir("ply-bad-input");
  auto load_error = [](const std::filesystem::path& path) {
    const auto result = load_ply(path);
    EXPECT_FALSE(result.ok());
    if (result.ok()) return Error{};
    EXPECT_EQ(result.error().file, path.string());
    return result.error();
  };
  EXPECT_NE(load_error(dir).what.find("directory"), std::string::npos);
  std::ofstream(dir / "empty.ply").close();
  EXPECT_NE(load_error(dir / "empty.ply").what.find("empty file"), std::string::npos);
  const auto fifo = dir / "pipe.ply";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(load_error(fifo).what.find("not a regular file"), std::string::npos);  // and no hang
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace splatview
