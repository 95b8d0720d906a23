#include "app/view_setup.h"

namespace splatview {

Result<Camera> camera_from_options(const CliOptions& options, const SceneFraming& framing,
                                   const std::string& scene_name) {
  if (auto error = check_image_size(options.size.width, options.size.height, "--size")) return *error;
  const glm::vec3 target = options.target.value_or(framing.center);
  Camera camera;
  if (options.eye) {
    camera.eye = *options.eye;
    camera.target = target;
    camera.up = options.up;
    camera.fovy_degrees = options.fovy;
    camera.width = options.size.width;
    camera.height = options.size.height;
  } else {
    const float distance =
        options.distance.value_or(framing_distance(framing.radius, options.fovy, options.size.width, options.size.height));
    camera = orbit_camera({target, options.up, options.azimuth, options.elevation, distance, options.fovy}, options.size.width, options.size.height);
  }
  if (!camera_is_valid(camera)) {
    if (options.eye || options.target || options.was_given("--up"))
      return Error{"--eye/--target/--up", "the camera has no direction (eye equals target, or up is along the view)",
                   "move the eye or change --up"};
    return Error{scene_name, "cannot frame the scene: its Gaussians give no usable centre and size",
                 "pass --eye and --target to place the camera"};
  }
  return camera;
}

splat::ShowRule show_rule_from_options(const CliOptions& options) {
  splat::ShowRule rule{};
  if (options.crop) {
    const std::array<float, 6>& box = *options.crop;
    rule.use_box = 1;
    rule.box_min = {box[0], box[1], box[2]};
    rule.box_max = {box[3], box[4], box[5]};
  }
  rule.min_opacity = options.min_opacity;
  return rule;
}

SceneLoadOptions load_options_from(const CliOptions& options) {
  SceneLoadOptions load;
  load.spz_frame = options.spz_frame;
  if (options.max_gaussians) load.limits = LoadLimits::allowing(static_cast<std::uint64_t>(*options.max_gaussians));
  return load;
}

RenderSettings settings_from_options(const CliOptions& options) {
  RenderSettings settings;
  for (int c = 0; c < 3; ++c) settings.background[c] = options.background[c];
  if (options.sh_degree) settings.max_sh_degree = *options.sh_degree;
  settings.scale_modifier = options.scale_modifier;
  settings.render_mode = options.render_mode;
  settings.show = options.show;
  settings.shown = show_rule_from_options(options);
  return settings;
}

float apply_profile_scene(const ProfileScene& scene, CliOptions& options) {
  if (!options.scene.empty() || scene.file.empty()) return 10.0f;  // the user's scene, the default view
  options.scene = scene.file;
  if (!options.was_given("--up")) options.up = scene.up_vector;
  if (!options.was_given("--azimuth")) options.azimuth = scene.azimuth;
  if (!options.was_given("--elevation")) options.elevation = scene.elevation;
  if (!options.was_given("--distance") && scene.distance) options.distance = scene.distance;
  return scene.orbit_speed;
}

}  // namespace splatview
