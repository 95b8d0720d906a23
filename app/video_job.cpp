#include "app/video_job.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "app/output_path.h"
#include "core/camera.h"

namespace splatview {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Frames handed from the render loop to the writer thread; at most `capacity` wait, so memory
// stays bounded while rendering of frame k+1 overlaps writing of frame k.
class FrameQueue {
 public:
  explicit FrameQueue(std::size_t capacity) : capacity_(capacity) {}

  // False when the writer has stopped (it failed).
  bool push(Image8 frame) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return frames_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    frames_.push_back(std::move(frame));
    changed_.notify_all();
    return true;
  }

  // Nothing once the queue is closed and empty, or stopped.
  std::optional<Image8> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !frames_.empty() || closed_ || stopped_; });
    if (stopped_ || frames_.empty()) return std::nullopt;
    Image8 frame = std::move(frames_.front());
    frames_.pop_front();
    changed_.notify_all();
    return frame;
  }

  void close() {  // no more frames; the writer drains what is queued
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  void stop() {  // drop everything: a failure or a cancel
    std::lock_guard lock(mutex_);
    stopped_ = true;
    frames_.clear();
    changed_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Image8> frames_;
  bool closed_ = false;
  bool stopped_ = false;
};

constexpr int kMaxFrames = 100000;
constexpr int kMaxFps = 240;

VideoOutcome failed(Error error, bool at_run_time) {
  VideoOutcome outcome;
  outcome.status = VideoOutcome::Status::kFailed;
  outcome.error = std::move(error);
  outcome.failed_at_run_time = at_run_time;
  return outcome;
}

}  // namespace

std::optional<Error> validate_video(const VideoRequest& request) {
  auto format = export_format_for(request.output);
  if (!format) return format.error();
  if (request.frames < 1 || request.frames > kMaxFrames)
    return Error{"--frames", "must be from 1 to " + std::to_string(kMaxFrames), ""};
  if (request.fps < 1 || request.fps > kMaxFps) return Error{"--fps", "must be from 1 to " + std::to_string(kMaxFps), ""};
  if (auto error = check_image_size(request.width, request.height, "--size")) return error;
  if (request.transparent && format.value() != ExportFormat::kPngFolder)
    return Error{"--background transparent", "only PNG frames can be transparent",
                 "export to a folder, or pick a background colour for .mp4 and .gif"};
  return check_output_folder(request.output);
}

VideoOutcome run_video(const VideoRequest& request, const FrameMaker& make_frame, const VideoProgressCallback& progress,
                       const std::atomic<bool>& cancel) {
  if (auto error = validate_video(request)) return failed(*error, false);
  const ExportFormat format = export_format_for(request.output).value();

  VideoOutcome outcome;
  int width = request.width, height = request.height;
  if (format == ExportFormat::kMp4 && (width % 2 || height % 2)) {
    width += width % 2;
    height += height % 2;
    outcome.note = "H.264 needs even sizes: rendered " + std::to_string(width) + "x" + std::to_string(height) +
                   " instead";
  }

  auto sink = open_frame_sink({request.output, format, width, height, request.transparent ? 4 : 3, request.fps});
  if (!sink) return failed(sink.error(), false);

  const auto begin = Clock::now();
  FrameQueue queue(2);
  std::optional<Error> write_error;
  std::atomic<double> encode_s{0.0};
  std::thread writer([&] {
    while (auto frame = queue.pop()) {
      const auto start_write = Clock::now();
      write_error = sink.value()->write(*frame);
      encode_s = encode_s + seconds_since(start_write);
      if (write_error) {
        queue.stop();
        return;
      }
    }
  });

  VideoProgress& totals = outcome.totals;
  totals.total = request.frames;
  for (int k = 0; k < request.frames; ++k) {
    if (cancel) {
      outcome.status = VideoOutcome::Status::kCancelled;
      break;
    }
    const auto start_render = Clock::now();
    Result<Image8> frame = make_frame(k, width, height);
    if (!frame) {  // never encode a background-only frame
      outcome.status = VideoOutcome::Status::kFailed;
      outcome.error = frame.error();
      outcome.failed_at_run_time = true;
      break;
    }
    totals.render_s += seconds_since(start_render);
    if (!queue.push(std::move(frame.value()))) break;  // the writer failed
    totals.done = k + 1;
    totals.elapsed_s = seconds_since(begin);
    totals.encode_s = encode_s;
    if (progress) progress(totals);
  }

  if (outcome.status != VideoOutcome::Status::kDone) queue.stop();
  queue.close();
  writer.join();
  totals.elapsed_s = seconds_since(begin);
  totals.encode_s = encode_s;

  if (write_error) return failed(*write_error, true);  // the sink's destructor removes the partial output
  if (outcome.status != VideoOutcome::Status::kDone) return outcome;  // nothing is kept
  if (auto error = sink.value()->finish()) return failed(*error, true);
  totals.elapsed_s = seconds_since(begin);
  return outcome;
}

VideoOutcome run_camera_video(const GaussianScene& scene, Renderer& renderer, const FrameLook& look,
                              const VideoRequest& request, const CameraAt& camera_at,
                              const VideoProgressCallback& progress, const std::atomic<bool>& cancel) {
  const auto make_frame = [&](int k, int width, int height) {
    return compose_frame(renderer, scene, look, camera_at(k, width, height), static_cast<double>(k) / request.frames);
  };
  return run_video(request, make_frame, progress, cancel);
}

}  // namespace splatview
