#include "core/ply_reader.h"

#include <sys/mman.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/ply_activation.h"
#include "core/ply_binary.h"
#include "core/ply_header.h"
#include "core/ply_layout.h"
#include "core/ply_render_mode.h"

namespace splatview {
namespace {

using ply::activate;
using ply::DropCounts;
using ply::Element;
using ply::Format;
using ply::Header;
using ply::in_quotes;
using ply::kMaxSlots;
using ply::make_plan;
using ply::narrow;
using ply::Plan;
using ply::Property;
using ply::ScalarType;
using ply::Verdict;

constexpr const char* kTruncatedHint = "the file is incomplete or damaged; export or download it again";

// ASCII records between progress reports and cancel checks.
constexpr std::size_t kAsciiRecordsPerReport = 1u << 16;

// The decoder's hooks for one load: pages of a streamed file mapping prefetched and released, and
// progress counted and handed to the observer, one call at a time.
class LoadHooks final : public ply::ChunkHooks {
 public:
  LoadHooks(const FileBytes* file, const LoadObserver& observer, std::uint64_t bytes_total)
      : file_(file), observer_(observer) {
    figures_.bytes_total = bytes_total;
  }

  bool cancelled() const override { return observer_.cancelled(); }
  void prefetch(const unsigned char* first, std::size_t length) override {
    if (file_) file_->prefetch(reinterpret_cast<const std::byte*>(first), length);
  }
  void release(const unsigned char* first, std::size_t length) override {
    if (file_) file_->release(reinterpret_cast<const std::byte*>(first), length);
  }
  void advanced(std::size_t bytes, std::size_t records) override {
    bytes_ += bytes;
    records_ += records;
    std::unique_lock lock(mutex_, std::try_to_lock);  // a report already under way will do
    if (lock.owns_lock()) report_locked();
  }

  // The header is read: how many bytes that took, how many Gaussians follow.
  void header_read(std::size_t bytes, std::uint64_t gaussians) {
    bytes_ += bytes;
    const std::lock_guard lock(mutex_);
    figures_.gaussians_total = gaussians;
    report_locked();
  }
  // All of it decoded: the last report says so exactly.
  void finished() {
    const std::lock_guard lock(mutex_);
    bytes_ = figures_.bytes_total;
    records_ = figures_.gaussians_total;
    report_locked();
  }

 private:
  void report_locked() {
    if (!observer_.progress) return;
    figures_.bytes_read = std::min<std::uint64_t>(bytes_, figures_.bytes_total);
    figures_.gaussians_decoded = records_;
    observer_.progress(figures_);
  }

  const FileBytes* file_;
  const LoadObserver& observer_;
  std::atomic<std::uint64_t> bytes_{0}, records_{0};
  std::mutex mutex_;
  LoadProgress figures_;  // under mutex_
};

// Sizes the scene for n Gaussians. For big scenes, preparing the memory before it is first touched
// matters: on virtual machines a 4 KiB page fault can cost microseconds, and a 6 M-Gaussian SH 3
// scene needs 1.4 GB of new memory. So large arrays are reserved first, advised to use transparent
// huge pages and prefaulted in pieces on every core. Both are only advice: where the kernel lacks
// them, nothing changes.
void size_scene(GaussianScene& scene, std::size_t n) {
  constexpr std::uintptr_t kPage = 4096;
  constexpr std::uintptr_t kPiece = std::uintptr_t{16} << 20;  // prefaulted by one task
  struct Pages {
    std::uintptr_t first, last;
  };
  std::vector<Pages> prefault;
  auto reserve = [&](std::vector<float>& v, std::size_t per_gaussian) {
    v.reserve(n * per_gaussian);
    const std::size_t bytes = v.capacity() * sizeof(float);
    if (bytes < (std::size_t{256} << 10)) return;  // small: not worth a system call
    const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t first = (begin + kPage - 1) & ~(kPage - 1);  // whole pages inside the buffer only
    const std::uintptr_t last = (begin + bytes) & ~(kPage - 1);
    if (last <= first) return;
#ifdef MADV_HUGEPAGE
    if (bytes >= (std::size_t{4} << 20))
      ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#endif
    for (std::uintptr_t a = first; a < last; a += kPiece) prefault.push_back({a, std::min(last, a + kPiece)});
  };
  reserve(scene.positions, 3);
  reserve(scene.scales, 3);
  reserve(scene.rotations, 4);
  reserve(scene.opacities, 1);
  reserve(scene.sh, 3 * static_cast<std::size_t>(scene.sh_coeffs()));
#ifdef MADV_POPULATE_WRITE
  tbb::parallel_for(std::size_t{0}, prefault.size(), [&](std::size_t k) {
    ::madvise(reinterpret_cast<void*>(prefault[k].first), prefault[k].last - prefault[k].first, MADV_POPULATE_WRITE);
  });
#endif
  scene.resize(n);
}

// ---- Binary ----------------------------------------------------------------------------------

// Walks the records of an element that has list properties; false when they run past `size`.
bool skip_binary_lists(const Element& element, const unsigned char* data, std::size_t size, bool swap,
                       std::size_t& pos, std::uint64_t& failed_record) {
  for (std::uint64_t r = 0; r < element.count; ++r) {
    for (const Property& p : element.properties) {
      const std::size_t item = ply::type_size(p.type);
      if (!p.is_list) {
        if (size - pos < item) return failed_record = r, false;
        pos += item;
        continue;
      }
      const std::size_t count_size = ply::type_size(p.count_type);
      if (size - pos < count_size) return failed_record = r, false;
      const double n = ply::load_scalar(data + pos, p.count_type, swap);  // an integer type: exact
      pos += count_size;
      if (n < 0 || n > static_cast<double>(size - pos) / static_cast<double>(item))
        return failed_record = r, false;
      pos += static_cast<std::size_t>(n) * item;
    }
  }
  return true;
}

// ---- ASCII --------------------------------------------------------------------------------------

struct Cursor {
  const char* p;
  const char* end;
  std::size_t line;

