#include "app/window/render_worker.h"

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
         a.scale_modifier == b.scale_modifier && a.render_mode == b.render_mode;
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
}

void RenderWorker::set_comparison(std::optional<Comparison> comparison) {
  std::lock_guard lock(mutex_);
  comparison_ = std::move(comparison);
  ++scene_version_;  // what the view shows changed: render it again
}

void RenderWorker::request(const Camera& camera, const RenderSettings& settings, bool full_resolution) {
  std::lock_guard lock(mutex_);
  Request next{camera, settings, full_resolution, scene_version_};
  if (last_rendered_ && same_camera(last_rendered_->camera, camera) && same_settings(last_rendered_->settings, settings) &&
      last_rendered_->scene_version == scene_version_ && last_rendered_->full_resolution == full_resolution)
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
    // A comparison is composed on the host from two renders.
    const std::optional<Comparison> comparison = comparison_;
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
    lock.lock();
    last_rendered_ = request;
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
