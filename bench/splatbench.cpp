// splatbench: the performance harness. Loads each scene, renders N frames after a warm-up, and
// prints the load time, the medians (and min/max) of the backend's stages in the order they run,
// visible Gaussians, tile-list length, renderer memory and peak RSS. Run by hand; never from a test.
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <random>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <filesystem>

#include "core/camera.h"
#include "core/formats/scene_loader.h"
#include "core/framing.h"
#include "core/render_mode.h"
#include "core/scene_levels.h"
#include "core/text_values.h"
#include "cuda/backend_select.h"
#include "render/frame_setup.h"

namespace {

using namespace splatview;

struct BenchOptions {
  std::vector<std::string> scenes;
  ImageSize size{1280, 720};
  int frames = 30;
  Backend backend = Backend::kCpu;
  int threads = 0;
  bool json = false;
  bool sweep = false;
  bool levels = false;
  std::optional<glm::vec3> eye, target;
  glm::vec3 up{0, -1, 0};
  float fovy = 50;
  RenderSettings settings;  // --render-mode; unset: each scene file's own
};

const char* kUsage =
    "Usage: splatbench SCENE.ply... [--size WxH] [--frames N] [--backend cpu|cuda|auto] [--threads N]\n"
    "                  [--eye X,Y,Z --target X,Y,Z] [--up AXIS] [--fovy DEG] [--render-mode classic|mip]\n"
    "                  [--json] [--sweep] [--levels]\n"
    "--render-mode: the rule to render with (default: each file's, from its SplatRenderMode comment).\n"
    "--sweep: for the first scene, time against Gaussian count (random subsets of 31k..all) at\n"
    "         --size, then against image size (640x360 .. 3840x2160) with every Gaussian.\n"
    "--levels: for each scene, also build its levels of detail (the window's, for moving views) and\n"
    "          time each level's frame.\n"
    "Defaults: --size 1280x720 --frames 30 --backend cpu, camera framing the scene from -z.\n"
    "Example (the view of docs/performance.md):\n"
    "  splatbench playbot-500k-sh0.ply --eye 0,-1,-3.2 --target 0,-0.4,0 --up -y --fovy 50\n";

struct Series {
  const char* name;
  std::vector<double> values;
  double median() const {
    std::vector<double> v = values;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? 0.0 : (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
  }
  double min() const { return values.empty() ? 0.0 : *std::min_element(values.begin(), values.end()); }
  double max() const { return values.empty() ? 0.0 : *std::max_element(values.begin(), values.end()); }
};

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// CPU time of the process (user and system, every thread): on a shared machine the wall time of a
// load says as much about the neighbours as about the loader.
double cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return 1e3 * (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1e-3 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "splatbench: %s\n%s", message.c_str(), kUsage);
  return 2;
}

bool parse(int argc, char** argv, BenchOptions& o, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    const std::string value = has_value ? argv[i + 1] : "";
    auto take = [&](bool ok) {
      if (!has_value || !ok) error = "bad or missing value for " + arg;
      ++i;
      return has_value && ok;
    };
    if (arg == "--json") o.json = true;
    else if (arg == "--sweep") o.sweep = true;
    else if (arg == "--levels") o.levels = true;
    else if (arg == "--size") { auto s = parse_size(value); if (!take(s.has_value())) return false; o.size = *s; }
    else if (arg == "--frames") { auto n = parse_integer(value); if (!take(n && *n >= 1 && *n <= 100000)) return false; o.frames = static_cast<int>(*n); }
    else if (arg == "--threads") { auto n = parse_integer(value); if (!take(n && *n >= 0 && *n <= 1024)) return false; o.threads = static_cast<int>(*n); }
    else if (arg == "--backend") { if (!take(parse_backend(value, o.backend))) return false; }
    else if (arg == "--eye") { o.eye = parse_vec3(value); if (!take(o.eye.has_value())) return false; }
    else if (arg == "--target") { o.target = parse_vec3(value); if (!take(o.target.has_value())) return false; }
    else if (arg == "--up") { auto u = parse_up(value); if (!take(u.has_value())) return false; o.up = *u; }
    else if (arg == "--fovy") { auto f = parse_number(value); if (!take(f && *f > 0 && *f < 180)) return false; o.fovy = static_cast<float>(*f); }
    else if (arg == "--render-mode") { o.settings.render_mode = parse_render_mode(value); if (!take(o.settings.render_mode.has_value())) return false; }
    else if (arg == "--help" || arg == "-h") { std::fputs(kUsage, stdout); std::exit(0); }
    else if (arg.rfind("--", 0) == 0) { error = "unknown option " + arg; return false; }
    else o.scenes.push_back(arg);
  }
  if (o.scenes.empty()) error = "no scene given";
  return error.empty();
}

