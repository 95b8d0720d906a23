// splatview: command-line entry. Parses options, loads the scene, and runs the headless export
// (the desktop window is a later issue).
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/data_paths.h"
#include "app/view_setup.h"
#include "core/framing.h"
#include "core/image.h"
#include "core/ply_reader.h"
#include "cuda/backend_select.h"

namespace {

using namespace splatview;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

int fail(const Error& error) {
  std::fprintf(stderr, "splatview: %s\n", error.message().c_str());
  return kExitBadInput;
}

// Checked before rendering, so a bad path fails fast and alone: a folder that does not exist or
// cannot be written to.
std::optional<Error> check_output_path(const std::filesystem::path& path) {
  const std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
  std::error_code ignored;
  if (!std::filesystem::is_directory(folder, ignored))
    return Error{path.string(), "the folder " + folder.string() + " does not exist", "create it or pick another path"};
  if (::access(folder.c_str(), W_OK) != 0)
    return Error{path.string(), "the folder " + folder.string() + " is not writable", "pick another path"};
  return std::nullopt;
}

int take_screenshot(const CliOptions& options, const GaussianScene& scene) {
  auto camera = camera_from_options(options, frame_scene(scene));
  if (!camera) return fail(camera.error());
  if (auto error = check_output_path(*options.screenshot)) return fail(*error);

  auto selected = make_renderer(options.backend, options.threads);
  if (!selected) return fail(selected.error());
  if (!selected.value().note.empty()) std::fprintf(stderr, "splatview: %s\n", selected.value().note.c_str());

  RenderSettings settings = settings_from_options(options);
  // Transparent output is rendered on black: the colour is then premultiplied by coverage.
  if (options.transparent) settings.background[0] = settings.background[1] = settings.background[2] = 0.0f;

  Image image;
  FrameStats stats;
  selected.value().renderer->render(scene, camera.value(), settings, image, stats);
  if (auto error = write_png(*options.screenshot, to_8bit_image(image, options.transparent))) return fail(*error);
  std::fprintf(stderr, "splatview: wrote %s (%dx%d, %zu of %zu Gaussians visible, %.0f ms)\n",
               options.screenshot->string().c_str(), image.width, image.height, stats.visible, scene.count(),
               stats.total_ms);
  return kExitOk;
}

int run(const std::vector<std::string>& args) {
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

  const std::filesystem::path scene_path = options.scene.empty() ? bundled_scene_path() : options.scene;
  auto loaded = load_ply(scene_path);
  if (!loaded) return fail(loaded.error());
  for (const std::string& warning : loaded.value().warnings)
    std::fprintf(stderr, "splatview: warning: %s: %s\n", scene_path.string().c_str(), warning.c_str());

  if (options.screenshot) return take_screenshot(options, loaded.value().scene);

  std::fprintf(stderr,
               "splatview: loaded %s (%zu Gaussians); the desktop window is not part of this version yet; "
               "use --screenshot FILE.png to render it (see --help)\n",
               scene_path.string().c_str(), loaded.value().scene.count());
  return kExitFailure;
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
