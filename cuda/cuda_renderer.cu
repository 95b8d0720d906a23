#include "cuda/cuda_renderer.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>

#include "cuda/cuda_device.h"
#include "cuda/device_algorithms.h"
#include "cuda/device_buffer.h"
#include "cuda/kernels.cuh"
#include "render/frame_setup.h"

namespace splatview {

namespace {

using Clock = std::chrono::steady_clock;

// What identifies an uploaded scene. The sampled values catch a new scene that happens to reuse
// the old one's addresses and size.
struct SceneSignature {
  const float* arrays[5] = {};
  std::size_t count = 0;
  int sh_degree = -1;
  std::uint64_t sample_hash = 0;

  bool operator==(const SceneSignature& o) const {
    return std::equal(arrays, arrays + 5, o.arrays) && count == o.count && sh_degree == o.sh_degree &&
           sample_hash == o.sample_hash;
  }
};

// FNV-1a over the values of up to 64 Gaussians spread through the scene.
std::uint64_t sample_hash(const GaussianScene& scene) {
  std::uint64_t hash = 1469598103934665603ull;
  auto mix = [&](const float* values, std::size_t n) {
    unsigned char bytes[sizeof(float)];
    for (std::size_t k = 0; k < n; ++k) {
      std::memcpy(bytes, values + k, sizeof bytes);
      for (unsigned char b : bytes) hash = (hash ^ b) * 1099511628211ull;
    }
  };
  const std::size_t n = scene.count();
  const std::size_t stride = std::max<std::size_t>(1, n / 64);
  const std::size_t sh_per_gaussian = static_cast<std::size_t>(scene.sh_coeffs()) * 3;
  for (std::size_t i = 0; i < n; i += stride) {
    mix(&scene.positions[3 * i], 3);
    mix(&scene.scales[3 * i], 3);
    mix(&scene.rotations[4 * i], 4);
    mix(&scene.opacities[i], 1);
    mix(&scene.sh[sh_per_gaussian * i], sh_per_gaussian);
  }
  return hash;
}

SceneSignature signature_of(const GaussianScene& scene) {
  SceneSignature s;
  const float* arrays[5] = {scene.positions.data(), scene.scales.data(), scene.rotations.data(),
                            scene.opacities.data(), scene.sh.data()};
  std::copy(arrays, arrays + 5, s.arrays);
  s.count = scene.count();
  s.sh_degree = scene.sh_degree;
  s.sample_hash = sample_hash(scene);
  return s;
}

}  // namespace

// Runs the stages of a frame one after another on the stream, each closed by an event; the times
// are read once the frame is done.
class StageEvents {
 public:
  void begin(cudaStream_t stream) {
    stream_ = stream;
    count_ = 0;
    start_.record(stream);
  }
  template <class Stage>
  void operator()(const char* name, double FrameStats::*step, const Stage& run) {
    run();
    stages_[count_] = {name, step};
    events_[count_++].record(stream_);
  }
  // Once the stream has passed the last event.
  void report(FrameStats& stats) const {
    for (int k = 0; k < count_; ++k)
      stats.add_stage(stages_[k].name, stages_[k].step, events_[k].ms_since(k == 0 ? start_ : events_[k - 1]));
  }

 private:
  struct Stage {
    const char* name;
    double FrameStats::*step;
  };
  cudaStream_t stream_ = nullptr;
  gpu::Event start_, events_[FrameStats::kMaxStages];
  Stage stages_[FrameStats::kMaxStages] = {};
  int count_ = 0;
};

struct CudaRenderer::State {
  gpu::Stream stream;
  StageEvents stage_events;

  // The scene, uploaded when it changes.
  gpu::DeviceBuffer<float> positions, scales, rotations, opacities, sh;
  SceneSignature uploaded;
  bool has_scene = false;

