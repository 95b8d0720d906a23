#pragma once
// Renders the scene on a thread of its own so the window stays responsive however long a frame
// takes: the UI posts the latest camera and settings, the worker renders the newest request and
// hands back an 8-bit image, or, through a DirectUpload (CUDA-GL interop), a frame left in GPU
// memory that the UI copies into its texture before the worker renders again.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "app/frame_compose.h"
#include "app/window/direct_upload.h"
#include "app/window/level_builder.h"
#include "core/image.h"
#include "render/renderer.h"

namespace splatview {

// While the view moves, a frame should take at most this long: the worker renders the finest
// level of detail predicted to fit (issue 20: a new image at least every 100 ms).
constexpr double kMovingFrameBudgetMs = 80.0;

struct RenderedFrame {
  Image8 image;  // RGB; empty for a frame left in GPU memory
  FrameStats stats;
  Camera camera;  // its width and height are the frame's
  bool full_resolution = true;
  int level = 0;               // 0: the scene itself (exact); k: its k-th coarser level
  std::size_t gaussians = 0;   // in what was rendered
  // Set for a frame left in GPU memory: the renderer holding it. The worker renders nothing more
  // until the UI has copied it (DirectUpload::copy_to_texture) and called device_frame_done.
  std::shared_ptr<Renderer> device_source;
};

class RenderWorker {
 public:
  // `direct` (may be null; must outlive the worker): renders frames into GPU memory when the
  // renderer can, until a copy fails. `cpu_threads`: for the CPU renderer that takes over from a
  // failing one (0: every core).
  explicit RenderWorker(std::unique_ptr<Renderer> renderer, DirectUpload* direct = nullptr, int cpu_threads = 0);
  ~RenderWorker();

  // A frame the renderer fails to render (Renderer::last_failure) is rendered again on the CPU,
  // which then renders every later frame too, until set_renderer.
  void set_renderer(std::unique_ptr<Renderer> renderer);
  void set_scene(std::shared_ptr<const GaussianScene> scene);
  // Coarser stand-ins for `scene` (finest first, core/scene_levels.h), used while the view moves;
  // ignored unless `scene` is the one shown.
  void set_levels(std::shared_ptr<const GaussianScene> scene, std::shared_ptr<const SceneLevels> levels);
  // The time a moving frame may take (kMovingFrameBudgetMs unless a test says otherwise).
  void set_moving_budget_ms(double ms);
  // Scene B and how it shares the frame (--compare), or none; the view renders again.
  void set_comparison(std::optional<Comparison> comparison);
  // Replaces any request not yet started; identical requests are not rendered again. `exact`: the
  // view is still, render the scene itself; else the finest level that fits the moving budget.
  void request(const Camera& camera, const RenderSettings& settings, bool full_resolution, bool exact = true);
  // Moves out the newest finished frame, if there is one the caller has not taken.
  bool take(RenderedFrame& frame);
  // After taking a frame with device_source set: the UI has copied it (or failed to: then every
  // later frame takes the host path, and this one is rendered again).
  void device_frame_done(bool copied);
  // Whether frames currently go through GPU memory rather than host memory.
  bool direct_upload_active() const;
  // "name (device)", and why the CPU took over if a frame failed to render.
  std::string renderer_description() const;
  // Whether the CPU renderer took over from one that failed a frame (until set_renderer).
  bool fell_back_to_cpu() const;
  // Nothing asked for, rendering or waiting to be taken: the view on screen is the latest.
  bool idle() const;

 private:
  struct Request {
    Camera camera;
    RenderSettings settings;
    bool full_resolution = true;
    bool exact = true;
    std::uint64_t scene_version = 0;
  };
  // The last measured time of each level (index 0: the scene) and the pixels it was measured at.
  struct LevelTime {
    double ms = -1;  // < 0: not measured yet
    double pixels = 0;
  };
  void run();
  // Which level a request renders, from the times measured so far (under mutex_).
  int choose_level(const Request& request) const;
  double predicted_ms(int level, double pixels) const;
  void record_level_time(int level, double ms, double pixels);
  std::size_t level_count(int level) const;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::shared_ptr<Renderer> renderer_;  // shared: a frame in flight keeps the old one alive
  std::shared_ptr<const GaussianScene> scene_;
  std::uint64_t scene_version_ = 0;
  std::shared_ptr<const SceneLevels> levels_;  // of scene_, or null
  std::vector<LevelTime> level_times_;
  double moving_budget_ms_ = kMovingFrameBudgetMs;
  std::optional<Request> pending_;
  std::optional<Request> last_rendered_;
  RenderedFrame finished_;
  bool has_finished_ = false;
  std::optional<Comparison> comparison_;
  bool rendering_ = false;
  bool quit_ = false;
  DirectUpload* direct_ = nullptr;
  bool direct_enabled_ = false;
  bool device_frame_outstanding_ = false;
  int cpu_threads_ = 0;
  // Set when a frame failed to render (a GPU error) and the CPU renderer took over for good.
  std::string fallback_reason_;
  std::thread thread_;
};

}  // namespace splatview
