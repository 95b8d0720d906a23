#include "core/file_bytes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace splatview {

namespace {

std::string system_message() { return std::generic_category().message(errno); }

// "12,345,678" for messages.
std::string with_commas(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

Result<FileBytes> FileBytes::open(const std::filesystem::path& path, std::uint64_t max_bytes,
                                  const std::string& what_it_should_be, Access access) {
  const std::string name = path.string();
  // O_NONBLOCK: opening a FIFO must not hang; it has no effect on regular files.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Error{name, "cannot open the file: " + system_message(), "check the path and its permissions"};
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Error{name, "cannot read the file: " + system_message(), "check the file"};
  if (S_ISDIR(st.st_mode)) return Error{name, "is a directory, not a file", "choose " + what_it_should_be};
  if (!S_ISREG(st.st_mode)) return Error{name, "not a regular file", "choose " + what_it_should_be};
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes)
    return Error{name, "file is " + with_commas(size) + " bytes, over the limit of " + with_commas(max_bytes),
                 "load a smaller file"};

  FileBytes file;
  file.size_ = static_cast<std::size_t>(size);
  if (size == 0) return file;
  const int populate = access == Access::kWhole ? MAP_POPULATE : 0;
  void* mapped = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE | populate, fd, 0);
  if (mapped != MAP_FAILED) {
    if (access == Access::kStreamed) ::madvise(mapped, file.size_, MADV_SEQUENTIAL);
    file.data_ = static_cast<const std::byte*>(mapped);
    file.mapped_ = true;
    return file;
  }
  // No mapping (e.g. a file system without mmap): read it whole.
  try {
    file.buffer_.resize(file.size_);
  } catch (const std::bad_alloc&) {
    return Error{name, "not enough memory to read the file", "close other programs or load a smaller file"};
  }
  std::size_t done = 0;
  while (done < file.size_) {
    const ssize_t got = ::read(fd, file.buffer_.data() + done, file.size_ - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error{name, "cannot read the file: " + system_message(), "check the file"};
    if (got == 0) break;  // the file shrank meanwhile
    done += static_cast<std::size_t>(got);
  }
  file.size_ = done;
  file.data_ = file.buffer_.data();
  return file;
}

namespace {

// The pages of [first, first + length): every page touched (`outer`), or only the whole pages inside
// it, since releasing a page shared with a neighbouring range would reach bytes still being read.
bool pages(const std::byte* first, std::size_t length, bool outer, void*& begin, std::size_t& bytes) {
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(first);
  const auto a = (outer ? start : start + page - 1) & ~(page - 1);
  const auto b = (outer ? start + length + page - 1 : start + length) & ~(page - 1);
  if (length == 0 || b <= a) return false;
  begin = reinterpret_cast<void*>(a);
  bytes = b - a;
  return true;
}

}  // namespace

void FileBytes::prefetch(const std::byte* first, std::size_t length) const {
#ifdef MADV_POPULATE_READ
  void* begin = nullptr;
  std::size_t bytes = 0;
  if (mapped_ && pages(first, length, true, begin, bytes)) ::madvise(begin, bytes, MADV_POPULATE_READ);
#else
  (void)first, (void)length;
#endif
}

void FileBytes::release(const std::byte* first, std::size_t length) const {
  void* begin = nullptr;
  std::size_t bytes = 0;
  if (mapped_ && pages(first, length, false, begin, bytes)) ::madvise(begin, bytes, MADV_DONTNEED);
}

FileBytes::FileBytes(FileBytes&& other) noexcept
    : data_(other.data_), size_(other.size_), mapped_(other.mapped_), buffer_(std::move(other.buffer_)) {
  if (!mapped_ && !buffer_.empty()) data_ = buffer_.data();
  other.data_ = nullptr;
  other.size_ = 0;
  other.mapped_ = false;
}

FileBytes::~FileBytes() {
  if (mapped_) ::munmap(const_cast<std::byte*>(data_), size_);
}

}  // namespace splatview
