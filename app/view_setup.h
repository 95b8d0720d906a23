#pragma once
// The camera and render settings a command line asks for.
#include "app/cli.h"
#include "core/camera.h"
#include "core/formats/scene_loader.h"
#include "core/framing.h"
#include "core/profile.h"
#include "render/renderer.h"

namespace splatview {

// An exact camera when --eye is given (looking at --target or the framed centre), otherwise the
// orbit (--azimuth, --elevation, --distance) about the framed centre or --target. An error about
// the framing names `scene_name`.
Result<Camera> camera_from_options(const CliOptions& options, const SceneFraming& framing,
                                   const std::string& scene_name);

RenderSettings settings_from_options(const CliOptions& options);

// The Gaussians --crop and --min-opacity show (every one when neither is given).
splat::ShowRule show_rule_from_options(const CliOptions& options);

// How scene files are read (--spz-frame, --max-gaussians): the same for SCENE, --compare and the files
// opened in the window.
SceneLoadOptions load_options_from(const CliOptions& options);

// A profile's [scene]: its file when no SCENE was given, and then its starting view for every
// view option not on the command line. Returns the orbit speed it asks for (degrees/second).
float apply_profile_scene(const ProfileScene& scene, CliOptions& options);

}  // namespace splatview
