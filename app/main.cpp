// splatview: command-line entry. Parses options, loads the scene, and runs the headless exports
// (screenshot, turntable) or opens the desktop window.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/data_paths.h"
#include "app/output_path.h"
#include "app/panels/profile_check.h"
#include "app/profile_import_command.h"
#include "app/progress_bar.h"
#include "app/turntable_job.h"
#include "app/view_setup.h"
#include "app/window/viewer.h"
#include "core/framing.h"
#include "core/image.h"
#include "core/formats/ply_writer.h"
#include "core/formats/scene_loader.h"
#include "core/formats/training_cameras.h"
#include "core/profile.h"
#include "core/profile_import/profile_import.h"
#include "cuda/backend_select.h"

namespace {

using namespace splatview;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;  // the shell's convention for a process ended by SIGINT

int fail(const Error& error) {
  std::fprintf(stderr, "splatview: %s\n", error.message().c_str());
  return kExitBadInput;
}

// A failure that is not the input's fault (a frame the GPU could not render).
int fail_at_run_time(const Error& error) {
  std::fprintf(stderr, "splatview: %s\n", error.message().c_str());
  return kExitFailure;
}

int take_screenshot(const CliOptions& options, const GaussianScene& scene) {
  auto camera = camera_from_options(options, frame_scene(scene));
  if (!camera) return fail(camera.error());
  if (auto error = check_output_folder(*options.screenshot)) return fail(*error);

  auto selected = make_renderer(options.backend, options.threads);
  if (!selected) return fail(selected.error());
  if (!selected.value().note.empty()) std::fprintf(stderr, "splatview: %s\n", selected.value().note.c_str());

  RenderSettings settings = settings_from_options(options);
  // Transparent output is rendered on black: the colour is then premultiplied by coverage.
  if (options.transparent) settings.background[0] = settings.background[1] = settings.background[2] = 0.0f;

  Image image;
  FrameStats stats;
  Renderer& renderer = *selected.value().renderer;
  renderer.render(scene, camera.value(), settings, image, stats);
  if (!renderer.last_failure().empty()) return fail_at_run_time(render_failure(renderer));
  if (auto error = write_png(*options.screenshot, to_8bit_image(image, options.transparent))) return fail(*error);
  std::fprintf(stderr, "splatview: wrote %s (%dx%d, %zu of %zu Gaussians visible, %.0f ms)\n",
               options.screenshot->string().c_str(), image.width, image.height, stats.visible, scene.count(),
               stats.total_ms);
  return kExitOk;
}

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
  options.eye = view.eye;
  options.target = view.target;
  options.up = view.up;
  options.fovy = view.fovy_degrees;
  if (!options.was_given("--size")) options.size = {view.width, view.height};
  return std::nullopt;
}

// Set by Ctrl-C (SIGINT) or SIGTERM; the export stops between frames and cleans up.
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) { g_interrupted = true; }

int export_turntable(const CliOptions& options, const GaussianScene& scene) {
  auto camera = camera_from_options(options, frame_scene(scene));
  if (!camera) return fail(camera.error());

  TurntableRequest request;
  request.output = *options.turntable;
  request.start = camera.value();
  request.settings = settings_from_options(options);
  request.transparent = options.transparent;
  request.frames = options.frames;
  request.fps = options.fps;
  request.turns = options.turns;
  request.clockwise = options.clockwise;
  if (auto error = validate_turntable(request)) return fail(*error);

  auto selected = make_renderer(options.backend, options.threads);
  if (!selected) return fail(selected.error());
  if (!selected.value().note.empty() && !options.quiet)
    std::fprintf(stderr, "splatview: %s\n", selected.value().note.c_str());

  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  std::signal(SIGPIPE, SIG_IGN);  // a dying ffmpeg shows up as a write error, not a signal
  ProgressBar bar(options.quiet);
  const TurntableOutcome outcome = run_turntable(
      scene, *selected.value().renderer, request, [&](const TurntableProgress& p) { bar.update(p); },
      g_interrupted);
  const TurntableProgress& t = outcome.totals;
  switch (outcome.status) {
    case TurntableOutcome::Status::kFailed:
      bar.finish("");  // clears the bar's line
      return outcome.render_failed ? fail_at_run_time(outcome.error) : fail(outcome.error);
    case TurntableOutcome::Status::kCancelled:
      bar.finish("");
      std::fprintf(stderr, "splatview: interrupted after %d frames; nothing was written\n", t.done);
      return kExitInterrupted;
    case TurntableOutcome::Status::kDone:
      break;
  }
  if (!outcome.note.empty() && !options.quiet) std::fprintf(stderr, "splatview: %s\n", outcome.note.c_str());
  char summary[256];
  std::snprintf(summary, sizeof summary, "splatview: wrote %s: %d frames in %s (%.1f fps; rendering %.1f s, encoding %.1f s)",
                request.output.string().c_str(), t.done, format_duration(t.elapsed_s).c_str(),
                t.elapsed_s > 0 ? t.done / t.elapsed_s : 0.0, t.render_s, t.encode_s);
  bar.finish(summary);
  return kExitOk;
}

int run(const std::vector<std::string>& args) {
  if (is_import_profile_command(args)) return run_import_profile(args);
  auto parsed = parse_command_line(args);
  if (!parsed) {
    std::fprintf(stderr, "splatview: %s\n", parsed.error().message().c_str());
    return kExitBadInput;
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
  auto loaded = load_scene(scene_path);
  if (!loaded) return fail(loaded.error());
  for (const std::string& warning : loaded.value().warnings)
    std::fprintf(stderr, "splatview: warning: %s: %s\n", scene_path.string().c_str(), warning.c_str());

  if (options.convert) {
    if (auto error = check_output_folder(*options.convert)) return fail(*error);
    if (auto error = write_ply(*options.convert, loaded.value().scene)) return fail(*error);
    std::fprintf(stderr, "splatview: wrote %s (%zu Gaussians, SH degree %d)\n", options.convert->string().c_str(),
                 loaded.value().scene.count(), loaded.value().scene.sh_degree);
    return kExitOk;
  }
  if (options.training_camera) {
    if (auto error = use_training_camera(scene_path, *options.training_camera, effective)) return fail(*error);
  }

  if (options.screenshot) return take_screenshot(effective, loaded.value().scene);
  if (options.turntable) return export_turntable(effective, loaded.value().scene);

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
