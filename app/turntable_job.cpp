#include "app/turntable_job.h"

#include <algorithm>
#include <cmath>

namespace splatview {

namespace {

constexpr int kMaxTurns = 1000;

VideoRequest video_of(const TurntableRequest& request) {
  return {request.output, request.start.width, request.start.height, request.frames, request.fps,
          request.look.transparent};
}

}  // namespace

int turntable_frames(double seconds, int fps) { return std::max(1, static_cast<int>(std::lround(seconds * fps))); }

std::optional<Error> validate_turntable(const TurntableRequest& request) {
  if (request.turns < 1 || request.turns > kMaxTurns)
    return Error{"--turns", "must be from 1 to " + std::to_string(kMaxTurns), ""};
  return validate_video(video_of(request));
}

float turntable_angle(const TurntableRequest& request, int frame) {
  const float sign = request.clockwise ? -1.0f : 1.0f;
  return sign * 360.0f * static_cast<float>(request.turns) * static_cast<float>(frame) /
         static_cast<float>(request.frames);
}

CameraAt turntable_camera_at(const TurntableRequest& request) {
  return [request](int k, int width, int height) {
    Camera camera = rotate_about_up(request.start, turntable_angle(request, k));
    camera.width = width;
    camera.height = height;
    return camera;
  };
}

VideoOutcome run_turntable(const GaussianScene& scene, Renderer& renderer, const TurntableRequest& request,
                           const VideoProgressCallback& progress, const std::atomic<bool>& cancel) {
  if (auto error = validate_turntable(request)) {
    VideoOutcome outcome;
    outcome.status = VideoOutcome::Status::kFailed;
    outcome.error = *error;
    return outcome;
  }
  return run_camera_video(scene, renderer, request.look, video_of(request), turntable_camera_at(request), progress,
                          cancel);
}

}  // namespace splatview
