#pragma once
// Robust bounds of a scene and the orbit that frames it. Trained scenes carry floaters far from
// the subject, so the extent is the per-axis 5th-95th percentile box and the centre is that box's
// middle (a median would sit in whichever part holds most Gaussians, e.g. a scanned floor):
// one far-away Gaussian moves neither.
#include <glm/vec3.hpp>

#include "core/gaussian_scene.h"

namespace splatview {

struct SceneFraming {
  glm::vec3 center{0.0f};      // middle of the bulk box: the orbit target
  glm::vec3 bulk_min{0.0f};    // per-axis 5th percentile
  glm::vec3 bulk_max{0.0f};    // per-axis 95th percentile
  glm::vec3 full_min{0.0f};    // true bounding box, for information
  glm::vec3 full_max{0.0f};
  float radius = 1.0f;         // half the diagonal of the bulk box (non-finite positions are ignored)
};

SceneFraming frame_scene(const GaussianScene& scene);

// Distance from the centre at which a sphere of `radius` just fits the view of the given field of
// view and aspect ratio (the narrower of the two fields of view decides).
float framing_distance(float radius, float fovy_degrees, int width, int height);

}  // namespace splatview
