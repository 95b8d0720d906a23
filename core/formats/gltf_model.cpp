#include "core/formats/gltf_model.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/formats/decode_support.h"

namespace splatview::formats {
namespace {

constexpr const char* kHint = "export the scene again as glTF with KHR_gaussian_splatting, or as a 3DGS PLY";
constexpr std::uint32_t kChunkJson = 0x4E4F534A;  // "JSON"
constexpr std::uint32_t kChunkBin = 0x004E4942;   // "BIN\0"
constexpr std::uint64_t kMaxExternalBufferBytes = 16ull << 30;
constexpr std::size_t kMaxUriInMessage = 60;

std::string short_uri(std::string_view uri) {
  if (uri.size() <= kMaxUriInMessage) return std::string(uri);
  return std::string(uri.substr(0, kMaxUriInMessage)) + "...";
}

// ---- GLB container -----------------------------------------------------------------------------------

struct Container {
  std::string_view json;
  bool binary = false;
};

Result<Container> split_container(std::span<const std::byte> bytes, const std::string& name) {
  Container c;
  if (bytes.size() < 4 || load_u32(bytes.data()) != 0x46546C67) {  // "glTF"
    c.json = {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    return c;
  }
  c.binary = true;
  auto truncated = [&name](const std::string& what) {
    return Error{name, "truncated glTF binary: " + what, kTruncatedHint};
  };
  if (bytes.size() < 20) return truncated("the 12-byte header and first chunk header are incomplete");
  const std::uint32_t version = load_u32(bytes.data() + 4);
  if (version != 2)
    return Error{name, "glTF binary version " + std::to_string(version) + " (splatview reads glTF 2.0)", kHint};
  const std::uint64_t length = load_u32(bytes.data() + 8);
  if (length > bytes.size())
    return truncated("the header says " + with_commas(length) + " bytes, the file has " + with_commas(bytes.size()));
  const std::uint64_t json_length = load_u32(bytes.data() + 12);
  if (load_u32(bytes.data() + 16) != kChunkJson)
    return Error{name, "glTF binary does not start with its JSON chunk", kHint};
  if (json_length > length - 20)
    return truncated("the JSON chunk needs " + with_commas(json_length) + " bytes at byte 20, the file has " +
                     with_commas(length));
  c.json = {reinterpret_cast<const char*>(bytes.data() + 20), static_cast<std::size_t>(json_length)};
  const std::uint64_t bin_at = 20 + json_length;
  if (bin_at + 8 <= length) {
    const std::uint64_t bin_length = load_u32(bytes.data() + bin_at);
    if (load_u32(bytes.data() + bin_at + 4) == kChunkBin && bin_length > length - bin_at - 8)
      return truncated("the BIN chunk needs " + with_commas(bin_length) + " bytes at byte " + with_commas(bin_at + 8) +
                       ", the file has " + with_commas(length));
  }
  return c;
}

// ---- Buffer URIs -------------------------------------------------------------------------------------

struct FileAccess {
  std::filesystem::path folder;                // canonical; empty when nothing may be read
  std::vector<std::filesystem::path> allowed;  // canonical paths of the buffer files
  std::string refusal;                         // why the last read was refused
};

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool has_scheme(std::string_view uri) {
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  return std::all_of(uri.begin(), uri.begin() + static_cast<std::ptrdiff_t>(colon), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '+' || ch == '-' || ch == '.';
  });
}

bool is_base64(std::string_view s) {
  if (s.empty() || s.size() % 4 != 0) return false;
  const std::size_t pad = s.find('=');
  if (pad != std::string_view::npos && (s.size() - pad > 2 || s.find_first_not_of('=', pad) != std::string_view::npos))
    return false;
  return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(std::min(pad, s.size())), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '+' || ch == '/';
  });
}