  // Per Gaussian: the projection, tiles touched (then their inclusive prefix sum).
  gpu::DeviceBuffer<splat::ProjectedSplat> projected;
  gpu::DeviceBuffer<std::uint64_t> offsets;
  gpu::DeviceBuffer<unsigned long long> counters;  // visible Gaussians, tile entries
  unsigned long long host_counters[2] = {0, 0};
  // Per tile entry: keys and Gaussian indices, unsorted and sorted.
  gpu::DeviceBuffer<std::uint64_t> keys, sorted_keys;
  gpu::DeviceBuffer<std::uint32_t> values, sorted_values;
  std::uint32_t entries = 0;
  gpu::InclusiveSum inclusive_sum;
  gpu::SortPairs sort_pairs;
  gpu::DeviceBuffer<tiles::TileRange> ranges;
  // The frame.
  gpu::DeviceBuffer<float> rgb, alpha;
  gpu::DeviceBuffer<std::uint8_t> rgba8;
  int rgba8_width = 0, rgba8_height = 0;

  void upload(const GaussianScene& scene);
  void render(const GaussianScene& scene, const FrameSetup& frame, FrameStats& stats, Image* host_out,
              bool want_rgba8);
  // The stages of render(), in the order they run.
  void preprocess(const FrameSetup& frame);
  void tile_keys(const FrameSetup& frame);
  void sort_keys(const FrameSetup& frame);
  void tile_ranges(const FrameSetup& frame);
  void blend(const FrameSetup& frame);
  void output(const FrameSetup& frame, Image* host_out, bool want_rgba8);

