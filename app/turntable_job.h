#pragma once
// The turntable export as a reusable job: the CLI runs it with a terminal progress bar, the
// desktop app from a button with a progress bar and Cancel.
#include <atomic>
#include <filesystem>
#include <functional>

#include "app/frame_sink.h"
#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "render/renderer.h"

namespace splatview {

struct TurntableRequest {
  std::filesystem::path output;  // .mp4, .gif, or a folder for PNG frames
  Camera start;                  // frame 0; later frames turn it about its up axis
  RenderSettings settings;
  bool transparent = false;      // PNG frames only: RGBA with alpha = coverage
  int frames = 120;
  int fps = 30;
  int turns = 1;
  bool clockwise = false;        // seen from above; default counterclockwise
};

struct TurntableProgress {
  int done = 0;
  int total = 0;
  double elapsed_s = 0;
  double render_s = 0;  // time spent rendering (and converting) frames
  double encode_s = 0;  // time the writer spent handing frames to ffmpeg / writing PNGs
};

struct TurntableOutcome {
  enum class Status { kDone, kCancelled, kFailed } status = Status::kDone;
  Error error;                 // when kFailed
  // kFailed at run time, not because of the request: a frame failed to render, or the output could
  // not be written (a full disk). The command line exits 1 for these, 2 for a bad request.
  bool failed_at_run_time = false;
  TurntableProgress totals;    // what was done
  std::string note;            // e.g. the size was rounded up to even for H.264
};

using TurntableProgressCallback = std::function<void(const TurntableProgress&)>;

// Checks the request (format, size, counts, output folder) without rendering anything.
std::optional<Error> validate_turntable(const TurntableRequest& request);

// The azimuth step of frame k: the loop is seamless, frame `frames` would equal frame 0.
float turntable_angle(const TurntableRequest& request, int frame);

// Renders and writes every frame; the next frame renders while the previous is encoded. Polls
// `cancel` between frames. Nothing is left at the output unless the outcome is kDone.
TurntableOutcome run_turntable(const GaussianScene& scene, Renderer& renderer, const TurntableRequest& request,
                               const TurntableProgressCallback& progress, const std::atomic<bool>& cancel);

}  // namespace splatview
