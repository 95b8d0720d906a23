#pragma once
// The exports the command line runs without a window: a screenshot, a turntable, a camera-path
// video (each of one scene or a comparison), reporting as DESIGN says: one line on success, one
// line and exit 2 for a bad request, exit 1 for a failure at run time, 128 + N for signal N.
#include <filesystem>
#include <functional>
#include <vector>

#include "app/cli.h"
#include "app/frame_compose.h"
#include "app/video_job.h"
#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/result.h"

namespace splatview {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

// Prints the error as one line; returns kExitBadInput (a bad request or file) or kExitFailure.
int fail(const Error& error);
int fail_at_run_time(const Error& error);

// What every export of one run shares.
struct ExportJob {
  const CliOptions& options;
  const GaussianScene& scene;
  std::vector<std::filesystem::path> inputs;  // files this run reads: never written over
  FrameLook look;
};

int export_screenshot(const ExportJob& job, const std::filesystem::path& output, const Camera& camera);

// A video whose frame k is seen from camera_at(k, width, height).
int export_video(const ExportJob& job, const VideoRequest& request, const CameraAt& camera_at);

}  // namespace splatview