  std::size_t bytes() const {
    return positions.bytes() + scales.bytes() + rotations.bytes() + opacities.bytes() + sh.bytes() +
           projected.bytes() + offsets.bytes() + counters.bytes() + keys.bytes() + sorted_keys.bytes() +
           values.bytes() + sorted_values.bytes() + inclusive_sum.bytes() + sort_pairs.bytes() + ranges.bytes() +
           rgb.bytes() + alpha.bytes() + rgba8.bytes();
  }
};

// The limits of the CUDA renderer's int and 32-bit counts.
void check_limits(const FrameSetup& frame) {
  if (frame.gaussians > static_cast<std::size_t>(INT_MAX))
    throw gpu::CudaError("the scene has " + std::to_string(frame.gaussians) +
                         " Gaussians, more than the CUDA renderer takes");
  if (frame.tiles > static_cast<std::size_t>(INT_MAX))
    throw gpu::CudaError("an image of " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                         " pixels is too large for the CUDA renderer");
}

void CudaRenderer::State::upload(const GaussianScene& scene) {
  const SceneSignature signature = signature_of(scene);
  if (has_scene && signature == uploaded) return;
  has_scene = false;
  struct Array {
    gpu::DeviceBuffer<float>* target;
    const std::vector<float>* source;
  };
  for (const Array& a : {Array{&positions, &scene.positions}, Array{&scales, &scene.scales},
                         Array{&rotations, &scene.rotations}, Array{&opacities, &scene.opacities},
                         Array{&sh, &scene.sh}}) {
    a.target->reserve(a.source->size());
    if (a.source->empty()) continue;
    gpu::check(cudaMemcpyAsync(a.target->data(), a.source->data(), a.source->size() * sizeof(float),
                               cudaMemcpyHostToDevice, stream.get()),
               "cudaMemcpyAsync (scene upload)");
  }
  uploaded = signature;
  has_scene = true;
}

// DESIGN "One frame" on the GPU, each stage closed by an event.
void CudaRenderer::State::render(const GaussianScene& scene, const FrameSetup& host_frame, FrameStats& stats,
                                 Image* host_out, bool want_rgba8) {
  check_limits(host_frame);
  upload(scene);
  FrameSetup frame = host_frame;
  frame.arrays = {positions.data(), scales.data(), rotations.data(), opacities.data(), sh.data(),
                  host_frame.arrays.sh_stride};
  StageEvents& stage = stage_events;
  stage.begin(stream.get());
  stage("preprocess", &FrameStats::preprocess_ms, [&] { preprocess(frame); });
  stage("tile keys", &FrameStats::keys_ms, [&] { tile_keys(frame); });
  stage("key sort", &FrameStats::sort_ms, [&] { sort_keys(frame); });
  stage("tile ranges", &FrameStats::ranges_ms, [&] { tile_ranges(frame); });
  stage("blend", &FrameStats::blend_ms, [&] { blend(frame); });
  output(frame, host_out, want_rgba8);
  stream.synchronize();

  stage_events.report(stats);
  stats.visible = static_cast<std::size_t>(host_counters[0]);
  stats.tile_entries = entries;
  stats.memory_bytes = bytes();
}

// One thread per Gaussian: projections, tiles touched and the visible count.
void CudaRenderer::State::preprocess(const FrameSetup& frame) {
  const auto count = static_cast<int>(frame.gaussians);
  projected.reserve(frame.gaussians);
  offsets.reserve(frame.gaussians);
  counters.reserve(2);
  gpu::check(cudaMemsetAsync(counters.data(), 0, 2 * sizeof(unsigned long long), stream.get()),
             "cudaMemsetAsync (counters)");
  gpu::launch_preprocess({frame.arrays, count, frame.view, frame.scale_modifier, frame.sh_degree, projected.data(),
                          offsets.data(), counters.data(), frame.mode, frame.show == ShowMode::kDepth},
                         stream.get());
}

// The inclusive sum of tiles touched (in place; its last value is the entry count, which the host
// needs to size the entries), then every visible Gaussian's (tile, depth) keys.
void CudaRenderer::State::tile_keys(const FrameSetup& frame) {
  const auto count = static_cast<int>(frame.gaussians);
  const cudaStream_t st = stream.get();
  inclusive_sum(offsets.data(), count, st);
  if (count > 0)
    gpu::check(cudaMemcpyAsync(counters.data() + 1, offsets.data() + (count - 1), sizeof(unsigned long long),
                               cudaMemcpyDeviceToDevice, st),
               "cudaMemcpyAsync (entry count)");
  gpu::check(cudaMemcpyAsync(host_counters, counters.data(), sizeof host_counters, cudaMemcpyDeviceToHost, st),
             "cudaMemcpyAsync (counts to host)");
  stream.synchronize();
  if (host_counters[1] > tiles::kMaxTileEntries)
    throw gpu::CudaError("the frame needs " + std::to_string(host_counters[1]) +
                         " tile entries, more than the CUDA renderer's limit of " +
                         std::to_string(tiles::kMaxTileEntries) + " (lower the scale modifier or the image size)");
  entries = static_cast<std::uint32_t>(host_counters[1]);
  keys.reserve(entries, true);
  values.reserve(entries, true);
  sorted_keys.reserve(entries, true);
  sorted_values.reserve(entries, true);
  if (entries > 0)
    gpu::launch_duplicate({projected.data(), offsets.data(), count, frame.view.tiles_x, keys.data(), values.data()},
                          st);
}

// On the depth bits and only as many tile bits as the tile count needs. CUB's radix sort is
// stable, so equal keys stay in Gaussian-index order (the CPU's tie rule).
void CudaRenderer::State::sort_keys(const FrameSetup& frame) {
  const int end_bit = tiles::sort_end_bit(static_cast<std::uint32_t>(frame.tiles));
  sort_pairs(keys.data(), sorted_keys.data(), values.data(), sorted_values.data(), static_cast<int>(entries), end_bit,
             stream.get());
}

// Every tile's [begin, end), {0, 0} where empty.
void CudaRenderer::State::tile_ranges(const FrameSetup& frame) {
  ranges.reserve(frame.tiles);
  gpu::check(cudaMemsetAsync(ranges.data(), 0, frame.tiles * sizeof(tiles::TileRange), stream.get()),
             "cudaMemsetAsync (tile ranges)");
  gpu::launch_tile_ranges(sorted_keys.data(), entries, ranges.data(), stream.get());
}

// One 16x16 block per tile.
void CudaRenderer::State::blend(const FrameSetup& frame) {
  const std::size_t pixels = static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height);
  rgb.reserve(3 * pixels);
  alpha.reserve(pixels);
  gpu::BlendArgs args{ranges.data(),
                      sorted_values.data(),
                      projected.data(),
                      frame.view.tiles_x,
                      static_cast<int>(frame.tiles),
                      frame.width,
                      frame.height,
                      {frame.background[0], frame.background[1], frame.background[2]},
                      rgb.data(),
                      alpha.data()};
  gpu::launch_blend(args, stream.get());
}

