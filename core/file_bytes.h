#pragma once
// A file's bytes for a loader: memory-mapped where the file system allows (read whole otherwise),
// after the checks every loader needs: it opens, it is a regular file (a FIFO must not hang us),
// and it is no larger than the caller's limit. Errors name the file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "core/result.h"

namespace splatview {

class FileBytes {
 public:
  // `what_it_should_be` completes hints, e.g. "a 3DGS .ply file".
  static Result<FileBytes> open(const std::filesystem::path& path, std::uint64_t max_bytes,
                                const std::string& what_it_should_be);

  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&&) = delete;
  ~FileBytes();

  std::span<const std::byte> bytes() const { return {data_, size_}; }

 private:
  FileBytes() = default;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::vector<std::byte> buffer_;  // when the file could not be mapped
};

}  // namespace splatview
