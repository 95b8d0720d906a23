// Mutation fuzzing of the PLY reader with a fixed seed: byte flips, truncations and header-line
// mutations of real files and of a tiny hand-written one. The only requirement: parse_ply returns
// (a consistent scene, or an error with a message) without crashing, hanging or reading out of bounds;
// run it under AddressSanitizer to check the last.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/ply_reader.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

constexpr int kRecords = 50;

std::string read_file(const std::string& scene) {
  std::ifstream in(test::shared_scene(scene), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The header and the first kRecords records of a real all-float binary file, its count rewritten.
std::string binary_seed(const std::string& scene) {
  const std::string file = read_file(scene);
  const std::size_t end = file.find("end_header\n");
  if (end == std::string::npos) return {};
  std::string header = file.substr(0, end + std::strlen("end_header\n"));
  std::size_t properties = 0;
  for (std::size_t at = header.find("property float"); at != std::string::npos;
       at = header.find("property float", at + 1)) {
    ++properties;
  }
  const std::string old_count = "element vertex 1000\n";
  header.replace(header.find(old_count), old_count.size(),
                 "element vertex " + std::to_string(kRecords) + "\n");
  return header + file.substr(end + std::strlen("end_header\n"), kRecords * properties * 4);
}

std::string ascii_seed(const std::string& scene) {
  const std::string file = read_file(scene);
  std::size_t end = file.find("end_header\n");
  if (end == std::string::npos) return {};
  end += std::strlen("end_header\n");
  for (int line = 0; line < kRecords && end < file.size(); ++line) end = file.find('\n', end) + 1;
  std::string seed = file.substr(0, end);
  const std::string old_count = "element vertex 1000\n";
  seed.replace(seed.find(old_count), old_count.size(), "element vertex " + std::to_string(kRecords) + "\n");
  return seed;
}

// Small files with every feature the header parser has: comments, obj_info, lists, mixed types.
std::string tiny_binary_seed() {
  std::string text =
      "ply\nformat binary_little_endian 1.0\ncomment tiny\nobj_info fuzz seed\n"
      "element face 2\nproperty list uchar int vertex_indices\nproperty short flag\n"
      "element vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "property uchar f_dc_0\nproperty short f_dc_1\nproperty double f_dc_2\n"
      "property float opacity\nproperty float scale_0\nproperty int8 scale_1\nproperty float scale_2\n"
      "property float rot_0\nproperty float rot_1\nproperty uint16 rot_2\nproperty float rot_3\n";
  for (int i = 0; i < 9; ++i) text += "property float f_rest_" + std::to_string(i) + "\n";
  text += "element edge 1\nproperty list int float w\nend_header\n";
  auto put = [&text](const void* p, std::size_t n) { text.append(static_cast<const char*>(p), n); };
  const std::uint8_t three = 3, zero = 0;
  const std::int32_t idx[3] = {0, 1, 2};
  const std::int16_t flag = 7;
  put(&three, 1), put(idx, 12), put(&flag, 2), put(&zero, 1), put(&flag, 2);
  for (int v = 0; v < 3; ++v) {
    const float xyz[3] = {1.0f * v, 2, 3};
    const std::uint8_t dc0 = 10;
    const std::int16_t dc1 = -5;
    const double dc2 = 0.25;
    const float opacity_s0[2] = {0.5f, -1};
    const std::int8_t s1 = -2;
    const float s2_r0_r1[3] = {-3, 1, 0};
    const std::uint16_t r2 = 1;
    const float r3 = 0;
    float rest[9];
    for (int k = 0; k < 9; ++k) rest[k] = 0.01f * k;
    put(xyz, 12), put(&dc0, 1), put(&dc1, 2), put(&dc2, 8), put(opacity_s0, 8), put(&s1, 1),
        put(s2_r0_r1, 12);
    put(&r2, 2), put(&r3, 4), put(rest, 36);
  }
  const std::int32_t two = 2;
  const float w[2] = {0.5f, 0.25f};
  put(&two, 4), put(w, 8);
  return text;
}

std::string tiny_ascii_seed() {
  std::string text =
      "ply\r\nformat ascii 1.0\r\ncomment tiny ascii\r\n"
      "element face 2\r\nproperty list uchar int vertex_indices\r\n"
      "element vertex 2\r\nproperty double x\r\nproperty float y\r\nproperty int z\r\n"
      "property float f_dc_0\r\nproperty float f_dc_1\r\nproperty float f_dc_2\r\n"
      "property float opacity\r\nproperty float scale_0\r\nproperty float scale_1\r\nproperty float "
      "scale_2\r\n"
      "property float rot_0\r\nproperty float rot_1\r\nproperty float rot_2\r\nproperty float rot_3\r\n"
      "end_header\r\n"
      "3 0 1 2\r\n0\r\n"
      "1.5 -2 3 0.1 0.2 0.3 inf 0 0 0 1 0 0 0\r\n"
      "4 5 6 0.1 0.2 0.3 -1 0 0 0 0 1 0 0\r\n";
  return text;
}

// ---- Mutations ----------------------------------------------------------------------------------

std::size_t header_end(const std::string& s) {
  const std::size_t at = s.find("end_header");
  return at == std::string::npos ? s.size() : at + std::strlen("end_header");
}

const char* const kNumbers[] = {
    "0",   "1", "-1",  "2",    "50",    "4294967295", "4294967296", "-2147483648", "99999999999999999999999",
    "abc", "",  "1e9", "0x10", "65535", "9",          "45",         "1000000",     "+3",
    "nan"};
const char* const kTypes[] = {"char", "uchar", "short", "ushort", "int",     "uint",    "float", "double",
                              "int8", "uint8", "int64", "list",   "float32", "float64", "x"};

std::string mutate_header_line(const std::string& seed, std::mt19937& rng) {
  const std::size_t end = header_end(seed);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < end) {
    std::size_t nl = seed.find('\n', start);
    if (nl == std::string::npos || nl >= end) nl = end;
    lines.push_back(seed.substr(start, nl - start));
    start = nl + 1;
  }
  if (lines.size() < 2) return seed;
  auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  std::size_t i = 1 + pick(lines.size() - 1);
  if (i == lines.size() - 1) i = pick(lines.size());  // the end_header line less often
  switch (pick(7)) {
    case 0: {  // replace the last token (a count, a name or a version) by a number-ish token
      std::string& line = lines[i];
      const std::size_t space = line.find_last_of(' ');
      line = line.substr(0, space == std::string::npos ? 0 : space + 1) + kNumbers[pick(std::size(kNumbers))];
      break;
    }
    case 1: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i), lines[i]); break;  // duplicate
    case 2: lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i)); break;             // delete
    case 3: std::swap(lines[i], lines[1 + pick(lines.size() - 1)]); break;                  // swap
    case 4: {  // change a property type
      std::string& line = lines[i];
      const std::size_t a = line.find(' ');
      const std::size_t b = a == std::string::npos ? a : line.find(' ', a + 1);
      if (b != std::string::npos)
        line = line.substr(0, a + 1) + kTypes[pick(std::size(kTypes))] + line.substr(b);
      break;
    }
    case 5:  // a new element or property line
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i),
                   pick(2) ? "element junk " + std::string(kNumbers[pick(std::size(kNumbers))])
                           : "property list uchar int f_rest_" + std::to_string(pick(50)));
      break;
    default: {  // the line loses its tail, or gains spaces
      std::string& line = lines[i];
      if (pick(2))
        line.resize(pick(line.size() + 1));
      else
        line.insert(pick(line.size() + 1), "   ");
      break;
    }
  }
  std::string out;
  out.reserve(seed.size() + 64);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    out += lines[k];
    if (k + 1 < lines.size()) out += '\n';
  }
  if (end < seed.size()) out.append(seed, end, std::string::npos);
  return out;
}

