#pragma once
// Byte buffers for the splat-format tests: building files by hand, (de)compressing them, and
// running a decoder on an exact-size copy.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/formats/scene_loader.h"

namespace splatview::test {

using Bytes = std::vector<std::byte>;
using Decoder = Result<LoadedScene> (*)(std::span<const std::byte>, const std::string&);

Bytes to_bytes(const std::string& text);
std::string text_of(const Bytes& bytes);

// Appends the bytes of `value` as they lie in memory (little-endian here).
template <class T>
void put(Bytes& out, const T& value) {
  const auto* p = reinterpret_cast<const std::byte*>(&value);
  out.insert(out.end(), p, p + sizeof value);
}
// The T stored at byte offset `at`.
template <class T>
T get(const Bytes& in, std::size_t at) {
  T value;
  std::memcpy(&value, in.data() + at, sizeof value);
  return value;
}

// The bytes of ../shared/data/scenes/<file>.
Bytes read_shared_bytes(const std::string& file);

// gzip at level 9, and back (a test failure if the stream does not end where it should).
Bytes gzip(const Bytes& data);
Bytes gunzip(const Bytes& data);

// A lossless WebP of width x height RGBA pixels.
Bytes webp_lossless(int width, int height, const std::vector<std::uint8_t>& rgba);

// A ZIP archive of `members`, stored (no compression), written by hand with zlib's CRCs: the same
// bytes every time, no temporary file.
Bytes stored_zip(const std::map<std::string, Bytes>& members);

// The members of a ZIP archive, read with libzip.
std::map<std::string, Bytes> unzip(const Bytes& zip);

// Runs `decoder` on a heap copy of exactly bytes.size() bytes, so that AddressSanitizer catches
// any read past the end.
Result<LoadedScene> decode_exact_copy(Decoder decoder, const Bytes& bytes, const std::string& name);

}  // namespace splatview::test
