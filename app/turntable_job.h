#pragma once
// The turntable export: a seamless orbit about the camera's up axis, as a video job (any look:
// one scene, or a comparison of two).
#include <atomic>
#include <filesystem>

#include "app/frame_compose.h"
#include "app/video_job.h"
#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "render/renderer.h"

namespace splatview {

struct TurntableRequest {
  std::filesystem::path output;  // .mp4, .gif, or a folder for PNG frames
  Camera start;                  // frame 0 (and the frame size); later frames turn it about its up axis
  FrameLook look;
  int frames = 120;
  int fps = 30;
  int turns = 1;
  bool clockwise = false;        // seen from above; default counterclockwise
};

// --seconds at --fps: the frame count, at least one.
int turntable_frames(double seconds, int fps);

// Checks the request (format, size, counts, output folder) without rendering anything.
std::optional<Error> validate_turntable(const TurntableRequest& request);

// The azimuth step of frame k: the loop is seamless, frame `frames` would equal frame 0.
float turntable_angle(const TurntableRequest& request, int frame);

// Frame k's camera.
CameraAt turntable_camera_at(const TurntableRequest& request);

// Renders and writes every frame (see run_video).
VideoOutcome run_turntable(const GaussianScene& scene, Renderer& renderer, const TurntableRequest& request,
                           const VideoProgressCallback& progress, const std::atomic<bool>& cancel);

}  // namespace splatview
