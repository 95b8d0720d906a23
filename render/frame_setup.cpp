#include "render/frame_setup.h"

#include <algorithm>

namespace splatview {

FrameSetup make_frame_setup(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings) {
  FrameSetup frame{};
  frame.arrays = scene_arrays(scene);
  frame.gaussians = scene.count();
  frame.view = make_view_params(camera);
  frame.tiles = static_cast<std::size_t>(frame.view.tiles_x) * static_cast<std::size_t>(frame.view.tiles_y);
  frame.width = camera.width;
  frame.height = camera.height;
  frame.scale_modifier = settings.scale_modifier;
  frame.sh_degree = effective_sh_degree(scene, settings);
  frame.mode = render_mode_for(scene, settings);
  frame.view.shown = settings.shown;
  frame.show = settings.show;
  // The depth and alpha views blend depths and coverage, not colours: nothing of the background
  // may be mixed in before render/inspect_views.h maps them.
  static constexpr float kBlack[3] = {0.f, 0.f, 0.f};
  frame.background = show_mode_blends(settings.show) && settings.show != ShowMode::kColor ? kBlack : settings.background;
  return frame;
}

splat::ViewParams make_view_params(const Camera& camera) {
  const CameraBasis basis = camera_basis(camera);
  const auto to_vec = [](glm::vec3 v) { return splat::Vec3{v.x, v.y, v.z}; };
  splat::ViewParams view{};
  view.rotation = {{to_vec(basis.right), to_vec(basis.down), to_vec(basis.forward)}};
  view.eye = to_vec(camera.eye);
  view.fx = view.fy = focal_length_pixels(camera);
  view.cx = 0.5f * static_cast<float>(camera.width - 1);
  view.cy = 0.5f * static_cast<float>(camera.height - 1);
  view.tan_fovx = tan_half_fovx(camera);
  view.tan_fovy = tan_half_fovy(camera);
  view.tiles_x = tiles_for(camera.width);
  view.tiles_y = tiles_for(camera.height);
  return view;
}

splat::SceneArrays scene_arrays(const GaussianScene& scene) {
  return {scene.positions.data(), scene.scales.data(), scene.rotations.data(),
          scene.opacities.data(), scene.sh.data(),     scene.sh_coeffs()};
}

int effective_sh_degree(const GaussianScene& scene, const RenderSettings& settings) {
  return std::clamp(std::min(scene.sh_degree, settings.max_sh_degree), 0, kMaxShDegree);
}

}  // namespace splatview
