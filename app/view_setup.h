#pragma once
// The camera and render settings a command line asks for.
#include "app/cli.h"
#include "core/camera.h"
#include "core/framing.h"
#include "render/renderer.h"

namespace splatview {

// An exact camera when --eye is given (looking at --target or the framed centre), otherwise the
// orbit (--azimuth, --elevation, --distance) about the framed centre or --target.
Result<Camera> camera_from_options(const CliOptions& options, const SceneFraming& framing);

RenderSettings settings_from_options(const CliOptions& options);

}  // namespace splatview
