#pragma once
// Internal to the PLY reader: binary vertex records decoded straight into the scene's arrays, in
// parallel over chunks of the file, each chunk's bytes prefetched before and released after, so that
// a 1.5 GB file is never resident whole next to the arrays it fills.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "core/gaussian_scene.h"
#include "core/ply_activation.h"
#include "core/ply_header.h"
#include "core/ply_layout.h"

namespace splatview::ply {

// One PLY scalar at `p`, byte-swapped when the file's endianness is not the host's.
template <class T>
inline T load(const unsigned char* p, bool swap) {
  using U = std::conditional_t<
      sizeof(T) == 1, std::uint8_t,
      std::conditional_t<sizeof(T) == 2, std::uint16_t,
                         std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;
  U bits;
  std::memcpy(&bits, p, sizeof(U));
  if constexpr (sizeof(U) > 1) {
    if (swap) {
      U swapped = 0;
      for (std::size_t i = 0; i < sizeof(U); ++i)
        swapped = static_cast<U>((swapped << 8) | ((bits >> (8 * i)) & 0xff));
      bits = swapped;
    }
  }
  return std::bit_cast<T>(bits);
}

inline double load_scalar(const unsigned char* p, ScalarType type, bool swap) {
  switch (type) {
    case ScalarType::kInt8: return load<std::int8_t>(p, swap);
    case ScalarType::kUInt8: return load<std::uint8_t>(p, swap);
    case ScalarType::kInt16: return load<std::int16_t>(p, swap);
    case ScalarType::kUInt16: return load<std::uint16_t>(p, swap);
    case ScalarType::kInt32: return load<std::int32_t>(p, swap);
    case ScalarType::kUInt32: return load<std::uint32_t>(p, swap);
    case ScalarType::kFloat32: return load<float>(p, swap);
    case ScalarType::kFloat64: return load<double>(p, swap);
  }
  return 0.0;
}

// What the decoder tells its caller about the bytes it reads. Called from several threads at once.
class ChunkHooks {
 public:
  virtual ~ChunkHooks() = default;
  virtual bool cancelled() const = 0;
  virtual void prefetch(const unsigned char* first, std::size_t length) = 0;  // about to be read
  virtual void release(const unsigned char* first, std::size_t length) = 0;   // no longer needed
  virtual void advanced(std::size_t bytes, std::size_t records) = 0;          // progress
};

// Decodes `count` records starting at `records` into the scene, which is sized for `count`; the
// Gaussians kept (`kept` of them) end up packed at its front in file order, the others counted in
// `drops`. False when cancelled: the scene is then partly written and must be thrown away.
bool decode_binary(const unsigned char* records, std::size_t count, const Plan& plan, bool swap,
                   GaussianScene& scene, DropCounts& drops, std::size_t& kept, ChunkHooks& hooks);

}  // namespace splatview::ply
