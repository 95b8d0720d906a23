#include "core/formats/decode_support.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace splatview::formats {

void store_rotation(float* out, float w, float x, float y, float z) {
  const double q[4] = {w, x, y, z};
  for (double v : q) {
    if (!std::isfinite(v)) {
      for (int i = 0; i < 4; ++i) out[i] = static_cast<float>(q[i]);
      return;
    }
  }
  double norm2 = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3];
  double pre = 1.0;  // rescale first when the squares leave double's comfortable range
  if (!(norm2 > 1e-200 && norm2 < 1e200)) {
    const double largest = std::max({std::fabs(q[0]), std::fabs(q[1]), std::fabs(q[2]), std::fabs(q[3])});
    if (largest == 0.0) {
      std::fill(out, out + 4, 0.0f);
      return;
    }
    pre = 1.0 / largest;
    norm2 = 0.0;
    for (int i = 0; i < 4; ++i) norm2 += (q[i] * pre) * (q[i] * pre);
  }
  const double inv = pre / std::sqrt(norm2);
  for (int i = 0; i < 4; ++i) out[i] = static_cast<float>(q[i] * inv);
}

void size_scene(GaussianScene& scene, std::size_t n) {
  scene.positions.clear();
  scene.scales.clear();
  scene.rotations.clear();
  scene.opacities.clear();
  scene.sh.clear();
  scene.resize(n);
}

namespace {

enum class Verdict { kKeep, kNaN, kInfinite, kNegativeScale, kZeroRotation };

Verdict check(const GaussianScene& scene, std::size_t i, std::size_t sh_values) {
  const float* groups[] = {&scene.positions[3 * i], &scene.scales[3 * i], &scene.rotations[4 * i],
                           &scene.opacities[i], &scene.sh[sh_values * i]};
  const std::size_t sizes[] = {3, 3, 4, 1, sh_values};
  bool infinite = false;
  for (int g = 0; g < 5; ++g) {
    for (std::size_t k = 0; k < sizes[g]; ++k) {
      const float v = groups[g][k];
      if (std::isnan(v)) return Verdict::kNaN;
      if (std::isinf(v)) infinite = true;
    }
  }
  if (infinite) return Verdict::kInfinite;
  const float* s = &scene.scales[3 * i];
  if (s[0] < 0 || s[1] < 0 || s[2] < 0) return Verdict::kNegativeScale;
  const float* q = &scene.rotations[4 * i];
  if (q[0] == 0 && q[1] == 0 && q[2] == 0 && q[3] == 0) return Verdict::kZeroRotation;
  return Verdict::kKeep;
}

void move_gaussian(GaussianScene& scene, std::size_t from, std::size_t to, std::size_t sh_values) {
  std::copy_n(&scene.positions[3 * from], 3, &scene.positions[3 * to]);
  std::copy_n(&scene.scales[3 * from], 3, &scene.scales[3 * to]);
  std::copy_n(&scene.rotations[4 * from], 4, &scene.rotations[4 * to]);
  scene.opacities[to] = scene.opacities[from];
  std::copy_n(&scene.sh[sh_values * from], sh_values, &scene.sh[sh_values * to]);
}

std::string gaussians(std::size_t n) { return with_commas(n) + (n == 1 ? " Gaussian" : " Gaussians"); }

}  // namespace

Result<LoadedScene> finish_scene(LoadedScene loaded, const std::string& name, const std::string& hint) {
  GaussianScene& scene = loaded.scene;
  const std::size_t n = scene.count();
  const auto sh_values = static_cast<std::size_t>(3 * scene.sh_coeffs());
  std::size_t counts[5] = {};
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Verdict verdict = check(scene, i, sh_values);
    ++counts[static_cast<int>(verdict)];
    if (verdict != Verdict::kKeep) continue;
    if (kept != i) move_gaussian(scene, i, kept, sh_values);
    ++kept;
  }
  auto& warnings = loaded.warnings;
  const std::size_t first_new = warnings.size();
  if (counts[1]) warnings.push_back("dropped " + gaussians(counts[1]) + " with NaN values");
  if (counts[2])
    warnings.push_back("dropped " + gaussians(counts[2]) +
                       " with infinite position, scale, rotation or colour values");
  if (counts[3]) warnings.push_back("dropped " + gaussians(counts[3]) + " with negative scales");
  if (counts[4])
    warnings.push_back("dropped " + gaussians(counts[4]) + " with a zero-length rotation quaternion");
  if (kept == 0) {
    std::string what =
        n == 0 ? std::string("no Gaussians") : "no usable Gaussians (all " + with_commas(n) + " dropped: ";
    if (n != 0) {
      for (std::size_t i = first_new; i < warnings.size(); ++i)
        what += (i > first_new ? "; " : "") + warnings[i];
      what += ")";
    }
    return Error{name, what, hint};
  }
  scene.resize(kept);
  return loaded;
}

Error out_of_memory(const std::string& name) {
  return Error{name, "not enough memory to load the scene", "close other programs or load a smaller scene"};
}

Result<std::vector<std::byte>> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes,
                                                 const std::string& name) {
  // O_NONBLOCK: opening a FIFO must not hang; it has no effect on regular files.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return Error{
        name, "cannot open " + path.filename().string() + ": " + std::generic_category().message(errno),
        "check that the file exists and can be read"};
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    return Error{name, path.filename().string() + " is not a regular file", "check the file"};
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) {
    return Error{name,
                 path.filename().string() + " is " + with_commas(size) + " bytes, over the limit of " +
                     with_commas(max_bytes),
                 "check that this is the right file"};
  }
  std::vector<std::byte> buffer;
  try {
    buffer.resize(static_cast<std::size_t>(size));
  } catch (const std::bad_alloc&) {
    return out_of_memory(name);
  }
  std::size_t done = 0;
  while (done < buffer.size()) {
    const ssize_t got = ::read(fd, buffer.data() + done, buffer.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return Error{
          name,
          "cannot read " + path.filename().string() + ": " + std::generic_category().message(errno),
          "check the file"};
    }
    if (got == 0) break;  // the file shrank meanwhile
    done += static_cast<std::size_t>(got);
  }
  buffer.resize(done);
  return buffer;
}

std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace splatview::formats