  // The next whitespace-separated token; empty at the end of the data.
  std::string_view next() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')) {
      if (*p == '\n') ++line;
      ++p;
    }
    const char* start = p;
    while (p < end && !(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')) ++p;
    return {start, static_cast<std::size_t>(p - start)};
  }
};

enum class NumberStatus { kOk, kBad, kOutOfRange };

NumberStatus parse_number(std::string_view token, ScalarType type, double& value) {
  const char* first = token.data();
  const char* last = first + token.size();
  if (first != last && *first == '+') {
    ++first;
    if (first != last && *first == '-') return NumberStatus::kBad;
  }
  if (first == last) return NumberStatus::kBad;
  if (type == ScalarType::kFloat32) {
    float f = 0;
    auto [ptr, ec] = std::from_chars(first, last, f);
    if (ec == std::errc{} && ptr == last) return value = f, NumberStatus::kOk;
    if (ec != std::errc::result_out_of_range || ptr != last) return NumberStatus::kBad;
    // Beyond float's range: as a double, then narrowed (overflow to +-Inf, underflow to 0).
    double d = 0;
    auto [ptr2, ec2] = std::from_chars(first, last, d);
    if (ec2 != std::errc{} || ptr2 != last) return NumberStatus::kOutOfRange;
    return value = narrow(d), NumberStatus::kOk;
  }
  if (type == ScalarType::kFloat64) {
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range && ptr == last) return NumberStatus::kOutOfRange;
    return ec == std::errc{} && ptr == last ? NumberStatus::kOk : NumberStatus::kBad;
  }
  long long n = 0;
  auto [ptr, ec] = std::from_chars(first, last, n);
  if (ec == std::errc::result_out_of_range && ptr == last) return NumberStatus::kOutOfRange;
  if (ec != std::errc{} || ptr != last) return NumberStatus::kBad;
  long long lo = 0, hi = 0;
  switch (type) {
    case ScalarType::kInt8: lo = INT8_MIN, hi = INT8_MAX; break;
    case ScalarType::kUInt8: lo = 0, hi = UINT8_MAX; break;
    case ScalarType::kInt16: lo = INT16_MIN, hi = INT16_MAX; break;
    case ScalarType::kUInt16: lo = 0, hi = UINT16_MAX; break;
    case ScalarType::kInt32: lo = INT32_MIN, hi = INT32_MAX; break;
    default: lo = 0, hi = UINT32_MAX; break;
  }
  if (n < lo || n > hi) return NumberStatus::kOutOfRange;
  value = static_cast<double>(n);
  return NumberStatus::kOk;
}

// Reads one ASCII value; on failure sets `error`.
// `what` and `index` name the record for a truncation message, e.g. "vertex " and 12.
bool read_ascii(Cursor& cursor, ScalarType type, double& value, const std::string& name,
                std::string_view what, std::uint64_t index, std::optional<Error>& error) {
  const std::string_view token = cursor.next();
  if (token.empty()) {
    error = Error{name, "truncated data at " + std::string(what) + std::to_string(index), kTruncatedHint};
    return false;
  }
  switch (parse_number(token, type, value)) {
    case NumberStatus::kOk: return true;
    case NumberStatus::kBad:
      error = Error{name, "bad number " + in_quotes(token) + " at line " + std::to_string(cursor.line),
                    ply::kReexportHint};
      return false;
    case NumberStatus::kOutOfRange:
      error = Error{name,
                    "number " + in_quotes(token) + " out of range for " + ply::type_name(type) + " at line " +
                        std::to_string(cursor.line),
                    ply::kReexportHint};
      return false;
  }
  return false;
}

Result<LoadedScene> parse_checked(std::span<const std::byte> bytes, const std::string& name,
                                  const LoadLimits& limits, LoadHooks& hooks) {
  Result<Header> parsed = ply::parse_header(bytes, name);
  if (!parsed) return parsed.error();
  const Header& header = parsed.value();
  auto fail = [&name](std::string what, std::string hint = ply::kReexportHint) {
    return Error{name, std::move(what), std::move(hint)};
  };

  std::size_t vertex_index = header.elements.size();
  for (std::size_t i = 0; i < header.elements.size(); ++i) {
    if (header.elements[i].name == "vertex") vertex_index = i;
  }
  const bool has_chunk = std::any_of(header.elements.begin(), header.elements.end(),
                                     [](const Element& e) { return e.name == "chunk"; });
  const bool packed = vertex_index < header.elements.size() &&
                      std::any_of(header.elements[vertex_index].properties.begin(),
                                  header.elements[vertex_index].properties.end(),
                                  [](const Property& p) { return p.name.rfind("packed_", 0) == 0; });
  if (has_chunk || packed) {
    return fail("compressed PLY (PlayCanvas chunk format) is not supported yet",
                "convert it to a plain 3DGS PLY, e.g. with splat-transform");
  }
  if (vertex_index == header.elements.size()) return fail("no vertex element");
  const Element& vertex = header.elements[vertex_index];
  Result<Plan> planned = make_plan(vertex, name);
  if (!planned) return planned.error();
  const Plan& plan = planned.value();
  if (vertex.count == 0) return fail("no Gaussians (vertex count is 0)");

  LoadedScene loaded;
  GaussianScene& scene = loaded.scene;
  scene.sh_degree = plan.sh_degree;
  scene.comments = header.comments;
  DropCounts drops;
  std::size_t kept = 0;

  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t pos = header.data_offset;
  const std::string after = vertex_index == 0
                                ? "follow the header"
                                : "remain after element " + in_quotes(header.elements[vertex_index - 1].name);

  if (header.format == Format::kAscii) {
    Cursor cursor{reinterpret_cast<const char*>(data) + pos, reinterpret_cast<const char*>(data) + size,
                  header.line_count + 1};
    std::optional<Error> error;
    double value = 0;
    for (std::size_t e = 0; e < vertex_index; ++e) {
      const Element& element = header.elements[e];
      if (element.properties.empty()) continue;
      const std::string where = "element " + in_quotes(element.name) + " record ";
      for (std::uint64_t r = 0; r < element.count; ++r) {
        for (const Property& p : element.properties) {
          std::uint64_t items = 1;
          if (p.is_list) {
            if (!read_ascii(cursor, p.count_type, value, name, where, r, error)) return *error;
            if (value < 0) return fail("negative list length at line " + std::to_string(cursor.line));
            items = static_cast<std::uint64_t>(value);
          }
          for (std::uint64_t k = 0; k < items; ++k) {
            if (!read_ascii(cursor, p.type, value, name, where, r, error)) return *error;
          }
        }
      }
    }
    // Each value takes at least one character and one separator.
    const std::size_t remaining = static_cast<std::size_t>(cursor.end - cursor.p);
    const std::uint64_t min_bytes = vertex.count * vertex.properties.size() * 2 - 1;
    if (min_bytes > remaining) {
      return fail("vertex count " + std::to_string(vertex.count) + " needs at least " +
                      std::to_string(min_bytes) + " bytes but only " + std::to_string(remaining) + " " +
                      after,
                  kTruncatedHint);
    }
    // After the size check: a damaged count is reported as damage, not as a budget to raise.
    if (auto over = check_gaussian_budget(vertex.count, limits, name, "PLY header")) return *over;
    hooks.header_read(static_cast<std::size_t>(cursor.p - reinterpret_cast<const char*>(data)), vertex.count);
    if (hooks.cancelled()) return load_cancelled(name);
    const auto count = static_cast<std::size_t>(vertex.count);
    size_scene(scene, count);
    std::vector<double> values(vertex.properties.size());
    double raw[kMaxSlots];
    const char* reported = cursor.p;
    for (std::size_t i = 0; i < count; ++i) {
      if (i % kAsciiRecordsPerReport == 0 && i > 0) {
        if (hooks.cancelled()) return load_cancelled(name);
        hooks.advanced(static_cast<std::size_t>(cursor.p - reported), kAsciiRecordsPerReport);
        reported = cursor.p;
      }
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (!read_ascii(cursor, vertex.properties[k].type, values[k], name, "vertex ", i, error))
          return *error;
      }
      for (int s = 0; s < plan.slot_count; ++s)
        raw[s] = values[static_cast<std::size_t>(plan.property_of[s])];
      if (drops.count(activate(raw, plan.slot_count, scene, kept))) ++kept;
    }
  } else {
    const bool swap =
        (header.format == Format::kBinaryBigEndian) != (std::endian::native == std::endian::big);
    for (std::size_t e = 0; e < vertex_index; ++e) {
      const Element& element = header.elements[e];
      if (element.has_list()) {
        std::uint64_t record = 0;
        if (!skip_binary_lists(element, data, size, swap, pos, record)) {
          return fail(
              "truncated data in element " + in_quotes(element.name) + " at record " + std::to_string(record),
              kTruncatedHint);
        }
      } else {
        const std::uint64_t need = element.count * element.record_size();  // < 2^32 * 8000: no overflow
        if (need > size - pos) {
          return fail("element " + in_quotes(element.name) + " count " + std::to_string(element.count) +
                          " needs " + std::to_string(need) + " bytes but only " + std::to_string(size - pos) +
                          " follow the header",
                      kTruncatedHint);
        }
        pos += static_cast<std::size_t>(need);
      }
    }
    const std::uint64_t need = vertex.count * plan.record_size;
    if (need > size - pos) {
      return fail("vertex count " + std::to_string(vertex.count) + " needs " + std::to_string(need) +
                      " bytes but only " + std::to_string(size - pos) + " " + after,
                  kTruncatedHint);
    }
    // After the size check: a damaged count is reported as damage, not as a budget to raise.
    if (auto over = check_gaussian_budget(vertex.count, limits, name, "PLY header")) return *over;
    hooks.header_read(pos, vertex.count);
    if (hooks.cancelled()) return load_cancelled(name);
    const auto count = static_cast<std::size_t>(vertex.count);
    size_scene(scene, count);
    if (!ply::decode_binary(data + pos, count, plan, swap, scene, drops, kept, hooks)) return load_cancelled(name);
  }
  hooks.finished();