Camera bench_camera(const BenchOptions& o, const GaussianScene& scene) {
  const SceneFraming framing = frame_scene(scene);
  if (o.eye) {
    Camera c;
    c.eye = *o.eye;
    c.target = o.target.value_or(framing.center);
    c.up = o.up;
    c.fovy_degrees = o.fovy;
    c.width = o.size.width;
    c.height = o.size.height;
    return c;
  }
  return orbit_camera({o.target.value_or(framing.center), o.up, 0.0f, 10.0f, framing_distance(framing.radius, o.fovy, o.size.width, o.size.height), o.fovy}, o.size.width, o.size.height);
}

// A random subset of `count` Gaussians (fixed seed, so runs are comparable), in file order.
GaussianScene subset_scene(const GaussianScene& scene, std::size_t count) {
  std::vector<std::size_t> indices(scene.count());
  std::iota(indices.begin(), indices.end(), 0);
  std::mt19937_64 random(20261125);
  std::shuffle(indices.begin(), indices.end(), random);
  indices.resize(std::min(count, indices.size()));
  std::sort(indices.begin(), indices.end());
  GaussianScene subset;
  subset.sh_degree = scene.sh_degree;
  subset.render_mode = scene.render_mode;
  subset.resize(indices.size());
  const std::size_t sh = static_cast<std::size_t>(scene.sh_coeffs()) * 3;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const std::size_t i = indices[k];
    std::copy_n(&scene.positions[3 * i], 3, &subset.positions[3 * k]);
    std::copy_n(&scene.scales[3 * i], 3, &subset.scales[3 * k]);
    std::copy_n(&scene.rotations[4 * i], 4, &subset.rotations[4 * k]);
    subset.opacities[k] = scene.opacities[i];
    std::copy_n(&scene.sh[sh * i], sh, &subset.sh[sh * k]);
  }
  return subset;
}

// Renders one frame; a failed frame's times would mean nothing, so the benchmark stops there
// (exit status 1, the reason on stderr).
void render_or_exit(Renderer& renderer, const GaussianScene& scene, const Camera& camera,
                    const RenderSettings& settings, Image& image, FrameStats& stats) {
  renderer.render(scene, camera, settings, image, stats);
  if (renderer.last_failure().empty()) return;
  std::fprintf(stderr, "splatbench: %s\n", render_failure(renderer).message().c_str());
  std::exit(1);
}

// Median per stage over the frames (after one warm-up frame).
std::array<double, 6> median_stages(Renderer& renderer, const GaussianScene& scene, const Camera& camera,
                                    const BenchOptions& options, FrameStats& last) {
  Image image;
  render_or_exit(renderer, scene, camera, options.settings, image, last);
  Series series[] = {{"preprocess", {}}, {"keys", {}}, {"sort", {}}, {"ranges", {}}, {"blend", {}}, {"total", {}}};
  for (int f = 0; f < options.frames; ++f) {
    render_or_exit(renderer, scene, camera, options.settings, image, last);
    const double t[] = {last.preprocess_ms, last.keys_ms, last.sort_ms, last.ranges_ms, last.blend_ms, last.total_ms};
    for (int k = 0; k < 6; ++k) series[k].values.push_back(t[k]);
  }
  std::array<double, 6> medians{};
  for (int k = 0; k < 6; ++k) medians[k] = series[k].median();
  return medians;
}

void print_sweep_row(const std::string& label, const std::array<double, 6>& m, const FrameStats& stats) {
  std::printf("| %-11s | %8.2f | %6.2f | %6.2f | %6.2f | %8.2f | %8.2f | %9zu | %10zu |\n", label.c_str(), m[5], m[0],
              m[1], m[2], m[4], m[3], stats.visible, stats.tile_entries);
}