std::optional<Error> check_data_uri(std::string_view uri, std::size_t index, const std::string& name) {
  const std::string which = "buffer " + std::to_string(index);
  const std::size_t comma = uri.find(',');
  const std::string_view header = uri.substr(0, comma);
  if (comma == std::string_view::npos || header.size() < 12 || header.substr(header.size() - 7) != ";base64")
    return Error{name, which + "'s data URI is not base64 (" + short_uri(uri) + ")", kHint};
  const std::string_view mime = header.substr(5, header.size() - 12);
  if (mime != "application/octet-stream" && mime != "application/gltf-buffer")
    return Error{name, which + "'s data URI has type '" + short_uri(mime) + "', not application/octet-stream", kHint};
  if (!is_base64(uri.substr(comma + 1)))
    return Error{name, which + "'s data URI holds characters that are not base64", kHint};
  return std::nullopt;
}

std::optional<Error> check_external_uri(std::string_view uri, std::size_t index, const std::string& name,
                                        FileAccess& access) {
  const std::string which = "buffer " + std::to_string(index);
  const std::string path = percent_decode(uri);
  auto refuse = [&](const std::string& why) {
    return Error{name, which + " refers to '" + short_uri(uri) + "', " + why,
                 "keep the buffer files in the glTF's folder, named by relative paths"};
  };
  if (path.empty()) return refuse("an empty file name");
  if (has_scheme(path)) return refuse("a URI splatview does not fetch");
  if (path.front() == '/' || path.front() == '\\') return refuse("an absolute path");
  if (path.find('\0') != std::string::npos) return refuse("a name with a NUL byte");
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find_first_of("/\\", start);
    if (end == std::string::npos) end = path.size();
    if (path.compare(start, end - start, "..") == 0) return refuse("a path outside the glTF's folder");
    start = end + 1;
  }
  if (access.folder.empty())
    return Error{name, which + " is an external file ('" + short_uri(uri) + "'), which needs the glTF's folder",
                 "open the .gltf file from disk, or use a .glb"};
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::weakly_canonical(access.folder / path, ec);
  if (ec) return refuse("a file that cannot be found");
  // A link inside the folder may still point out of it: the resolved path must stay inside.
  const auto [end, rest] = std::mismatch(access.folder.begin(), access.folder.end(), file.begin(), file.end());
  if (end != access.folder.end() || rest == file.end()) return refuse("a path outside the glTF's folder");
  access.allowed.push_back(file);
  return std::nullopt;
}

// Checks what tinygltf would otherwise act on unchecked: buffer URIs, and required extensions that
// change how attribute data is stored.
std::optional<Error> check_json(std::string_view json, const std::string& name, FileAccess& access) {
  nlohmann::json doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (doc.is_discarded()) return Error{name, "not a glTF file (its JSON does not parse)", kHint};
  if (!doc.is_object()) return Error{name, "not a glTF file (its JSON is not an object)", kHint};
  const auto required = doc.find("extensionsRequired");
  if (required != doc.end() && required->is_array()) {
    for (const auto& ext : *required) {
      if (!ext.is_string()) continue;
      const std::string id = ext.get<std::string>();
      if (is_spz_compression_extension(id)) continue;  // read by gltf.cpp: the SPZ decoder as it is
      if (id.find("compression") != std::string::npos || id.find("draco") != std::string::npos ||
          id.find("meshopt") != std::string::npos)
        return Error{name, "the glTF needs extension " + short_uri(id) + ", which splatview does not read",
                     "export it without compression, or as a 3DGS PLY"};
    }
  }
  const auto buffers = doc.find("buffers");
  if (buffers == doc.end() || !buffers->is_array()) return std::nullopt;
  for (std::size_t i = 0; i < buffers->size(); ++i) {
    const auto& buffer = (*buffers)[i];
    if (!buffer.is_object()) continue;
    const auto uri = buffer.find("uri");
    if (uri == buffer.end() || !uri->is_string()) continue;
    const std::string& text = uri->get_ref<const std::string&>();
    auto error = text.rfind("data:", 0) == 0 ? check_data_uri(text, i, name) : check_external_uri(text, i, name, access);
    if (error) return error;
  }
  return std::nullopt;
}