  drops.report(loaded.warnings);
  if (kept == 0) {
    std::string what = "no usable Gaussians (all " + std::to_string(vertex.count) + " dropped: ";
    for (std::size_t i = 0; i < loaded.warnings.size(); ++i) what += (i ? "; " : "") + loaded.warnings[i];
    return fail(what + ")");
  }
  scene.resize(kept);
  scene.render_mode = render_mode_from_comments(header.comments, loaded.warnings);
  return loaded;
}

Error out_of_memory(const std::string& name) {
  return Error{name, "not enough memory to load the scene", "close other programs or load a smaller scene"};
}

}  // namespace

Result<LoadedScene> parse_ply(std::span<const std::byte> bytes, const std::string& name) {
  return parse_ply(bytes, name, LoadLimits{});
}

Result<LoadedScene> parse_ply(std::span<const std::byte> bytes, const std::string& name,
                              const LoadLimits& limits) {
  return parse_ply(bytes, name, limits, LoadObserver{});
}

Result<LoadedScene> parse_ply(std::span<const std::byte> bytes, const std::string& name, const LoadLimits& limits,
                              const LoadObserver& observer, const FileBytes* mapping) {
  LoadHooks hooks(mapping, observer, bytes.size());
  // Every size is checked against the input before anything is allocated, but a big valid scene can
  // still exceed the memory there is: that must not take the app down either.
  try {
    return parse_checked(bytes, name, limits, hooks);
  } catch (const std::bad_alloc&) {
    return out_of_memory(name);
  } catch (const std::length_error&) {
    return out_of_memory(name);
  }
}

Result<LoadedScene> load_ply(const std::filesystem::path& path) { return load_ply(path, LoadLimits{}); }

Result<LoadedScene> load_ply(const std::filesystem::path& path, const LoadLimits& limits) {
  return load_ply(path, limits, LoadObserver{});
}

Result<LoadedScene> load_ply(const std::filesystem::path& path, const LoadLimits& limits,
                             const LoadObserver& observer) {
  // No size limit of its own: parse_ply checks every count against the bytes that are there.
  auto file = FileBytes::open(path, std::numeric_limits<std::uint64_t>::max(), "a 3DGS .ply file",
                              FileBytes::Access::kStreamed);
  if (!file) return file.error();
  return parse_ply(file.value().bytes(), path.string(), limits, observer, &file.value());
}

}  // namespace splatview