int run_sweep(const BenchOptions& options, Renderer& renderer) {
  auto loaded = load_scene(options.scenes.front());
  if (!loaded) return usage_error(loaded.error().message());
  const GaussianScene& scene = loaded.value().scene;
  const char* header =
      "| %-11s | total ms | prep   | keys   | sort   | blend ms | range ms | visible   | entries    |\n"
      "|-------------|----------|--------|--------|--------|----------|----------|-----------|------------|\n";
  std::printf("Median of %d frames, %s (%s)\n\nGaussians at %dx%d:\n\n", options.frames, renderer.name().c_str(),
              renderer.device_description().c_str(), options.size.width, options.size.height);
  std::printf(header, "Gaussians");
  FrameStats stats;
  for (std::size_t count : {31250u, 62500u, 125000u, 250000u, 500000u}) {
    if (count > scene.count()) break;
    const GaussianScene subset = subset_scene(scene, count);
    const auto m = median_stages(renderer, subset, bench_camera(options, scene), options, stats);
    print_sweep_row(std::to_string(count), m, stats);
  }
  std::printf("\nImage sizes, all %zu Gaussians:\n\n", scene.count());
  std::printf(header, "size");
  const ImageSize sizes[] = {{640, 360}, {1280, 720}, {1920, 1080}, {2560, 1440}, {3840, 2160}};
  for (const ImageSize& size : sizes) {
    BenchOptions sized = options;
    sized.size = size;
    const auto m = median_stages(renderer, scene, bench_camera(sized, scene), options, stats);
    print_sweep_row(std::to_string(size.width) + "x" + std::to_string(size.height), m, stats);
  }
  return 0;
}

}  // namespace

// --levels: the levels of detail of `scene`, their build time, and each level's median frame.
void run_levels(const BenchOptions& options, Renderer& renderer, const GaussianScene& scene, const Camera& camera) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<GaussianScene> levels = build_scene_levels(scene);
  const double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("  levels of detail: %zu, built in %.0f ms (peak RSS %.1f MiB)\n", levels.size(), build_ms, peak_rss_mib());
  for (std::size_t k = 0; k < levels.size(); ++k) {
    Image image;
    FrameStats stats;
    render_or_exit(renderer, levels[k], camera, options.settings, image, stats);
    Series total{"total", {}};
    for (int f = 0; f < options.frames; ++f) {
      render_or_exit(renderer, levels[k], camera, options.settings, image, stats);
      total.values.push_back(stats.total_ms);
    }
    std::printf("  level %zu: %zu Gaussians, frame median %.2f ms (min %.2f)\n", k + 1, levels[k].count(),
                total.median(), total.min());
  }
}

