#include "core/photo.h"

#include <stb_image.h>

#include "core/file_bytes.h"

namespace splatview {

namespace {

constexpr const char* kWhat = "a JPEG or PNG photo";

struct PhotoHeader {
  int width = 0, height = 0;
};

Result<PhotoHeader> read_header(const std::filesystem::path& path, const FileBytes& file) {
  const auto bytes = file.bytes();
  PhotoHeader header;
  int channels = 0;
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX) ||
      !stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                             &header.width, &header.height, &channels))
    return Error{path.string(), std::string("not an image splatview can read: ") + stbi_failure_reason(),
                 "use a JPEG or PNG photo"};
  if (header.width < 1 || header.height < 1 || header.width > kMaxPhotoSide || header.height > kMaxPhotoSide)
    return Error{path.string(),
                 "the photo is " + std::to_string(header.width) + "x" + std::to_string(header.height) +
                     " pixels; at most " + std::to_string(kMaxPhotoSide) + " a side",
                 "use a smaller copy of the photo"};
  return header;
}

}  // namespace

std::optional<Error> check_photo(const std::filesystem::path& path) {
  auto file = FileBytes::open(path, kMaxPhotoBytes, kWhat);
  if (!file) return file.error();
  auto header = read_header(path, file.value());
  if (!header) return header.error();
  return std::nullopt;
}

Result<Image8> load_photo(const std::filesystem::path& path) {
  auto file = FileBytes::open(path, kMaxPhotoBytes, kWhat);
  if (!file) return file.error();
  auto header = read_header(path, file.value());
  if (!header) return header.error();
  const auto bytes = file.value().bytes();
  int width = 0, height = 0, channels = 0;
  stbi_uc* pixels = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                                          &width, &height, &channels, 4);
  if (!pixels || width != header.value().width || height != header.value().height) {
    if (pixels) stbi_image_free(pixels);
    return Error{path.string(), "the photo is damaged", "use another copy of the photo"};
  }
  Image8 image{width, height, 4, std::vector<std::uint8_t>(pixels, pixels + static_cast<std::size_t>(width) * height * 4)};
  stbi_image_free(pixels);
  return image;
}

}  // namespace splatview
