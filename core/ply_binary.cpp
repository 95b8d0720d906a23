#include "core/ply_binary.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <vector>

namespace splatview::ply {
namespace {

// Bytes of records a task decodes: small enough that the chunks in flight (one a thread) are a
// rounding error next to the scene, large enough that the per-chunk system calls cost nothing.
constexpr std::size_t kChunkBytes = std::size_t{4} << 20;

// Converts records [first, last) into the scene from index `first` on, compacting over dropped ones;
// returns the number kept.
template <bool kFloatLittleEndian>
std::size_t convert_range(const unsigned char* base, std::size_t first, std::size_t last, const Plan& plan,
                          bool swap, GaussianScene& scene, DropCounts& drops) {
  const int slots = plan.slot_count;
  std::size_t out = first;
  for (std::size_t i = first; i < last; ++i) {
    const unsigned char* record = base + i * plan.record_size;
    if constexpr (kFloatLittleEndian) {
      if (drops.count(activate_floats(record, plan.offset, slots, scene, out))) ++out;
    } else {
      double raw[kMaxSlots];
      for (int s = 0; s < slots; ++s) raw[s] = load_scalar(record + plan.offset[s], plan.type[s], swap);
      if (drops.count(activate(raw, slots, scene, out))) ++out;
    }
  }
  return out - first;
}

// Moves Gaussians [from, from + n) to [to, to + n), to <= from.
void move_gaussians(GaussianScene& scene, std::size_t from, std::size_t to, std::size_t n) {
  auto move = [&](std::vector<float>& v, std::size_t per) {
    std::memmove(v.data() + to * per, v.data() + from * per, n * per * sizeof(float));
  };
  move(scene.positions, 3);
  move(scene.scales, 3);
  move(scene.rotations, 4);
  move(scene.opacities, 1);
  move(scene.sh, 3 * static_cast<std::size_t>(scene.sh_coeffs()));
}

template <bool kFloatLittleEndian>
bool decode_chunks(const unsigned char* records, std::size_t count, const Plan& plan, bool swap,
                   GaussianScene& scene, DropCounts& drops, std::size_t& kept, ChunkHooks& hooks) {
  const std::size_t per_chunk = std::max<std::size_t>(1, kChunkBytes / plan.record_size);
  const std::size_t chunks = (count + per_chunk - 1) / per_chunk;
  std::vector<std::size_t> chunk_kept(chunks);
  std::vector<DropCounts> chunk_drops(chunks);
  std::atomic<bool> stopped{false};
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, chunks, 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t c = range.begin(); c < range.end(); ++c) {
          if (stopped.load(std::memory_order_relaxed) || hooks.cancelled()) {
            stopped = true;
            return;
          }
          const std::size_t first = c * per_chunk, last = std::min(count, first + per_chunk);
          const unsigned char* bytes = records + first * plan.record_size;
          const std::size_t length = (last - first) * plan.record_size;
          hooks.prefetch(bytes, length);
          chunk_kept[c] = convert_range<kFloatLittleEndian>(records, first, last, plan, swap, scene, chunk_drops[c]);
          hooks.release(bytes, length);
          hooks.advanced(length, last - first);
        }
      },
      tbb::simple_partitioner());
  if (stopped) return false;
  // Each chunk packed its Gaussians at its own start; close the gaps that dropped ones left.
  kept = 0;
  for (std::size_t c = 0; c < chunks; ++c) {
    if (kept != c * per_chunk) move_gaussians(scene, c * per_chunk, kept, chunk_kept[c]);
    kept += chunk_kept[c];
    drops.add(chunk_drops[c]);
  }
  return true;
}

}  // namespace

bool decode_binary(const unsigned char* records, std::size_t count, const Plan& plan, bool swap,
                   GaussianScene& scene, DropCounts& drops, std::size_t& kept, ChunkHooks& hooks) {
  bool all_float = true;
  for (int s = 0; s < plan.slot_count; ++s) all_float = all_float && plan.type[s] == ScalarType::kFloat32;
  if (all_float && !swap) return decode_chunks<true>(records, count, plan, swap, scene, drops, kept, hooks);
  return decode_chunks<false>(records, count, plan, swap, scene, drops, kept, hooks);
}

}  // namespace splatview::ply
