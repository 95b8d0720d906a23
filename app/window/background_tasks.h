#pragma once
// Work the window starts and does not wait for: exports on threads of their own (the UI polls
// their ExportTask), and the GL chores of saving the window and loading a photo.
#include <filesystem>
#include <memory>
#include <optional>

#include <imgui.h>

#include "app/turntable_job.h"
#include "app/window/viewer_state.h"

namespace splatview {

std::unique_ptr<ExportTask> start_screenshot_task(std::shared_ptr<const GaussianScene> scene, const Camera& camera,
                                                  const FrameLook& look, Backend backend, int threads,
                                                  const std::filesystem::path& output);

// Any video of the scene: frame k from camera_at(k).
std::unique_ptr<ExportTask> start_video_task(std::shared_ptr<const GaussianScene> scene, const FrameLook& look,
                                             const VideoRequest& request, const CameraAt& camera_at, Backend backend,
                                             int threads);

std::unique_ptr<ExportTask> start_turntable_task(std::shared_ptr<const GaussianScene> scene,
                                                 const TurntableRequest& request, Backend backend, int threads);

// Reads the current GL back buffer (width x height) and writes it as a PNG, top row first.
std::optional<Error> save_framebuffer(const std::filesystem::path& path, int width, int height);

// Loads an image file into a new RGBA GL texture; 0 when the file cannot be read.
unsigned load_texture(const std::filesystem::path& path, ImVec2& size);

}  // namespace splatview