int main(int argc, char** argv) {
  BenchOptions options;
  std::string error;
  if (!parse(argc, argv, options, error)) return usage_error(error);

  auto selected = make_renderer(options.backend, options.threads);
  if (!selected) return usage_error(selected.error().message());
  Renderer& renderer = *selected.value().renderer;
  if (!options.json)
    std::printf("splatbench: backend %s (%s), %dx%d, %d frames after 1 warm-up\n", renderer.name().c_str(),
                renderer.device_description().c_str(), options.size.width, options.size.height, options.frames);

  if (options.sweep) return run_sweep(options, renderer);
  if (options.json) std::printf("[\n");
  for (std::size_t s = 0; s < options.scenes.size(); ++s) {
    const std::string& path = options.scenes[s];
    const auto load_start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_ms();
    auto loaded = load_scene(path);
    const double load_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start).count();
    const double load_cpu_ms = cpu_ms() - cpu_start;
    // The peak is the process's: for a later scene it includes what earlier ones used.
    const double load_peak_mib = peak_rss_mib();
    std::error_code ec;
    const double file_mib = static_cast<double>(std::filesystem::file_size(path, ec)) / (1 << 20);
    const auto ratio = [&](double mib) { return ec || file_mib <= 0 ? 0.0 : mib / file_mib; };
    if (!loaded) {
      std::fprintf(stderr, "splatbench: %s\n", loaded.error().message().c_str());
      return 2;
    }
    const GaussianScene& scene = loaded.value().scene;
    const Camera camera = bench_camera(options, scene);
    const RenderSettings& settings = options.settings;
    Image image;
    FrameStats stats;
    render_or_exit(renderer, scene, camera, settings, image, stats);  // warm-up: buffers grow once

    // By DESIGN's steps (the JSON's keys, as before), and by the backend's own stages in order.
    Series series[] = {{"preprocess", {}}, {"keys", {}}, {"sort", {}}, {"ranges", {}}, {"blend", {}}, {"total", {}}};
    std::vector<Series> stages;
    for (int k = 0; k < stats.stage_count; ++k) stages.push_back({stats.stages[k].name, {}});
    stages.push_back({"total", {}});
    for (int f = 0; f < options.frames; ++f) {
      render_or_exit(renderer, scene, camera, settings, image, stats);
      const double times[] = {stats.preprocess_ms, stats.keys_ms, stats.sort_ms,
                              stats.ranges_ms,     stats.blend_ms, stats.total_ms};
      for (int k = 0; k < 6; ++k) series[k].values.push_back(times[k]);
      for (int k = 0; k < stats.stage_count && k + 1 < static_cast<int>(stages.size()); ++k)
        stages[k].values.push_back(stats.stages[k].ms);
      stages.back().values.push_back(stats.total_ms);
    }

    const char* mode = render_mode_name(render_mode_for(scene, settings));
    if (options.json) {
      std::printf("  {\"scene\": \"%s\", \"gaussians\": %zu, \"sh_degree\": %d, \"render_mode\": \"%s\", \"width\": %d, \"height\": %d, "
                  "\"frames\": %d, \"backend\": \"%s\", \"load_ms\": %.3f, \"load_cpu_ms\": %.1f, \"visible\": %zu, "
                  "\"tile_entries\": %zu, "
                  "\"renderer_memory_mib\": %.1f, \"file_mib\": %.1f, \"load_peak_rss_mib\": %.1f, "
                  "\"load_rss_file_ratio\": %.3f, \"peak_rss_mib\": %.1f, \"rss_file_ratio\": %.3f",
                  path.c_str(), scene.count(), scene.sh_degree, mode, options.size.width, options.size.height,
                  options.frames, renderer.name().c_str(), load_ms, load_cpu_ms, stats.visible, stats.tile_entries,
                  static_cast<double>(stats.memory_bytes) / (1 << 20), file_mib, load_peak_mib, ratio(load_peak_mib),
                  peak_rss_mib(), ratio(peak_rss_mib()));
      for (const Series& x : series)
        std::printf(", \"%s\": {\"median_ms\": %.3f, \"min_ms\": %.3f, \"max_ms\": %.3f}", x.name, x.median(),
                    x.min(), x.max());
      std::printf(", \"stages\": [");
      for (std::size_t k = 0; k + 1 < stages.size(); ++k)
        std::printf("%s{\"name\": \"%s\", \"median_ms\": %.3f, \"min_ms\": %.3f, \"max_ms\": %.3f}", k ? ", " : "",
                    stages[k].name, stages[k].median(), stages[k].min(), stages[k].max());
      std::printf("]}%s\n", s + 1 < options.scenes.size() ? "," : "");
    } else {
      std::printf("\n%s: %zu Gaussians, SH degree %d, render mode %s, loaded in %.1f ms (%.1f ms of CPU time)\n", path.c_str(),
                  scene.count(), scene.sh_degree, mode, load_ms, load_cpu_ms);
      std::printf("  visible %zu, tile entries %zu, renderer memory %.1f MiB\n", stats.visible, stats.tile_entries,
                  static_cast<double>(stats.memory_bytes) / (1 << 20));
      std::printf("  file %.1f MiB; peak RSS %.1f MiB after the load (%.2fx the file), %.1f MiB after the frames "
                  "(%.2fx)\n",
                  file_mib, load_peak_mib, ratio(load_peak_mib), peak_rss_mib(), ratio(peak_rss_mib()));
      std::printf("  %-20s %10s %10s %10s\n", "stage (ms)", "median", "min", "max");
      for (const Series& x : stages)
        std::printf("  %-20s %10.2f %10.2f %10.2f\n", x.name, x.median(), x.min(), x.max());
    }
    if (options.levels && !options.json) run_levels(options, renderer, scene, camera);
  }
  if (options.json) std::printf("]\n");
  return 0;
}
