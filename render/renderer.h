#pragma once
// The renderer interface both backends implement, and the small structs a frame travels in.
#include <cstddef>
#include <optional>
#include <string>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/image.h"
#include "core/result.h"
#include "render/show_mode.h"
#include "render/splat_math.h"

namespace splatview {

struct RenderSettings {
  float background[3] = {0.0f, 0.0f, 0.0f};
  int max_sh_degree = kMaxShDegree;  // caps the scene's SH degree
  float scale_modifier = 1.0f;
  // The rule to draw with; unset: each scene's own (GaussianScene::render_mode), so two compared
  // scenes each keep theirs. See render_mode_for (render/frame_setup.h).
  std::optional<RenderMode> render_mode;
  ShowMode show = ShowMode::kColor;  // the picture: colour, or an inspection view (render/show_mode.h)
  // Which Gaussians are drawn (crop box, opacity threshold); the default shows every one. Every
  // view and export applies it; --convert writes the same Gaussians (render/scene_filter.h).
  splat::ShowRule shown{};
};

// Times in milliseconds of one frame and its sizes.
struct FrameStats {
  // The stages the backend ran, in the order it ran them, each named for what it measures (the
  // CPU and CUDA backends split DESIGN "One frame" differently). Fixed storage: no allocation.
  struct Stage {
    const char* name = "";
    double ms = 0;
  };
  static constexpr int kMaxStages = 8;
  Stage stages[kMaxStages];
  int stage_count = 0;

  // The same times by DESIGN's steps (the stats panel's lines): each the sum of the backend's
  // stages that do that step.
  double preprocess_ms = 0;  // cull, project, colour: one task per Gaussian
  double keys_ms = 0;        // tile entries: each visible Gaussian's (tile, Gaussian) pairs
  double sort_ms = 0;        // the depth order (CPU: of the visible Gaussians; CUDA: of the (tile, depth) keys)
  double ranges_ms = 0;      // each tile's [begin, end) in the entry list
  double blend_ms = 0;       // front-to-back blending, one task per tile
  double total_ms = 0;
  std::size_t visible = 0;        // Gaussians that touch at least one tile
  std::size_t tile_entries = 0;   // length of the (tile, Gaussian) list
  std::size_t memory_bytes = 0;   // working memory the renderer holds
  float depth_near = 0, depth_far = 0;  // the depth view's colour map: near (red) and far (blue) depths

  // Records the stage `name` that took `ms` and adds it to its DESIGN step.
  void add_stage(const char* name, double FrameStats::*step, double ms) {
    if (stage_count < kMaxStages) stages[stage_count++] = {name, ms};
    this->*step += ms;
  }
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  // "cpu" or "cuda", and a line naming the device (for the stats panel and splatbench).
  virtual std::string name() const = 0;
  virtual std::string device_description() const = 0;
  // Renders `scene` seen by `camera` into `out` (resized to the camera's size). Buffers are kept
  // between calls: once warmed up, a frame of the same size allocates nothing.
  virtual void render(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                      Image& out, FrameStats& stats) = 0;
  // Why the last render() failed, empty when it did not. A failed frame holds only the background,
  // so exports must not write it. (The CPU renderer does not fail; the CUDA one can run out of
  // device memory or hit a driver error.)
  virtual std::string last_failure() const { return {}; }
};

// The error to report for a frame that `renderer` failed to render.
inline Error render_failure(const Renderer& renderer) {
  return {"", "rendering failed on the " + renderer.name() + " backend: " + renderer.last_failure(),
          "try the CPU backend: --backend cpu"};
}

}  // namespace splatview
