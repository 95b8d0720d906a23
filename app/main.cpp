// splatview: command-line entry. Parses options, loads the scene, and runs the headless exports
// (screenshot, turntable) or opens the desktop window.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/data_paths.h"
#include "app/headless_exports.h"
#include "app/output_path.h"
#include "app/panels/profile_check.h"
#include "app/profile_import_command.h"
#include "app/scene_convert.h"
#include "render/scene_filter.h"
#include "app/stop_signal.h"
#include "app/terminal_load.h"
#include "app/turntable_job.h"
#include "app/view_setup.h"
#include "app/window/viewer.h"
#include "core/camera_path.h"
#include "core/framing.h"
#include "core/image.h"
#include "core/formats/scene_loader.h"
#include "core/formats/training_cameras.h"
#include "core/profile.h"
#include "core/profile_import/profile_import.h"
#include "cuda/backend_select.h"
#include "render/cpu_renderer.h"

namespace {

using namespace splatview;

// --camera N|NAME: the view of a training image from the cameras.json that 3DGS training wrote
// beside the scene; its size too, unless --size was given.
std::optional<Error> use_training_camera(const std::filesystem::path& scene_path, const std::string& spec,
                                         CliOptions& options) {
  const auto json = find_training_cameras(scene_path);
  if (!json)
    return Error{scene_path.string(), "no cameras.json beside the scene for --camera",
                 "put the training run's cameras.json next to it"};
  auto cameras = load_training_cameras(*json);
  if (!cameras) return cameras.error();
  auto index = select_training_camera(cameras.value(), spec, json->string());
  if (!index) return index.error();
  const Camera view = training_view_camera(cameras.value()[index.value()]);
  if (!options.was_given("--size")) {
    const std::string source = json->string() + ": camera " + spec;
    if (auto error = check_image_size(view.width, view.height, source)) return *error;
  }
  options.eye = view.eye;
  options.target = view.target;
  options.up = view.up;
  options.fovy = view.fovy_degrees;
  if (!options.was_given("--size")) options.size = {view.width, view.height};
  return std::nullopt;
}

// A load stopped by Ctrl-C exits as an interrupted export does (130), saying nothing more.
int fail_load(const Error& error) { return is_load_cancelled(error) ? exit_code_for_stop() : fail(error); }

// --compare B: the second scene, loaded by the same rules as SCENE, and how the two share a frame.
// Its other files (a .gltf's buffer) join `inputs`.
Result<FrameLook> frame_look(const CliOptions& options, const SceneLoadOptions& load_options,
                             std::vector<std::filesystem::path>& inputs) {
  FrameLook look;
  look.settings = settings_from_options(options);
  look.transparent = options.transparent;
  if (!options.compare) return look;
  auto loaded = load_scene_in_terminal(*options.compare, load_options, options.quiet);
  if (!loaded) return loaded.error();
  for (const std::string& warning : loaded.value().warnings)
    std::fprintf(stderr, "splatview: warning: %s: %s\n", options.compare->string().c_str(), warning.c_str());
  inputs.insert(inputs.end(), loaded.value().other_files.begin(), loaded.value().other_files.end());
  Comparison comparison;
  comparison.scene = std::make_shared<const GaussianScene>(std::move(loaded.value().scene));
  comparison.layout = options.compare_layout;
  comparison.line = options.compare_line;
  comparison.sweep = options.compare_sweep;
  comparison.draw_line = options.compare_line_drawn;
  comparison.labels = options.labels;
  look.comparison = std::move(comparison);
  return look;
}

int export_turntable(const ExportJob& job, const Camera& start) {
  TurntableRequest request;
  request.output = *job.options.turntable;
  request.start = start;
  request.look = job.look;
  request.fps = job.options.fps;
  request.frames = job.options.seconds ? turntable_frames(*job.options.seconds, request.fps) : job.options.frames;
  request.turns = job.options.turns;
  request.clockwise = job.options.clockwise;
  if (auto error = validate_turntable(request)) return fail(*error);
  const VideoRequest video{request.output, start.width, start.height, request.frames, request.fps, request.look.transparent};
  return export_video(job, video, turntable_camera_at(request));
}

// --path FILE: the camera move, its length from --seconds when given; the file's size and frame
// rate unless --size and --fps say otherwise (written into `options`).
Result<CameraPathSampler> camera_path_sampler(CliOptions& options) {
  auto loaded = load_camera_path(*options.path);
  if (!loaded) return loaded.error();
  CameraPath path = std::move(loaded.value());
  if (options.seconds) path = retimed(path, *options.seconds);
  if (!options.was_given("--size") && path.width > 0 && path.height > 0) {
    const std::string source = options.path->string() + ": render size";
    if (auto error = check_image_size(path.width, path.height, source)) return *error;
    options.size = {path.width, path.height};
  }
  if (!options.was_given("--fps")) options.fps = path.fps > 0 ? std::min(path.fps, 240) : kDefaultPathFps;
  return CameraPathSampler::build(path, options.path->string());
}

// --path with --video: the frames spread over the path's length, or --frames of them.
int export_path_video(const ExportJob& job, const CameraPathSampler& path) {
  const CliOptions& o = job.options;
  const int frames = o.was_given("--frames") ? o.frames : path.frame_count(o.fps);
  const VideoRequest video{*o.video, o.size.width, o.size.height, frames, o.fps, o.transparent};
  return export_video(job, video, [&](int k, int width, int height) {
    return path.at(path.frame_time(k, frames), width, height);
  });
}

int run(const std::vector<std::string>& args) {
  if (is_import_profile_command(args)) return run_import_profile(args);
  auto parsed = parse_command_line(args);
  if (!parsed) {
    std::fprintf(stderr, "splatview: %s\n", parsed.error().message().c_str());
    return kExitBadInput;
  }
  // More threads than the cores this process may use only earns oneTBB's raw warning: use them all,
  // and say so once.
  if (const int limit = cpu_thread_limit(); parsed.value().threads > limit) {
    if (!parsed.value().quiet)
      std::fprintf(stderr, "splatview: note: --threads %d is more than the %d cores here; using %d\n",
                   parsed.value().threads, limit, limit);
    parsed.value().threads = limit;
  }
  const CliOptions& options = parsed.value();
  if (options.help) {
    std::fputs(help_text().c_str(), stdout);
    return kExitOk;
  }
  if (options.version) {
    std::printf("splatview %s\n", SPLATVIEW_VERSION);
    return kExitOk;
  }

  if (options.check_profile) return run_check_profile(*options.check_profile);

  // The profile (the user's, else the bundled one) and the scene it may name.
  std::optional<LoadedProfile> profile;
  const std::filesystem::path profile_path = options.profile.value_or(bundled_profile_path());
  auto loaded_profile = load_any_profile(profile_path);
  if (!loaded_profile) {
    if (options.profile) return fail(loaded_profile.error());
    std::fprintf(stderr, "splatview: warning: %s\n", loaded_profile.error().message().c_str());
  } else {
    profile = std::move(loaded_profile.value());
    for (const std::string& warning : profile->warnings)
      std::fprintf(stderr, "splatview: warning: %s: %s\n", profile_path.string().c_str(), warning.c_str());
  }
  CliOptions effective = options;
  const float orbit_speed =
      profile && profile->profile.scene ? apply_profile_scene(*profile->profile.scene, effective) : 10.0f;

  const std::filesystem::path scene_path = effective.scene.empty() ? bundled_scene_path() : effective.scene;
  const SceneLoadOptions load_options = load_options_from(effective);
  auto loaded = load_scene_in_terminal(scene_path, load_options, options.quiet);
  if (!loaded) return fail_load(loaded.error());
  for (const std::string& warning : loaded.value().warnings)
    std::fprintf(stderr, "splatview: warning: %s: %s\n", scene_path.string().c_str(), warning.c_str());

  std::vector<std::filesystem::path> inputs = {scene_path, profile_path};
  inputs.insert(inputs.end(), loaded.value().other_files.begin(), loaded.value().other_files.end());
  if (profile && !profile->profile.photo.empty()) inputs.push_back(profile->profile.photo);
  if (options.compare) inputs.push_back(*options.compare);

  if (options.convert) {
    if (auto error = check_convert_outputs(*options.convert, inputs, options.force)) return fail(*error);
    if (options.render_mode) loaded.value().scene.render_mode = *options.render_mode;  // what the file records
    // Only what the view would show: --crop and --min-opacity hide the rest.
    const splat::ShowRule rule = show_rule_from_options(options);
    const std::size_t loaded_count = loaded.value().scene.count();
    if (!shows_everything(rule)) loaded.value().scene = filter_scene(loaded.value().scene, rule);
    const GaussianScene& written = loaded.value().scene;
    if (auto error = convert_scene(*options.convert, written)) return fail_at_run_time(*error);
    if (!options.quiet) {
      const std::string hidden = written.count() == loaded_count
                                     ? std::string()
                                     : ", " + std::to_string(loaded_count - written.count()) + " hidden by --crop/--min-opacity";
      std::fprintf(stderr, "splatview: wrote %s (%zu Gaussians, SH degree %d%s)\n", options.convert->string().c_str(),
                   written.count(), written.sh_degree, hidden.c_str());
    }
    return kExitOk;
  }
  if (options.training_camera) {
    if (auto error = use_training_camera(scene_path, *options.training_camera, effective)) return fail(*error);
  }

  std::optional<CameraPathSampler> path;
  if (options.path) {
    auto sampler = camera_path_sampler(effective);
    if (!sampler) return fail(sampler.error());
    path = std::move(sampler.value());
    inputs.push_back(*options.path);
  }

  if (options.screenshot || options.turntable || options.video) {
    auto look = frame_look(effective, load_options, inputs);
    if (!look) return fail_load(look.error());
    const ExportJob job{effective, loaded.value().scene, inputs, std::move(look.value())};
    if (path) {
      const auto [width, height] = effective.size;
      if (options.screenshot) return export_screenshot(job, *options.screenshot, path->at(options.at.value_or(0.0), width, height));
      return export_path_video(job, *path);
    }
    // Auto-framing uses scene A, so a comparison sees both from the same place; side by side, it
    // frames the scene in one half.
    CliOptions framed = effective;
    const bool side = options.compare && options.compare_layout == CompareLayout::kSide;
    if (side) framed.size.width = std::max(1, framed.size.width / 2);
    auto camera = camera_from_options(framed, frame_scene(job.scene), scene_path.string());
    if (!camera) return fail(camera.error());
    camera.value().width = effective.size.width;
    if (options.screenshot) return export_screenshot(job, *options.screenshot, camera.value());
    return export_turntable(job, camera.value());
  }

  ViewerLaunch launch;
  launch.options = effective;
  launch.orbit_speed = orbit_speed;
  launch.profile = std::move(profile);
  launch.scene_path = scene_path;
  launch.scene = std::move(loaded.value());
  launch.capture = options.capture_window;
  launch.frames_before_capture = options.frames_before_capture;
  return run_viewer(std::move(launch));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "splatview: out of memory\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "splatview: internal error: %s\n", e.what());
  }
  return kExitFailure;
}
