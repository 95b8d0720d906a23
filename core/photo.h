#pragma once
// A profile's photo, read by the same rules as any input: a regular file under a size limit, an
// image whose dimensions are checked from its header before anything is decoded. A bad photo is a
// warning for the profile (the initials are drawn instead), never a failure.
#include <filesystem>
#include <optional>
#include <string>

#include "core/image.h"
#include "core/result.h"

namespace splatview {

inline constexpr std::uint64_t kMaxPhotoBytes = 16u << 20;
inline constexpr int kMaxPhotoSide = 4096;

// Why the photo cannot be shown (reading only its header), or nothing when it can.
std::optional<Error> check_photo(const std::filesystem::path& path);

// The photo as RGBA, after the same checks.
Result<Image8> load_photo(const std::filesystem::path& path);

}  // namespace splatview
