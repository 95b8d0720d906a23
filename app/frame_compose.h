#pragma once
// One exported frame: the scene rendered from a camera, or two scenes compared from the same
// camera (split at a vertical line, or side by side), with optional labels. Screenshots, turntables
// and camera-path videos all make their frames here, so a comparison works in every export.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/camera.h"
#include "core/gaussian_scene.h"
#include "core/image.h"
#include "core/result.h"
#include "render/renderer.h"

namespace splatview {

enum class CompareLayout {
  kSplit,  // one image of the full size: A left of the line, B right of it
  kSide,   // A and B side by side, each half the width and the full height (same vertical field
           // of view, so both keep the framing's height; each sees a narrower slice sideways)
};

struct Comparison {
  std::shared_ptr<const GaussianScene> scene;  // B
  CompareLayout layout = CompareLayout::kSplit;
  float line = 0.5f;          // split: the line's position as a fraction of the width
  bool sweep = false;         // split: the line sweeps across and back once over a video
  bool draw_line = true;      // split: a thin line marks the split
  std::vector<std::string> labels;  // none, or two: A's and B's
};

struct FrameLook {
  RenderSettings settings;
  bool transparent = false;  // RGBA with alpha = coverage (rendered on black)
  std::optional<Comparison> comparison;
};

// The split line's column for a frame at `progress` (0 at the first frame, 1 after the last) of
// a video: fixed at `line`, or sweeping from 10% to 90% of the width and back.
int split_column(const Comparison& comparison, int width, double progress);

// Renders the frame for `camera` (whose size is the frame's) with scene A, and B when `look`
// compares; `stats` (if given) gets scene A's frame statistics. An Error when the renderer fails
// a frame.
Result<Image8> compose_frame(Renderer& renderer, const GaussianScene& a, const FrameLook& look,
                             const Camera& camera, double progress = 0.0, FrameStats* stats = nullptr);

}  // namespace splatview
