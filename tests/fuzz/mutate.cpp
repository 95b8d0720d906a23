#include "tests/fuzz/mutate.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>

namespace splatview::fuzz {
namespace {

constexpr std::uint64_t kInteresting[] = {0,
                                          1,
                                          2,
                                          3,
                                          4,
                                          7,
                                          8,
                                          15,
                                          16,
                                          31,
                                          32,
                                          63,
                                          64,
                                          127,
                                          128,
                                          255,
                                          256,
                                          511,
                                          1000,
                                          1024,
                                          4095,
                                          65535,
                                          65536,
                                          31000,
                                          0x7fffffff,
                                          0x80000000,
                                          0xffffffff,
                                          100000001,
                                          20000001,
                                          0x7fffffffffffffff,
                                          0xffffffffffffffff,
                                          0xfffffffffffffffe,
                                          1ull << 32,
                                          1ull << 40};

// Numbers as text that the readers' parsers must survive.
constexpr std::string_view kNumbers[] = {"0",          "-1",
                                         "1",          "4294967295",
                                         "4294967296", "18446744073709551616",
                                         "2147483648", "99999999999999999999",
                                         "1e308",      "1e999",
                                         "-1e999",     "nan",
                                         "inf",        "-0",
                                         "3.5",        "0x10",
                                         "",           "00000000000000000001",
                                         "100000001",  "20000001",
                                         "1e-320"};

// Bytes that mean something to PLY headers, JSON and TOML.
constexpr std::string_view kSyntax("[]{}=\"'.,:#\n\r\\ \t-+0123456789eE_\x7f\xc3\xa9\xff", 36);

struct Picker {
  Rng& rng;
  std::size_t operator()(std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }
  // A position in `size` bytes, half the time in the first 512.
  std::size_t position(std::size_t size) {
    return (*this)(2) ? (*this)(std::min<std::size_t>(size, 512)) : (*this)(size);
  }
};

void overwrite_integer(Bytes& bytes, Picker& pick) {
  static constexpr std::size_t kWidths[] = {1, 2, 4, 8};
  const std::size_t width = kWidths[pick(4)];
  if (bytes.size() < width) return;
  std::uint64_t value = kInteresting[pick(std::size(kInteresting))];
  if (pick(4) == 0) value = ~value + 1;    // its negative
  if (pick(8) == 0) value += pick(3) - 1;  // off by one
  const std::size_t at = std::min(pick.position(bytes.size()), bytes.size() - width);
  const bool big_endian = pick(4) == 0;
  for (std::size_t i = 0; i < width; ++i) {
    const std::size_t shift = 8 * (big_endian ? width - 1 - i : i);
    bytes[at + i] = std::byte(static_cast<std::uint8_t>(value >> shift));
  }
}

// Replaces one run of decimal digits (with its sign and fraction) by an interesting number.
void edit_number(Bytes& bytes, Picker& pick) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // [begin, end)
  const std::size_t scan = std::min<std::size_t>(bytes.size(), 1 << 16);
  for (std::size_t i = 0; i < scan && runs.size() < 4096;) {
    const auto c = std::to_integer<char>(bytes[i]);
    if (c < '0' || c > '9') {
      ++i;
      continue;
    }
    std::size_t begin = i > 0 && std::to_integer<char>(bytes[i - 1]) == '-' ? i - 1 : i;
    while (i < scan &&
           (std::isdigit(std::to_integer<unsigned char>(bytes[i])) || std::to_integer<char>(bytes[i]) == '.'))
      ++i;
    runs.emplace_back(begin, i);
  }
  if (runs.empty()) return;
  const auto [begin, end] = runs[pick(runs.size())];
  const std::string_view number = kNumbers[pick(std::size(kNumbers))];
  Bytes text;
  for (char c : number) text.push_back(std::byte(static_cast<std::uint8_t>(c)));
  bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(begin),
              bytes.begin() + static_cast<std::ptrdiff_t>(end));
  bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(begin), text.begin(), text.end());
}

void mutate_once(Bytes& bytes, Picker& pick) {
  const std::size_t size = bytes.size();
  switch (pick(9)) {
    case 0:  // flip bits
      for (std::size_t i = 0, n = 1 + pick(4); i < n && size > 0; ++i)
        bytes[pick.position(size)] ^= std::byte(static_cast<std::uint8_t>(1u << pick(8)));
      break;
    case 1: {  // set bytes
      static constexpr std::uint8_t kBytes[] = {0, 1, 0x7f, 0x80, 0xff};
      for (std::size_t i = 0, n = 1 + pick(8); i < n && size > 0; ++i)
        bytes[pick.position(size)] =
            std::byte(pick(2) ? kBytes[pick(std::size(kBytes))] : static_cast<std::uint8_t>(pick(256)));
      break;
    }
    case 2:
    case 3:
      overwrite_integer(bytes, pick);
      break;
    case 4:  // truncate: anywhere, or by a few bytes
      bytes.resize(pick(2) ? pick(size + 1) : size - std::min(size, 1 + pick(64)));
      break;
    case 5: {  // duplicate a chunk somewhere else
      if (size == 0) break;
      const std::size_t from = pick(size),
                        length = 1 + pick(std::min<std::size_t>(size - from, pick(2) ? 16 : 4096));
      const Bytes chunk(bytes.begin() + static_cast<std::ptrdiff_t>(from),
                        bytes.begin() + static_cast<std::ptrdiff_t>(from + length));
      const std::size_t to = pick(size + 1);
      bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(to), chunk.begin(), chunk.end());
      break;
    }
    case 6: {  // remove a chunk
      if (size == 0) break;
      const std::size_t from = pick.position(size),
                        length = 1 + pick(std::min<std::size_t>(size - from, pick(2) ? 16 : 4096));
      bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(from),
                  bytes.begin() + static_cast<std::ptrdiff_t>(from + length));
      break;
    }
    case 7:  // insert syntax
      bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(pick.position(size + 1)),
                   std::byte(static_cast<std::uint8_t>(kSyntax[pick(kSyntax.size())])));
      break;
    default:
      edit_number(bytes, pick);
      break;
  }
}

}  // namespace

Bytes mutate(Bytes bytes, Rng& rng) {
  Picker pick{rng};
  for (std::size_t i = 0, n = 1 + pick(4); i < n; ++i) mutate_once(bytes, pick);
  return bytes;
}

}  // namespace splatview::fuzz
