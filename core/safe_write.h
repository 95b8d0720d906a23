#pragma once
// Every file splatview writes goes through here, so that a user's file is never lost: the output is
// written under a temporary name beside its target, flushed and fsync'ed, and only then renamed over
// the target (then the folder is fsync'ed too). A failure at any point removes the temporary and
// leaves whatever file was at the target untouched.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"

namespace splatview {

// A temporary path beside `target` (".NAME.partial-PID-K"), for an output that something else fills
// in: a program such as ffmpeg, or a folder of frames. Removed (file or folder) when destroyed
// unless committed.
class TemporaryOutput {
 public:
  explicit TemporaryOutput(std::filesystem::path target);
  TemporaryOutput(TemporaryOutput&& other) noexcept;
  TemporaryOutput& operator=(TemporaryOutput&&) = delete;
  ~TemporaryOutput();

  const std::filesystem::path& path() const { return temporary_; }
  const std::filesystem::path& target() const { return target_; }

  // fsyncs the temporary (a file, or a folder with every file in it), renames it over the target
  // and fsyncs the target's folder. A folder cannot replace an existing folder this way: the caller
  // moves files one by one (each rename is still atomic) and then calls discard().
  std::optional<Error> commit();
  // Removes the temporary now.
  void discard();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool done_ = false;
};

// A new file opened for streaming writes under a TemporaryOutput; commit() checks every write,
// flushes, fsyncs, closes and renames.
class OutputFile {
 public:
  static Result<OutputFile> create(const std::filesystem::path& target);
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  ~OutputFile();

  std::FILE* stream() { return file_; }
  // Checks every write, flushes, fsyncs and closes the temporary, without moving it into place yet
  // (several files that belong together are all finished before any replaces its target).
  std::optional<Error> finish();
  // finish() if not done yet, then the rename.
  std::optional<Error> commit();

 private:
  explicit OutputFile(TemporaryOutput temporary) : temporary_(std::move(temporary)) {}
  TemporaryOutput temporary_;
  std::FILE* file_ = nullptr;
  bool finished_ = false;
};

// The whole file at once, through an OutputFile.
std::optional<Error> write_file_safely(const std::filesystem::path& target, std::string_view bytes);

// Files that belong together (a .gltf and the .bin it names): every one is written and fsync'ed under
// its temporary name before the first is renamed into place, in the order given, so a write that
// fails (a full disk) replaces none of them. List the file that refers to the others last.
struct FileContents {
  std::filesystem::path target;
  std::string_view bytes;
};
std::optional<Error> write_files_safely(std::span<const FileContents> files);

// fsync of one file or folder by path; false with errno set on failure.
bool sync_path(const std::filesystem::path& path);

// "cannot write: No space left on device" style text for the last errno.
std::string system_reason(const char* doing);

}  // namespace splatview
