#pragma once
// splatview's command line: the options, their parsing and the --help text.
#include <array>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "app/frame_compose.h"
#include "core/formats/spz.h"
#include "core/render_mode.h"
#include "core/result.h"
#include "core/text_values.h"
#include "cuda/backend_select.h"
#include "render/show_mode.h"

namespace splatview {

struct CliOptions {
  std::filesystem::path scene;                    // empty: the profile's scene, else the bundled one
  std::optional<std::filesystem::path> profile;   // empty: the bundled profile
  std::optional<std::filesystem::path> check_profile;
  std::optional<std::filesystem::path> screenshot;
  std::optional<std::filesystem::path> turntable;  // .mp4, .gif or a folder for PNG frames
  std::optional<std::filesystem::path> convert;    // write the scene in another format (app/scene_convert.h)
  std::optional<std::string> training_camera;     // --camera N|NAME from cameras.json
  std::optional<std::filesystem::path> path;      // a camera path (ours, nerfstudio, cameras.json)
  std::optional<std::filesystem::path> video;     // --path rendered to .mp4, .gif or PNG frames
  std::optional<double> at;                       // --screenshot of the path at this time (s)
  std::optional<double> seconds;                  // the path's length, overriding the file's
  std::optional<long long> max_gaussians;         // load a file over the Gaussian budget anyway
  std::optional<std::filesystem::path> compare;   // scene B, beside or split against SCENE
  CompareLayout compare_layout = CompareLayout::kSplit;
  float compare_line = 0.5f;                      // split line position, fraction of the width
  bool compare_sweep = false;                     // the line sweeps across during a video
  bool compare_line_drawn = true;
  std::vector<std::string> labels;                // none, or A's and B's
  int frames = 240;                               // turntable: 8 s at 30 fps, 45 degrees a second
  int fps = 30;
  int turns = 1;
  bool clockwise = false;
  bool quiet = false;
  bool force = false;                             // an export may replace an existing file
  std::optional<std::filesystem::path> capture_window;  // run the window, save it, exit
  int frames_before_capture = 30;
  ImageSize size{1920, 1080};
  Backend backend = Backend::kAuto;
  int threads = 0;                                // CPU renderer threads; 0 = every core

  // Camera: an exact one (--eye, optionally --target), or an orbit about the framed target.
  std::optional<glm::vec3> eye;
  std::optional<glm::vec3> target;
  glm::vec3 up{0.0f, -1.0f, 0.0f};
  float azimuth = 0.0f;
  float elevation = 10.0f;
  std::optional<float> distance;                  // default: frames the scene
  float fovy = 50.0f;

  glm::vec3 background{0.0f};
  bool transparent = false;                       // --background transparent: RGBA PNG
  std::optional<int> sh_degree;
  float scale_modifier = 1.0f;
  std::optional<RenderMode> render_mode;          // --render-mode; unset: each scene file's own
  SpzFrame spz_frame = SpzFrame::kRub;            // --spz-frame: an SPZ file's frame when it names none
  ShowMode show = ShowMode::kColor;               // --show: colour or an inspection view
  std::optional<std::array<float, 6>> crop;       // --crop MINX,MINY,MINZ,MAXX,MAXY,MAXZ (scene coordinates)
  float min_opacity = 0.0f;                       // --min-opacity: hide Gaussians below it

  bool help = false;
  bool version = false;

  std::set<std::string> given;  // the options that were on the command line, e.g. "--azimuth"
  bool was_given(const std::string& flag) const { return given.count(flag) != 0; }
};

// Parses argv[1..]; a bad flag or value is an Error naming the flag and what it accepts.
Result<CliOptions> parse_command_line(const std::vector<std::string>& args);

std::string help_text();

}  // namespace splatview