// The frame as RGBA8 on the device (for the window), or copied to the host image.
void CudaRenderer::State::output(const FrameSetup& frame, Image* host_out, bool want_rgba8) {
  const std::size_t pixels = static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height);
  const cudaStream_t st = stream.get();
  rgba8_width = rgba8_height = 0;  // the last device frame is gone either way
  if (want_rgba8) {
    rgba8.reserve(4 * pixels);
    gpu::launch_to_rgba8(rgb.data(), alpha.data(), pixels, rgba8.data(), st);
    rgba8_width = frame.width;
    rgba8_height = frame.height;
  }
  if (host_out != nullptr && pixels > 0) {
    gpu::check(cudaMemcpyAsync(host_out->rgb.data(), rgb.data(), 3 * pixels * sizeof(float), cudaMemcpyDeviceToHost, st),
               "cudaMemcpyAsync (image to host)");
    gpu::check(cudaMemcpyAsync(host_out->alpha.data(), alpha.data(), pixels * sizeof(float), cudaMemcpyDeviceToHost, st),
               "cudaMemcpyAsync (coverage to host)");
  }
}

CudaRenderer::CudaRenderer() : description_(query_cuda_device().description) {}

CudaRenderer::~CudaRenderer() = default;

std::string CudaRenderer::device_description() const { return description_; }

void CudaRenderer::invalidate_scene() {
  if (state_) state_->has_scene = false;
}

CudaRenderer::DeviceFrame CudaRenderer::device_frame() const {
  if (!state_ || state_->rgba8_width == 0) return {};
  return {state_->rgba8.data(), state_->rgba8_width, state_->rgba8_height};
}

bool CudaRenderer::run(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                       FrameStats& stats, Image* host_out) {
  const auto begin = Clock::now();
  stats = FrameStats{};
  bool ok = true;
  try {
    if (state_) state_->rgba8_width = state_->rgba8_height = 0;  // no device frame until this one is done
    if (camera.width > 0 && camera.height > 0) {
      if (!state_) state_ = std::make_unique<State>();
      state_->render(scene, make_frame_setup(scene, camera, settings), stats, host_out, host_out == nullptr);
    }
    last_failure_.clear();
  } catch (const std::exception& e) {
    report_failure(e.what());
    const std::size_t memory = state_ ? state_->bytes() : 0;
    stats = FrameStats{};
    stats.memory_bytes = memory;
    if (state_) state_->rgba8_width = state_->rgba8_height = 0;  // no valid device frame
    ok = false;
  }
  stats.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
  return ok;
}

void CudaRenderer::report_failure(const std::string& error) {
  last_failure_ = error;
  if (!log_failures_ || error == last_logged_error_) return;  // one line per distinct error, not one per frame
  std::fprintf(stderr, "splatview: CUDA renderer: %s\n", error.c_str());
  last_logged_error_ = error;
}

void CudaRenderer::render(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                          Image& out, FrameStats& stats) {
  if (show_renders_on_cpu(settings.show)) return render_view_on_cpu(scene, camera, settings, out, stats);
  out.resize(camera.width, camera.height);
  if (run(scene, camera, settings, stats, &out)) return finish_view_on_host(settings, out, stats);
  // The frame failed: show the background rather than stale or partial pixels.
  const std::size_t pixels = out.alpha.size();
  for (std::size_t p = 0; p < pixels; ++p) {
    for (int c = 0; c < 3; ++c) out.rgb[3 * p + c] = settings.background[c];
    out.alpha[p] = 0.f;
  }
}

bool CudaRenderer::render_on_device(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                                    FrameStats& stats) {
  if (settings.show != ShowMode::kColor) return false;  // finished on the host: the host path renders it (render())
  return run(scene, camera, settings, stats, nullptr);
}

}  // namespace splatview