std::string mutate(const std::string& seed, std::mt19937& rng) {
  auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  std::string s = seed;
  const int ops = 1 + static_cast<int>(pick(3));
  for (int op = 0; op < ops && !s.empty(); ++op) {
    switch (pick(6)) {
      case 0:  // flip bytes anywhere
        for (std::size_t k = 0, n = 1 + pick(8); k < n; ++k) s[pick(s.size())] = static_cast<char>(pick(256));
        break;
      case 1: {  // flip bits in the header
        const std::size_t end = std::min(header_end(s), s.size());
        for (std::size_t k = 0, n = 1 + pick(3); k < n && end > 0; ++k)
          s[pick(end)] ^= static_cast<char>(1 << pick(8));
        break;
      }
      case 2: s.resize(pick(s.size() + 1)); break;  // truncate
      case 3: s = mutate_header_line(s, rng); break;
      case 4: {  // insert or delete a run of bytes
        const std::size_t at = pick(s.size() + 1);
        if (pick(2))
          s.insert(at, std::string(1 + pick(16), static_cast<char>(pick(256))));
        else
          s.erase(at, 1 + pick(16));
        break;
      }
      default: s = mutate_header_line(mutate_header_line(s, rng), rng); break;
    }
  }
  return s;
}

// ---- Checks -------------------------------------------------------------------------------------

