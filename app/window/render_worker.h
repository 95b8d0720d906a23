#pragma once
// Renders the scene on a thread of its own so the window stays responsive however long a frame
// takes: the UI posts the latest camera and settings, the worker renders the newest request and
// hands back an 8-bit image.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/image.h"
#include "render/renderer.h"

namespace splatview {

struct RenderedFrame {
  Image8 image;  // RGB
  FrameStats stats;
  Camera camera;
  bool full_resolution = true;
};

class RenderWorker {
 public:
  explicit RenderWorker(std::unique_ptr<Renderer> renderer);
  ~RenderWorker();

  void set_renderer(std::unique_ptr<Renderer> renderer);
  void set_scene(std::shared_ptr<const GaussianScene> scene);
  // Replaces any request not yet started; identical requests are not rendered again.
  void request(const Camera& camera, const RenderSettings& settings, bool full_resolution);
  // Moves out the newest finished frame, if there is one the caller has not taken.
  bool take(RenderedFrame& frame);
  std::string renderer_description() const;

 private:
  struct Request {
    Camera camera;
    RenderSettings settings;
    bool full_resolution = true;
    std::uint64_t scene_version = 0;
  };
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::shared_ptr<Renderer> renderer_;  // shared: a frame in flight keeps the old one alive
  std::shared_ptr<const GaussianScene> scene_;
  std::uint64_t scene_version_ = 0;
  std::optional<Request> pending_;
  std::optional<Request> last_rendered_;
  RenderedFrame finished_;
  bool has_finished_ = false;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace splatview
