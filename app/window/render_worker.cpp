#include "app/window/render_worker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "render/cpu_renderer.h"

namespace splatview {

namespace {

bool same_camera(const Camera& a, const Camera& b) {
  return a.eye == b.eye && a.target == b.target && a.up == b.up && a.fovy_degrees == b.fovy_degrees &&
         a.width == b.width && a.height == b.height;
}

bool same_settings(const RenderSettings& a, const RenderSettings& b) {
  return std::memcmp(a.background, b.background, sizeof a.background) == 0 && a.max_sh_degree == b.max_sh_degree &&
         a.scale_modifier == b.scale_modifier && a.render_mode == b.render_mode && a.show == b.show &&
         std::memcmp(&a.shown, &b.shown, sizeof a.shown) == 0;
}

}  // namespace

RenderWorker::RenderWorker(std::unique_ptr<Renderer> renderer, DirectUpload* direct, int cpu_threads)
    : renderer_(std::move(renderer)),
      direct_(direct),
      direct_enabled_(direct != nullptr),
      cpu_threads_(cpu_threads),
      thread_([this] { run(); }) {}

RenderWorker::~RenderWorker() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RenderWorker::set_renderer(std::unique_ptr<Renderer> renderer) {
  std::lock_guard lock(mutex_);
  renderer_ = std::move(renderer);
  fallback_reason_.clear();
  last_rendered_.reset();  // render again with the new one
}

void RenderWorker::set_scene(std::shared_ptr<const GaussianScene> scene) {
  std::lock_guard lock(mutex_);
  scene_ = std::move(scene);
  ++scene_version_;
  levels_.reset();
  level_times_.assign(1, LevelTime{});
}

void RenderWorker::set_levels(std::shared_ptr<const GaussianScene> scene, std::shared_ptr<const SceneLevels> levels) {
  std::lock_guard lock(mutex_);
  if (scene != scene_ || !levels || levels->empty()) return;
  levels_ = std::move(levels);
  level_times_.resize(levels_->size() + 1, LevelTime{});
}

void RenderWorker::set_moving_budget_ms(double ms) {
  std::lock_guard lock(mutex_);
  moving_budget_ms_ = ms;
}

std::size_t RenderWorker::level_count(int level) const {
  return level == 0 ? scene_->count() : (*levels_)[static_cast<std::size_t>(level - 1)].count();
}

// A level's time is smoothed over its frames (one slow frame does not banish it); while a coarser
// level is shown, the times of the finer ones that came close fade a little each frame, so that a
// level once just over the budget is tried again now and then.
void RenderWorker::record_level_time(int level, double ms, double pixels) {
  constexpr double kSmoothing = 0.3, kFade = 0.97;
  LevelTime& t = level_times_[static_cast<std::size_t>(level)];
  t.ms = t.ms < 0 || t.pixels != pixels ? ms : (1 - kSmoothing) * t.ms + kSmoothing * ms;
  t.pixels = pixels;
  for (int finer = 0; finer < level; ++finer) {
    double& finer_ms = level_times_[static_cast<std::size_t>(finer)].ms;
    if (finer_ms > 0 && finer_ms < 2 * moving_budget_ms_) finer_ms *= kFade;  // (one far over it is never worth a try)
  }
}

// A level's predicted time at `pixels`: its own smoothed time, scaled by the pixels (blending grows
// with them; the rest does not, so this errs on the slow side), or, not yet measured, the nearest
// measured level's: from a finer one scaled by the Gaussians, from a coarser one by the square root
// of their ratio (a small level's time is mostly per-pixel work, so a linear guess would never try
// the finer level; one try measures it). Negative when no level has been measured.
double RenderWorker::predicted_ms(int level, double pixels) const {
  const int coarsest = static_cast<int>(levels_->size());
  for (int distance = 0; distance <= coarsest; ++distance)
    for (int known : {level + distance, level - distance}) {
      if (known < 0 || known > coarsest || level_times_[static_cast<std::size_t>(known)].ms < 0) continue;
      const LevelTime& t = level_times_[static_cast<std::size_t>(known)];
      const double ratio = static_cast<double>(level_count(level)) / static_cast<double>(level_count(known));
      return t.ms * std::max(1.0, pixels / std::max(1.0, t.pixels)) * (known > level ? std::sqrt(ratio) : ratio);
    }
  return -1;
}

// The finest level predicted to fit the budget, else the coarsest.
int RenderWorker::choose_level(const Request& request) const {
  if (request.exact || !levels_) return 0;
  const double pixels = static_cast<double>(request.camera.width) * request.camera.height;
  const int coarsest = static_cast<int>(levels_->size());
  for (int level = 0; level < coarsest; ++level) {
    const double predicted = predicted_ms(level, pixels);
    if (predicted >= 0 && predicted <= moving_budget_ms_) return level;
  }
  return coarsest;
}

void RenderWorker::set_comparison(std::optional<Comparison> comparison) {
  std::lock_guard lock(mutex_);
  comparison_ = std::move(comparison);
  ++scene_version_;  // what the view shows changed: render it again
}

void RenderWorker::request(const Camera& camera, const RenderSettings& settings, bool full_resolution, bool exact) {
  std::lock_guard lock(mutex_);
  Request next{camera, settings, full_resolution, exact, scene_version_};
  if (last_rendered_ && same_camera(last_rendered_->camera, camera) && same_settings(last_rendered_->settings, settings) &&
      last_rendered_->scene_version == scene_version_ && last_rendered_->full_resolution == full_resolution &&
      (last_rendered_->exact || !exact))
    return;
  pending_ = next;
  wake_.notify_all();
}

bool RenderWorker::take(RenderedFrame& frame) {
  std::lock_guard lock(mutex_);
  if (!has_finished_) return false;
  std::swap(frame, finished_);
  has_finished_ = false;
  return true;
}

void RenderWorker::device_frame_done(bool copied) {
  {
    std::lock_guard lock(mutex_);
    device_frame_outstanding_ = false;
    if (!copied) {
      direct_enabled_ = false;
      last_rendered_.reset();  // the next request renders this view again, through host memory
    }
  }
  wake_.notify_all();
}

bool RenderWorker::direct_upload_active() const {
  std::lock_guard lock(mutex_);
  return direct_enabled_ && direct_->available();
}

std::string RenderWorker::renderer_description() const {
  std::lock_guard lock(mutex_);
  if (!renderer_) return "none";
  std::string description = renderer_->name() + " (" + renderer_->device_description() + ")";
  if (!fallback_reason_.empty()) description += "; the GPU failed: " + fallback_reason_;
  return description;
}

bool RenderWorker::idle() const {
  std::lock_guard lock(mutex_);
  return !pending_ && !rendering_ && !has_finished_;
}

bool RenderWorker::fell_back_to_cpu() const {
  std::lock_guard lock(mutex_);
  return !fallback_reason_.empty();
}

void RenderWorker::run() {
  Image image;
  RenderedFrame frame;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return quit_ || pending_.has_value(); });
    if (quit_) return;
    const Request request = *pending_;
    pending_.reset();
    rendering_ = true;
    std::shared_ptr<const GaussianScene> scene = scene_;
    std::shared_ptr<Renderer> renderer = renderer_;
    if (!scene || !renderer) continue;
    // A comparison is composed on the host from two renders (of the scenes themselves).
    const std::optional<Comparison> comparison = comparison_;
    const int level = comparison ? 0 : choose_level(request);
    const std::shared_ptr<const SceneLevels> levels = levels_;
    if (level > 0) scene = std::shared_ptr<const GaussianScene>(levels, &(*levels)[static_cast<std::size_t>(level - 1)]);
    DirectUpload* direct = direct_enabled_ && !comparison ? direct_ : nullptr;
    lock.unlock();  // the UI may post requests, swap scene or renderer while this frame renders
    const bool on_device =
        direct != nullptr && direct->render_on_device(*renderer, *scene, request.camera, request.settings, frame.stats);
    if (on_device) {
      frame.image = Image8{};
      frame.device_source = renderer;
    } else if (comparison) {
      FrameLook look;
      look.settings = request.settings;
      look.comparison = comparison;
      auto composed = compose_frame(*renderer, *scene, look, request.camera, 0.0, &frame.stats);
      if (!composed) {  // as below: never a background-only frame; the CPU renders this one
        std::fprintf(stderr, "splatview: %s\n", composed.error().message().c_str());
        CpuRenderer cpu(cpu_threads_);
        composed = compose_frame(cpu, *scene, look, request.camera, 0.0, &frame.stats);
      }
      frame.image = composed ? std::move(composed.value()) : Image8{};
      frame.device_source.reset();
    } else {
      renderer->render(*scene, request.camera, request.settings, image, frame.stats);
      if (const std::string why = renderer->last_failure(); !why.empty()) {
        // Not a frame of background: this one and every later one come from the CPU.
        std::fprintf(stderr, "splatview: the %s renderer failed (%s); the CPU renders from now on\n",
                     renderer->name().c_str(), why.c_str());
        const std::shared_ptr<Renderer> failed = renderer;
        renderer = std::make_shared<CpuRenderer>(cpu_threads_);
        renderer->render(*scene, request.camera, request.settings, image, frame.stats);
        std::lock_guard swap(mutex_);
        if (renderer_ == failed) {  // unless the UI chose another renderer meanwhile
          renderer_ = renderer;
          fallback_reason_ = why;
        }
      }
      frame.image = to_8bit_image(image, false);
      frame.device_source.reset();
    }
    frame.camera = request.camera;
    frame.full_resolution = request.full_resolution;
    frame.level = level;
    frame.gaussians = scene->count();
    lock.lock();
    if (request.scene_version == scene_version_ && static_cast<std::size_t>(level) < level_times_.size())
      record_level_time(level, frame.stats.total_ms, static_cast<double>(request.camera.width) * request.camera.height);
    last_rendered_ = request;
    last_rendered_->exact = level == 0;
    rendering_ = false;
    std::swap(finished_, frame);
    has_finished_ = true;
    if (on_device) {
      // The frame lives in the renderer's memory: nothing more is rendered until the UI copied it.
      device_frame_outstanding_ = true;
      wake_.wait(lock, [&] { return quit_ || !device_frame_outstanding_; });
      if (quit_) return;
    }
  }
}

}  // namespace splatview
