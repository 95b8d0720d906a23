#pragma once
// A file's bytes for a loader: memory-mapped where the file system allows (read whole otherwise),
// after the checks every loader needs: it opens, it is a regular file (a FIFO must not hang us),
// and it is no larger than the caller's limit. Errors name the file. A big file can be read in
// passes over its chunks (prefetch, then release), so that at most a few chunks of it are resident.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "core/result.h"

namespace splatview {

class FileBytes {
 public:
  // kWhole maps every page at once (small files read once through); kStreamed maps none up front,
  // for a reader that walks the file with prefetch() and release().
  enum class Access { kWhole, kStreamed };

  // `what_it_should_be` completes hints, e.g. "a 3DGS .ply file".
  static Result<FileBytes> open(const std::filesystem::path& path, std::uint64_t max_bytes,
                                const std::string& what_it_should_be, Access access = Access::kWhole);

  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&&) = delete;
  ~FileBytes();

  std::span<const std::byte> bytes() const { return {data_, size_}; }

  // Advice about a range of bytes(), by pointer: about to be read (maps its pages in one call), or
  // done with (its pages leave this process's memory; the page cache keeps them). A range that is
  // released and read again is mapped again from the page cache, so both are safe to get wrong.
  // Nothing happens when the file was read into memory rather than mapped.
  void prefetch(const std::byte* first, std::size_t length) const;
  void release(const std::byte* first, std::size_t length) const;

 private:
  FileBytes() = default;
  const std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::vector<std::byte> buffer_;  // when the file could not be mapped
};

}  // namespace splatview
