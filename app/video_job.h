#pragma once
// A video export as a reusable job: frames made one by one (a turntable, a camera path, a
// comparison of two scenes) and written to MP4, GIF or PNG frames, the next frame rendering while
// the previous is encoded. The command line runs it with a progress bar, the window with a
// progress bar and Cancel. Nothing is left at the output unless it completes.
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "app/frame_compose.h"
#include "app/frame_sink.h"
#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/image.h"
#include "core/result.h"

namespace splatview {

struct VideoRequest {
  std::filesystem::path output;  // .mp4, .gif, or a folder for PNG frames
  int width = 1920, height = 1080;
  int frames = 120;
  int fps = 30;
  bool transparent = false;      // PNG frames only: RGBA with alpha = coverage
};

struct VideoProgress {
  int done = 0;
  int total = 0;
  double elapsed_s = 0;
  double render_s = 0;  // time spent making (rendering and converting) frames
  double encode_s = 0;  // time the writer spent handing frames to ffmpeg / writing PNGs
};

struct VideoOutcome {
  enum class Status { kDone, kCancelled, kFailed } status = Status::kDone;
  Error error;  // when kFailed
  // kFailed at run time, not because of the request: a frame failed to render, or the output could
  // not be written (a full disk). The command line exits 1 for these, 2 for a bad request.
  bool failed_at_run_time = false;
  VideoProgress totals;  // what was done
  std::string note;      // e.g. the size was rounded up to even for H.264
};

using VideoProgressCallback = std::function<void(const VideoProgress&)>;

// Frame k of the video at its final size (MP4 sizes are rounded up to even), or why it failed.
using FrameMaker = std::function<Result<Image8>(int frame, int width, int height)>;

// Checks the request (format, size, counts, output folder) without making anything.
std::optional<Error> validate_video(const VideoRequest& request);

// Makes and writes every frame, polling `cancel` between frames.
VideoOutcome run_video(const VideoRequest& request, const FrameMaker& make_frame, const VideoProgressCallback& progress,
                       const std::atomic<bool>& cancel);

// Where frame k is seen from, at the video's final size.
using CameraAt = std::function<Camera(int frame, int width, int height)>;

// A video of `scene` (compared with `look`'s scene B, if any) from camera_at(k) at frame k: the
// turntable, a camera path, in the command line and in the window.
VideoOutcome run_camera_video(const GaussianScene& scene, Renderer& renderer, const FrameLook& look,
                              const VideoRequest& request, const CameraAt& camera_at,
                              const VideoProgressCallback& progress, const std::atomic<bool>& cancel);

}  // namespace splatview