void check_parse(const std::string& bytes, const std::string& what) {
  std::unique_ptr<std::byte[]> copy(new std::byte[bytes.size() + 1]);  // exact size (+1: never zero-sized)
  std::memcpy(copy.get(), bytes.data(), bytes.size());
  const auto result = parse_ply({copy.get(), bytes.size()}, "fuzz.ply");
  if (result.ok()) {
    const GaussianScene& s = result.value().scene;
    const std::size_t n = s.count();
    ASSERT_GT(n, 0u) << what;
    ASSERT_GE(s.sh_degree, 0) << what;
    ASSERT_LE(s.sh_degree, kMaxShDegree) << what;
    ASSERT_EQ(s.positions.size(), 3 * n) << what;
    ASSERT_EQ(s.scales.size(), 3 * n) << what;
    ASSERT_EQ(s.rotations.size(), 4 * n) << what;
    ASSERT_EQ(s.sh.size(), static_cast<std::size_t>(3 * s.sh_coeffs()) * n) << what;
  } else {
    ASSERT_FALSE(result.error().what.empty()) << what;
    ASSERT_EQ(result.error().file, "fuzz.ply") << what;
  }
}

struct Seed {
  const char* label;
  std::string bytes;
  int cases;
};

std::vector<Seed> seeds() {
  return {{"voxel51 LE", binary_seed("voxel51-train-first1000-sh3.ply"), 1500},
          {"voxel51 BE", binary_seed("voxel51-train-first1000-sh3-bigendian.ply"), 1000},
          {"voxel51 ASCII", ascii_seed("voxel51-train-first1000-sh3-ascii.ply"), 1000},
          {"tiny binary", tiny_binary_seed(), 3000},
          {"tiny ASCII", tiny_ascii_seed(), 3000}};
}

TEST(PlyFuzz, SeedsParse) {
  for (const Seed& seed : seeds()) {
    SCOPED_TRACE(seed.label);
    ASSERT_FALSE(seed.bytes.empty());
    auto copy = std::make_unique<std::byte[]>(seed.bytes.size());
    std::memcpy(copy.get(), seed.bytes.data(), seed.bytes.size());
    const auto result = parse_ply({copy.get(), seed.bytes.size()}, "seed.ply");
    ASSERT_TRUE(result.ok()) << result.error().message();
  }
}

TEST(PlyFuzz, EveryTruncationOfTheTinyFiles) {
  for (const std::string& seed : {tiny_binary_seed(), tiny_ascii_seed()}) {
    for (std::size_t n = 0; n <= seed.size(); ++n)
      check_parse(seed.substr(0, n), "prefix " + std::to_string(n));
  }
}

TEST(PlyFuzz, RandomMutationsWithAFixedSeed) {
  std::mt19937 rng(20240611);
  for (const Seed& seed : seeds()) {
    SCOPED_TRACE(seed.label);
    for (int i = 0; i < seed.cases; ++i) {
      const std::string mutated = mutate(seed.bytes, rng);
      check_parse(mutated, std::string(seed.label) + " case " + std::to_string(i));
      if (HasFatalFailure()) return;
    }
  }
}

}  // namespace
}  // namespace splatview
