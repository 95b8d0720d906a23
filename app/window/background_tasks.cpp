#include "app/window/background_tasks.h"

#include <glad/gl.h>

#include <algorithm>

#include "core/photo.h"

namespace splatview {

namespace {

// The renderer an export uses: the window's backend, else the CPU.
std::unique_ptr<Renderer> export_renderer(Backend backend, int threads) {
  auto selected = make_renderer(backend, threads);
  if (!selected) selected = make_renderer(Backend::kCpu, threads);
  return std::move(selected.value().renderer);
}

}  // namespace

std::unique_ptr<ExportTask> start_screenshot_task(std::shared_ptr<const GaussianScene> scene, const Camera& camera,
                                                  const FrameLook& look, Backend backend, int threads,
                                                  const std::filesystem::path& output) {
  auto task = std::make_unique<ExportTask>();
  task->total = 1;
  ExportTask* t = task.get();
  t->thread = std::thread([t, scene, camera, look, backend, threads, output] {
    const auto renderer = export_renderer(backend, threads);
    auto frame = compose_frame(*renderer, *scene, look, camera);
    if (!frame) {
      t->result = frame.error().message();
    } else {
      const auto error = write_png(output, frame.value());
      t->result = error ? error->message() : "wrote " + output.string();
    }
    t->done = 1;
    t->finished = true;
  });
  return task;
}

std::unique_ptr<ExportTask> start_video_task(std::shared_ptr<const GaussianScene> scene, const FrameLook& look,
                                             const VideoRequest& request, const CameraAt& camera_at, Backend backend,
                                             int threads) {
  auto task = std::make_unique<ExportTask>();
  task->total = request.frames;
  ExportTask* t = task.get();
  t->thread = std::thread([t, scene, look, request, camera_at, backend, threads] {
    const auto renderer = export_renderer(backend, threads);
    const VideoOutcome outcome = run_camera_video(
        *scene, *renderer, look, request, camera_at, [t](const VideoProgress& p) { t->done = p.done; }, t->cancel);
    switch (outcome.status) {
      case VideoOutcome::Status::kDone:
        t->result = "wrote " + std::filesystem::absolute(request.output).string();
        break;
      case VideoOutcome::Status::kCancelled: t->result = "cancelled; nothing was written"; break;
      case VideoOutcome::Status::kFailed: t->result = outcome.error.message(); break;
    }
    t->finished = true;
  });
  return task;
}

std::unique_ptr<ExportTask> start_turntable_task(std::shared_ptr<const GaussianScene> scene,
                                                 const TurntableRequest& request, Backend backend, int threads) {
  const VideoRequest video{request.output, request.start.width, request.start.height, request.frames, request.fps,
                           request.look.transparent};
  return start_video_task(std::move(scene), request.look, video, turntable_camera_at(request), backend, threads);
}

std::optional<Error> save_framebuffer(const std::filesystem::path& path, int width, int height) {
  Image8 image;
  image.width = width;
  image.height = height;
  image.channels = 3;
  image.pixels.resize(static_cast<std::size_t>(width) * height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, image.pixels.data());
  // GL's row 0 is the bottom; a PNG's is the top.
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  for (int y = 0; y < height / 2; ++y)
    std::swap_ranges(image.pixels.begin() + y * row, image.pixels.begin() + (y + 1) * row,
                     image.pixels.begin() + (height - 1 - y) * row);
  return write_png(path, image);
}

unsigned load_texture(const std::filesystem::path& path, ImVec2& size) {
  auto photo = load_photo(path);  // the profile's rules: size, header and dimensions checked first
  if (!photo) return 0;
  const Image8& image = photo.value();
  unsigned texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, image.pixels.data());
  size = ImVec2(static_cast<float>(image.width), static_cast<float>(image.height));
  return texture;
}

}  // namespace splatview
