#include "app/turntable_job.h"

namespace splatview {

namespace {

constexpr int kMaxTurns = 1000;

VideoRequest video_of(const TurntableRequest& request) {
  return {request.output, request.start.width, request.start.height, request.frames, request.fps,
          request.look.transparent};
}

}  // namespace

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

VideoOutcome run_turntable(const GaussianScene& scene, Renderer& renderer, const TurntableRequest& request,
                           const VideoProgressCallback& progress, const std::atomic<bool>& cancel) {
  if (auto error = validate_turntable(request)) {
    VideoOutcome outcome;
    outcome.status = VideoOutcome::Status::kFailed;
    outcome.error = *error;
    return outcome;
  }
  const auto make_frame = [&](int k, int width, int height) {
    Camera camera = rotate_about_up(request.start, turntable_angle(request, k));
    camera.width = width;
    camera.height = height;
    return compose_frame(renderer, scene, request.look, camera, static_cast<double>(k) / request.frames);
  };
  return run_video(video_of(request), make_frame, progress, cancel);
}

}  // namespace splatview
