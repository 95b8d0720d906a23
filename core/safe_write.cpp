#include "core/safe_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

namespace splatview {

namespace fs = std::filesystem;

namespace {

constexpr const char* kHint = "check that the folder exists, is writable and has free space";

fs::path temporary_beside(const fs::path& target) {
  static std::atomic<int> counter{0};
  std::string name = ".";
  name += target.filename().string();
  name += ".partial-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  return target.parent_path() / name;
}

Error write_error(const fs::path& target, const char* doing) {
  return Error{target.string(), system_reason(doing), kHint};
}

}  // namespace

std::string system_reason(const char* doing) {
  std::string reason = doing;
  reason += ": ";
  reason += std::strerror(errno);
  return reason;
}

bool sync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0 || errno == EINVAL;  // EINVAL: a file system that cannot sync
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return ok;
}

TemporaryOutput::TemporaryOutput(fs::path target)
    : target_(target.has_filename() ? std::move(target) : target.parent_path()),  // "frames/" → "frames"
      temporary_(temporary_beside(target_)) {}

TemporaryOutput::TemporaryOutput(TemporaryOutput&& other) noexcept
    : target_(std::move(other.target_)), temporary_(std::move(other.temporary_)), done_(other.done_) {
  other.done_ = true;
}

TemporaryOutput::~TemporaryOutput() { discard(); }

void TemporaryOutput::discard() {
  if (done_) return;
  done_ = true;
  std::error_code ignored;
  fs::remove_all(temporary_, ignored);
}

std::optional<Error> TemporaryOutput::commit() {
  std::error_code error;
  if (fs::is_directory(temporary_, error)) {
    for (const auto& entry : fs::directory_iterator(temporary_, error))
      if (!sync_path(entry.path())) return write_error(target_, "cannot write");
  }
  if (!sync_path(temporary_)) return write_error(target_, "cannot write");
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
    return write_error(target_, "cannot move the finished file into place");
  done_ = true;
  const fs::path folder = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  sync_path(folder);  // the rename is done; a folder that cannot be synced loses nothing now
  return std::nullopt;
}

Result<OutputFile> OutputFile::create(const fs::path& target) {
  OutputFile output{TemporaryOutput(target)};
  // O_EXCL: never follow a link planted at the temporary name or write into someone else's file.
  const int fd = ::open(output.temporary_.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return write_error(target, "cannot create the file");
  output.file_ = ::fdopen(fd, "wb");
  if (!output.file_) {
    ::close(fd);
    return write_error(target, "cannot create the file");
  }
  return output;
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : temporary_(std::move(other.temporary_)), file_(other.file_), finished_(other.finished_) {
  other.file_ = nullptr;
}

OutputFile::~OutputFile() {
  if (file_) std::fclose(file_);
}

std::optional<Error> OutputFile::finish() {
  if (finished_) return std::nullopt;
  if (!file_) return Error{temporary_.target().string(), "the file was already closed", "this is a bug in splatview"};
  bool ok = std::fflush(file_) == 0 && !std::ferror(file_) && ::fsync(::fileno(file_)) == 0;
  const int saved = errno;
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok) {
    if (saved) errno = saved;
    return write_error(temporary_.target(), "cannot write");
  }
  finished_ = true;
  return std::nullopt;
}

std::optional<Error> OutputFile::commit() {
  if (auto error = finish()) return error;
  return temporary_.commit();
}

std::optional<Error> write_file_safely(const fs::path& target, std::string_view bytes) {
  const FileContents file{target, bytes};
  return write_files_safely(std::span<const FileContents>(&file, 1));
}

std::optional<Error> write_files_safely(std::span<const FileContents> files) {
  std::vector<OutputFile> outputs;
  outputs.reserve(files.size());
  for (const FileContents& file : files) {
    auto output = OutputFile::create(file.target);
    if (!output) return output.error();
    outputs.push_back(std::move(output.value()));
    if (std::fwrite(file.bytes.data(), 1, file.bytes.size(), outputs.back().stream()) != file.bytes.size())
      return write_error(file.target, "cannot write");
    if (auto error = outputs.back().finish()) return error;
  }
  for (OutputFile& output : outputs)
    if (auto error = output.commit()) return error;
  return std::nullopt;
}

}  // namespace splatview
