#include "tests/support/format_bytes.h"

#include <gtest/gtest.h>
#include <webp/encode.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>

#include "tests/support/test_paths.h"

namespace splatview::test {

Bytes to_bytes(const std::string& text) {
  Bytes out(text.size());
  if (!text.empty()) std::memcpy(out.data(), text.data(), text.size());
  return out;
}

std::string text_of(const Bytes& bytes) { return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()); }

Bytes read_shared_bytes(const std::string& file) {
  std::ifstream in(shared_scene(file), std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << shared_scene(file);
  return to_bytes({std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
}

Bytes gzip(const Bytes& data) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&z, data.size()) + 64);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

Bytes gunzip(const Bytes& data) {
  Bytes out(4u << 20);
  z_stream z{};
  inflateInit2(&z, 16 + MAX_WBITS);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END) << "gunzip: more than 4 MiB, or a damaged stream";
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

Bytes webp_lossless(int width, int height, const std::vector<std::uint8_t>& rgba) {
  std::uint8_t* output = nullptr;
  const std::size_t size = WebPEncodeLosslessRGBA(rgba.data(), width, height, 4 * width, &output);
  Bytes out(size);
  if (size != 0) std::memcpy(out.data(), output, size);
  WebPFree(output);
  return out;
}

// A stored ZIP written by hand (local headers, central directory, end record), CRCs from zlib.
Bytes stored_zip(const std::map<std::string, Bytes>& members) {
  Bytes out, central;
  std::uint16_t entries = 0;
  for (const auto& [name, data] : members) {
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto name_size = static_cast<std::uint16_t>(name.size());
    put(out, std::uint32_t(0x04034b50));
    for (std::uint16_t v :
         {std::uint16_t(20), std::uint16_t(0), std::uint16_t(0), std::uint16_t(0), std::uint16_t(0x21)})
      put(out, v);
    for (std::uint32_t v : {crc, size, size}) put(out, v);
    put(out, name_size);
    put(out, std::uint16_t(0));
    out.insert(out.end(), reinterpret_cast<const std::byte*>(name.data()),
               reinterpret_cast<const std::byte*>(name.data() + name.size()));
    out.insert(out.end(), data.begin(), data.end());
    put(central, std::uint32_t(0x02014b50));
    for (std::uint16_t v : {std::uint16_t(20), std::uint16_t(20), std::uint16_t(0), std::uint16_t(0),
                            std::uint16_t(0), std::uint16_t(0x21)})
      put(central, v);
    for (std::uint32_t v : {crc, size, size}) put(central, v);
    for (std::uint16_t v :
         {name_size, std::uint16_t(0), std::uint16_t(0), std::uint16_t(0), std::uint16_t(0)})
      put(central, v);
    put(central, std::uint32_t(0));
    put(central, offset);
    central.insert(central.end(), reinterpret_cast<const std::byte*>(name.data()),
                   reinterpret_cast<const std::byte*>(name.data() + name.size()));
    ++entries;
  }
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out.insert(out.end(), central.begin(), central.end());
  put(out, std::uint32_t(0x06054b50));
  for (std::uint16_t v : {std::uint16_t(0), std::uint16_t(0), entries, entries}) put(out, v);
  put(out, static_cast<std::uint32_t>(central.size()));
  put(out, central_offset);
  put(out, std::uint16_t(0));
  return out;
}

std::map<std::string, Bytes> unzip(const Bytes& zip) {
  std::map<std::string, Bytes> members;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(archive, nullptr);
  for (zip_int64_t i = 0; archive && i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    Bytes data(st.size);
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    zip_fread(file, data.data(), data.size());
    zip_fclose(file);
    members[st.name] = std::move(data);
  }
  if (archive) zip_discard(archive);
  zip_error_fini(&error);
  return members;
}

Result<LoadedScene> decode_exact_copy(Decoder decoder, const Bytes& bytes, const std::string& name) {
  auto copy = std::make_unique<std::byte[]>(std::max<std::size_t>(bytes.size(), 1));
  if (!bytes.empty()) std::memcpy(copy.get(), bytes.data(), bytes.size());
  return decoder({copy.get(), bytes.size()}, name);
}

}  // namespace splatview::test