// ---- tinygltf file-system callbacks ------------------------------------------------------------------

bool is_allowed(const std::string& path, FileAccess& access) {
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::weakly_canonical(path, ec);
  if (ec) return false;
  return std::find(access.allowed.begin(), access.allowed.end(), file) != access.allowed.end();
}

bool file_exists(const std::string& path, void* user) {
  auto& access = *static_cast<FileAccess*>(user);
  std::error_code ec;
  return is_allowed(path, access) && std::filesystem::is_regular_file(path, ec);
}

std::string expand_path(const std::string& path, void*) { return path; }  // no ~ or $VAR expansion

bool read_whole_file(std::vector<unsigned char>* out, std::string* err, const std::string& path, void* user) {
  auto& access = *static_cast<FileAccess*>(user);
  if (!is_allowed(path, access)) {
    if (err) *err = "refused";
    return false;
  }
  auto bytes = read_file_bounded(path, kMaxExternalBufferBytes, path);
  if (!bytes) {
    access.refusal = bytes.error().what;
    if (err) *err = bytes.error().what;
    return false;
  }
  const auto& data = bytes.value();
  out->resize(data.size());
  std::transform(data.begin(), data.end(), out->begin(), [](std::byte b) { return std::to_integer<unsigned char>(b); });
  return true;
}

bool write_whole_file(std::string* err, const std::string&, const std::vector<unsigned char>&, void*) {
  if (err) *err = "splatview does not write through the glTF reader";
  return false;
}

bool ignore_image(tinygltf::Image*, const int, std::string*, std::string*, int, int, const unsigned char*, int, void*) {
  return true;  // splats use no images; they are neither decoded nor checked
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 160) line = line.substr(0, 160) + "...";
  return line;
}

}  // namespace

Result<tinygltf::Model> load_gltf_model(std::span<const std::byte> bytes, const std::string& name,
                                        const std::filesystem::path& folder,
                                        std::vector<std::filesystem::path>* buffer_files) {
  auto container = split_container(bytes, name);
  if (!container) return container.error();
  if (bytes.size() > std::numeric_limits<unsigned int>::max())
    return Error{name, "glTF files over 4 GiB are not supported", "split the scene, or export a 3DGS PLY"};
  FileAccess access;
  if (!folder.empty()) {
    std::error_code ec;
    access.folder = std::filesystem::weakly_canonical(folder.empty() ? "." : folder, ec);
    if (ec) access.folder.clear();
  }
  if (auto error = check_json(container.value().json, name, access)) return *error;

  tinygltf::TinyGLTF loader;
  loader.SetFsCallbacks({&file_exists, &expand_path, &read_whole_file, &write_whole_file, &access});
  loader.SetImageLoader(&ignore_image, nullptr);
  tinygltf::Model model;
  std::string err, warn;
  bool ok = false;
  const std::string base = access.folder.string();
  try {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto size = static_cast<unsigned int>(bytes.size());
    ok = container.value().binary ? loader.LoadBinaryFromMemory(&model, &err, &warn, data, size, base)
                                  : loader.LoadASCIIFromString(&model, &err, &warn,
                                                               reinterpret_cast<const char*>(data), size, base);
  } catch (const std::bad_alloc&) {
    return out_of_memory(name);
  } catch (const std::exception& e) {
    err = e.what();
  }
  if (!ok) {
    if (!access.refusal.empty()) return Error{name, "a buffer file could not be read: " + access.refusal, kHint};
    return Error{name, "not a valid glTF file (" + first_line(err.empty() ? "tinygltf refused it" : err) + ")", kHint};
  }
  if (buffer_files) *buffer_files = access.allowed;
  return model;
}

}  // namespace splatview::formats
