#include "app/cli.h"

#include <cctype>
#include <cmath>
#include <functional>
#include <map>

#include "app/scene_convert.h"
#include "core/path_names.h"
#include "core/camera.h"

namespace splatview {

namespace {

Error bad_value(const std::string& flag, const std::string& value, const std::string& expected) {
  return Error{flag, "bad value '" + value + "'", "expected " + expected};
}

// Reads a number in [lo, hi] into `out`.
std::optional<Error> read_number(const std::string& flag, const std::string& value, double lo, double hi,
                                 float& out) {
  const auto number = parse_number(value);
  if (!number || *number < lo || *number > hi)
    return bad_value(flag, value, "a number from " + format_number(lo) + " to " + format_number(hi));
  out = static_cast<float>(*number);
  return std::nullopt;
}

// The same into an option that is unset until given (--distance, --at, --seconds).
template <class T>
std::optional<Error> read_number(const std::string& flag, const std::string& value, double lo, double hi,
                                 std::optional<T>& out) {
  float number = 0;
  if (auto error = read_number(flag, value, lo, hi, number)) return error;
  out = number;
  return std::nullopt;
}

// Reads a whole number in [lo, hi] into `out`; `expected` describes it for the error.
std::optional<Error> read_integer(const std::string& flag, const std::string& value, long long lo, long long hi,
                                  const std::string& expected, int& out) {
  const auto n = parse_integer(value);
  if (!n || *n < lo || *n > hi) return bad_value(flag, value, expected);
  out = static_cast<int>(*n);
  return std::nullopt;
}

// Reads --crop's MINX,MINY,MINZ,MAXX,MAXY,MAXZ: six finite numbers, each minimum below its maximum.
std::optional<Error> read_crop(const std::string& flag, const std::string& value, CliOptions& options) {
  std::array<float, 6> box{};
  std::size_t start = 0;
  for (int k = 0; k < 6; ++k) {
    const std::size_t comma = value.find(',', start);
    if ((comma == std::string::npos) != (k == 5))
      return bad_value(flag, value, "six numbers MINX,MINY,MINZ,MAXX,MAXY,MAXZ, e.g. -1,-2,-1,1,0.5,1");
    const auto number = parse_number(std::string_view(value).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!number || !std::isfinite(static_cast<float>(*number)))
      return bad_value(flag, value, "six finite numbers MINX,MINY,MINZ,MAXX,MAXY,MAXZ, e.g. -1,-2,-1,1,0.5,1");
    box[k] = static_cast<float>(*number);
    start = comma + 1;
  }
  for (int axis = 0; axis < 3; ++axis)
    if (!(box[axis] < box[axis + 3]))
      return bad_value(flag, value, std::string("each minimum below its maximum (") + "xyz"[axis] + ": " +
                                        format_number(box[axis]) + " is not below " + format_number(box[axis + 3]) + ")");
  options.crop = box;
  return std::nullopt;
}

using Setter = std::function<std::optional<Error>(CliOptions&, const std::string& flag, const std::string& value)>;

// Every option that takes a value, and how it is stored.
const std::map<std::string, Setter>& value_options() {
  static const std::map<std::string, Setter> options = {
      {"--screenshot",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         std::filesystem::path path(v);
         const std::string extension = lower_extension(path);
         if (extension != ".png") return bad_value(flag, v, "a file name ending in .png");
         o.screenshot = path;
         return std::nullopt;
       }},
      {"--profile",
       [](CliOptions& o, const std::string&, const std::string& v) -> std::optional<Error> {
         o.profile = std::filesystem::path(v);
         return std::nullopt;
       }},
      {"--check-profile",
       [](CliOptions& o, const std::string&, const std::string& v) -> std::optional<Error> {
         o.check_profile = std::filesystem::path(v);
         return std::nullopt;
       }},
      {"--convert",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (!is_convert_target(v)) return bad_value(flag, v, "a file name ending in .ply, .glb, .gltf or .spz");
         o.convert = std::filesystem::path(v);
         return std::nullopt;
       }},
      {"--camera",
       [](CliOptions& o, const std::string&, const std::string& v) -> std::optional<Error> {
         o.training_camera = v;  // looked up in the scene's cameras.json once it is loaded
         return std::nullopt;
       }},
      {"--path",
       [](CliOptions& o, const std::string&, const std::string& v) -> std::optional<Error> {
         o.path = std::filesystem::path(v);  // its format is told by its content
         return std::nullopt;
       }},
      {"--video",
       [](CliOptions& o, const std::string&, const std::string& v) -> std::optional<Error> {
         o.video = std::filesystem::path(v);  // the format is checked with the rest of the export
         return std::nullopt;
       }},
      {"--at",
       [](CliOptions& o, const std::string& flag, const std::string& v) { return read_number(flag, v, 0, 1e7, o.at); }},
      {"--seconds",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_number(flag, v, 0.001, 1e5, o.seconds);
       }},
      {"--max-gaussians",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         const auto n = parse_integer(v);
         if (!n || *n < 1 || *n > 4'000'000'000LL)
           return bad_value(flag, v, "a Gaussian count from 1 to 4000000000");
         o.max_gaussians = *n;
         return std::nullopt;
       }},
      {"--compare",
       [](CliOptions& o, const std::string&, const std::string& v) -> std::optional<Error> {
         o.compare = std::filesystem::path(v);  // loaded by the same rules as SCENE
         return std::nullopt;
       }},
      {"--compare-layout",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (v != "split" && v != "side") return bad_value(flag, v, "split or side");
         o.compare_layout = v == "side" ? CompareLayout::kSide : CompareLayout::kSplit;
         return std::nullopt;
       }},
      {"--compare-line",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (v == "off") {
           o.compare_line_drawn = false;
           return std::nullopt;
         }
         if (v == "sweep") {
           o.compare_sweep = true;
           return std::nullopt;
         }
         return read_number(flag, v, 0, 1, o.compare_line);
       }},
      {"--labels",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         const std::size_t comma = v.find(',');
         constexpr std::size_t kMaxLabel = 80;
         if (comma == std::string::npos || comma == 0 || comma + 1 == v.size() ||
             v.find(',', comma + 1) != std::string::npos || v.size() > 2 * kMaxLabel)
           return bad_value(flag, v, "two labels separated by a comma, e.g. \"3DGS,Ours\"");
         o.labels = {v.substr(0, comma), v.substr(comma + 1)};
         return std::nullopt;
       }},
      {"--turntable",
       [](CliOptions& o, const std::string&, const std::string& v) -> std::optional<Error> {
         o.turntable = std::filesystem::path(v);  // the format is checked with the rest of the export
         return std::nullopt;
       }},
      {"--frames",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_integer(flag, v, 1, 100000, "a frame count from 1 to 100000", o.frames);
       }},
      {"--fps",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_integer(flag, v, 1, 240, "frames per second from 1 to 240", o.fps);
       }},
      {"--turns",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_integer(flag, v, 1, 1000, "a whole number of turns from 1 to 1000", o.turns);
       }},
      {"--direction",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (v != "cw" && v != "ccw") return bad_value(flag, v, "cw or ccw");
         o.clockwise = v == "cw";
         return std::nullopt;
       }},
      {"--capture-window",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         const std::string extension = lower_extension(std::filesystem::path(v));
         if (extension != ".png") return bad_value(flag, v, "a file name ending in .png");
         o.capture_window = std::filesystem::path(v);
         return std::nullopt;
       }},
      {"--frames-before-capture",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_integer(flag, v, 1, 100000, "a frame count from 1 to 100000", o.frames_before_capture);
       }},
      {"--size",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         const auto size = parse_size(v);
         if (!size || size->width > kMaxImageSide || size->height > kMaxImageSide)
           return bad_value(flag, v, "WxH with each side from 1 to 8192, e.g. 1920x1080");
         o.size = *size;
         return std::nullopt;
       }},
      {"--backend",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (!parse_backend(v, o.backend)) return bad_value(flag, v, "auto, cuda or cpu");
         return std::nullopt;
       }},
      {"--threads",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_integer(flag, v, 0, 1024, "a thread count from 0 (every core) to 1024", o.threads);
       }},
      {"--eye",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (!(o.eye = parse_vec3(v))) return bad_value(flag, v, "X,Y,Z, e.g. 0,-1,-3.2");
         return std::nullopt;
       }},
      {"--target",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (!(o.target = parse_vec3(v))) return bad_value(flag, v, "X,Y,Z, e.g. 0,-0.4,0");
         return std::nullopt;
       }},
      {"--up",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         const auto up = parse_up(v);
         if (!up) return bad_value(flag, v, "+x, -x, +y, -y, +z, -z or a non-zero X,Y,Z");
         o.up = *up;
         return std::nullopt;
       }},
      {"--azimuth",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_number(flag, v, -36000, 36000, o.azimuth);
       }},
      {"--elevation",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_number(flag, v, -89.9, 89.9, o.elevation);
       }},
      {"--distance",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_number(flag, v, 1e-4, 1e7, o.distance);
       }},
      {"--fovy",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_number(flag, v, 1, 170, o.fovy);
       }},
      {"--background",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (v == "transparent") {
           o.transparent = true;
           o.background = glm::vec3(0.0f);
           return std::nullopt;
         }
         const auto color = parse_color(v);
         if (!color) return bad_value(flag, v, "R,G,B in 0..1, #RRGGBB, black, white, gray or transparent");
         o.background = *color;
         o.transparent = false;
         return std::nullopt;
       }},
      {"--sh-degree",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         int degree = 0;
         if (auto error = read_integer(flag, v, 0, 3, "0, 1, 2 or 3", degree)) return error;
         o.sh_degree = degree;
         return std::nullopt;
       }},
      {"--scale-modifier",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_number(flag, v, 1e-3, 1e3, o.scale_modifier);
       }},
      {"--render-mode",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (!(o.render_mode = parse_render_mode(v))) return bad_value(flag, v, "classic or mip");
         return std::nullopt;
       }},
      {"--show",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         const auto mode = parse_show_mode(v);
         if (!mode) return bad_value(flag, v, "color, depth, alpha, centres or ellipses");
         o.show = *mode;
         return std::nullopt;
       }},
      {"--crop", [](CliOptions& o, const std::string& flag, const std::string& v) { return read_crop(flag, v, o); }},
      {"--min-opacity",
       [](CliOptions& o, const std::string& flag, const std::string& v) {
         return read_number(flag, v, 0, 1, o.min_opacity);
       }},
      {"--spz-frame",
       [](CliOptions& o, const std::string& flag, const std::string& v) -> std::optional<Error> {
         if (v != "rub" && v != "rdf") return bad_value(flag, v, "rub (the SPZ standard) or rdf (older writers)");
         o.spz_frame = v == "rdf" ? SpzFrame::kRdf : SpzFrame::kRub;
         return std::nullopt;
       }},
  };
  return options;
}

}  // namespace

Result<CliOptions> parse_command_line(const std::vector<std::string>& args) {
  CliOptions options;
  bool scene_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      continue;
    }
    if (arg == "--version") {
      options.version = true;
      continue;
    }
    if (arg == "--quiet" || arg == "-q") {
      options.quiet = true;
      continue;
    }
    if (arg == "--force") {
      options.force = true;
      continue;
    }
    if (arg.rfind("--", 0) == 0) {
      std::string value;
      bool inline_value = false;
      if (const std::size_t eq = arg.find('='); eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        inline_value = true;
      }
      const auto option = value_options().find(arg);
      if (option == value_options().end()) return Error{arg, "unknown option", "see splatview --help"};
      if (!inline_value) {
        if (i + 1 >= args.size()) return Error{arg, "needs a value", "see splatview --help"};
        value = args[++i];
      }
      if (auto error = option->second(options, arg, value)) return *error;
      options.given.insert(arg);
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') return Error{arg, "unknown option", "see splatview --help"};
    if (scene_given) return Error{arg, "more than one scene given", "pass a single .ply file"};
    options.scene = arg;
    scene_given = true;
  }
  if ((options.screenshot ? 1 : 0) + (options.turntable ? 1 : 0) + (options.video ? 1 : 0) + (options.convert ? 1 : 0) > 1)
    return Error{"--screenshot/--turntable/--video/--convert", "more than one given", "run splatview once for each export"};
  if (options.video && !options.path)
    return Error{"--video", "renders a camera path", "add --path FILE.json (or use --turntable for an orbit)"};
  if (options.at && !(options.path && options.screenshot))
    return Error{"--at", "picks the time of a --path --screenshot", "add --path FILE.json --screenshot OUT.png"};
  if (options.path && (options.turntable || options.convert))
    return Error{"--path", "does not apply to --turntable or --convert", "use --path with --video or --screenshot"};
  if (options.seconds && !options.video && !options.turntable)
    return Error{"--seconds", "sets the length of a --video or --turntable", "drop it, or add one of them"};
  if (options.screenshot)
    for (const char* flag : {"--frames", "--fps", "--turns", "--direction"})
      if (options.was_given(flag)) return Error{flag, "does not apply to --screenshot (one frame)", "drop it"};
  if (options.seconds && options.was_given("--frames"))
    return Error{"--seconds/--frames", "both set the length", "give one of them"};
  // An option that would do nothing is an error, not silently ignored.
  if (!options.compare)
    for (const char* flag : {"--compare-layout", "--compare-line", "--labels"})
      if (options.was_given(flag)) return Error{flag, "only applies with --compare B", "add --compare B, or drop it"};
  if (options.convert && options.was_given("--show"))
    return Error{"--show", "does not apply to --convert (it changes the picture, not the scene)",
                 "drop it; --crop and --min-opacity do choose what --convert writes"};
  if (options.compare && options.convert)
    return Error{"--compare", "does not apply to --convert", "convert each scene on its own"};
  return options;
}

std::string help_text() {
  return R"(splatview - view 3D Gaussian Splatting scenes

Usage:
  splatview [SCENE] [options]     opens the viewer window, or exports headless (below)

  SCENE                  a splat scene: 3DGS .ply (binary or ASCII), PlayCanvas compressed
                         .ply, .splat, Niantic .spz (v2-v4), PlayCanvas .sog (or a folder with
                         its meta.json), glTF .glb/.gltf with KHR_gaussian_splatting; default:
                         the profile's scene, else the bundled one
                         (PLAYBOT by Stephane Agullo, CC BY 4.0)

Profile (the researcher shown beside the scene; see docs/profile-format.md):
  --profile FILE.toml    the profile to show (default: the bundled one); its [scene] table
                         names a scene and a starting view, used when no SCENE is given
                         (flags such as --azimuth still win)
  --check-profile FILE   print what a profile contains and every warning, then exit
  --import-profile SOURCE... [--output me.toml] [--force] [--name "..."] [--base-url URL]
                         build a profile from a homepage page (.md, .html), a CV (.txt, or
                         .md named cv/resume, or cv:FILE) and BibTeX (.bib); TOML to stdout
                         or --output (an existing file only with --force); --profile also
                         takes such a source directly and imports it in memory

Export (headless: no window, no display needed):
  --screenshot FILE.png  render one frame, write it, exit
  --turntable OUT        render a seamless 360-degree orbit and exit: OUT.mp4 (H.264, yuv420p:
                         plays in browsers, PowerPoint, Keynote), OUT.gif (looping, own
                         palette), or a folder OUT/ of frame_0000.png ... (needs ffmpeg for
                         video; a cancelled or failed export leaves no partial file)
  --frames N             video length in frames (turntable default 240: 8 s at 30 fps, a
                         calm 45 degrees a second)
  --fps N                video frame rate (default 30, or the path file's)
  --turns K              whole turns in the turntable (default 1)
  --direction cw|ccw     turntable direction seen from above (default ccw)
  --quiet, -q            no progress bar
  --force                replace an existing output file (an export never writes over
                         the scene, the profile or anything else this run reads)
  --convert OUT.ply      write the scene as a canonical 3DGS PLY (float, INRIA property
                         order) that any 3DGS tool reads, and exit; OUT.glb writes glTF
                         binary with KHR_gaussian_splatting (+y up, SH bands rotated),
                         OUT.gltf the same as JSON with its buffer beside it in OUT.bin
                         (both files count as outputs), OUT.spz Niantic SPZ version 3 in
                         its standard frame (y up; about 10x smaller, quantised)

Camera paths (docs/camera-paths.md; smooth, constant speed, keyframes passed exactly):
  --path FILE.json       a camera path: splatview's own, nerfstudio's camera_path.json, or
                         an INRIA cameras.json (a smoothed fly-through of the training views
                         in capture order, each with its own field of view); in the window
                         it opens in the Path panel
  --video OUT            render the path headless: OUT.mp4, OUT.gif or a folder OUT/ of PNG
                         frames, like --turntable (progress bar, no partial file)
  --at SECONDS           with --path and --screenshot: the frame at that time
  --seconds S            the video's length (the path is retimed; default: the file's);
                         --fps, --size and --frames override the file's too

Comparison (two scenes from the same camera, in every export and in the window):
  --compare B            scene B (any format above); auto-framing uses SCENE, so both are
                         seen from the same place
  --compare-layout L     split (default): one image of --size, SCENE left of a vertical
                         line and B right of it; side: SCENE and B side by side, each half
                         the width and the full height, so both keep the same vertical
                         field of view and framing (each sees a narrower slice sideways)
  --compare-line X       split position as a fraction of the width (default 0.5), or sweep
                         (moves across and back once over a video), or off (no line drawn)
  --labels "A,B"         labels drawn into the frames, e.g. "3DGS,Ours" (DejaVu Sans Bold)

Window (the default when no export is asked for):
  --capture-window FILE.png   open the window, let N frames pass once the scene is shown,
                         save the whole window (scene and panels) to FILE.png, exit
  --frames-before-capture N   frames to wait before the capture (default 30)
  In the window: left drag orbits, right/middle drag pans, the wheel zooms toward the cursor,
  double-click orbits about the splat under the cursor, Space toggles auto-rotate, R resets
  the view, F frames the scene, U cycles the up axis, 1-6 show the front, back, left,
  right, top (looking down the up axis) and bottom views, H hides the panels, P the profile,
  S saves a screenshot, F11 toggles fullscreen, Ctrl+O opens a file (the desktop's dialog:
  zenity or kdialog), Ctrl+Q quits. Drop a .ply on the window to open it.
  V flies: W/S forward and back, A/D sideways, Q/E down and up, Shift faster, left drag
  looks around, the wheel steps; V, R, F or 1-6 return to the orbit. PageUp/PageDown step
  through the training views of the scene's cameras.json (listed in the Camera tab). The
  Export tab's "Copy as command line" puts the view on the clipboard as a splatview command
  (--eye --target --up --fovy --size --screenshot) to render it headless.

Image:
  --size WxH             image size, each side up to 8192 (default 1920x1080); in the
                         window: its first size, as much of it as the screen holds
  --background COLOR     R,G,B in 0..1 | #RRGGBB | black | white | gray | transparent
                         (default black; transparent writes an RGBA PNG for slides)
  --sh-degree N          cap the spherical-harmonics degree used, 0..3 (default: the file's)
  --scale-modifier F     scale every Gaussian by F (default 1)
  --render-mode M        classic | mip (default: the file's): mip is for scenes trained with
                         antialiasing (Mip-Splatting, gsplat's antialiased mode), which say so
                         with the PLY comment "SplatRenderMode: mip" or SPZ/SOG's antialias
                         flag; it overrides every scene's mode, the compared one's too; with
                         --convert it sets the mode the written PLY records
  --max-gaussians N      load a scene that declares up to N Gaussians (default budget 20
                         million, and a compressed file may not claim over 64 times its size:
                         both guard against damaged files; raise it for a real giant)
  --spz-frame rub|rdf    the frame of an .spz that does not name one (default rub, the SPZ
                         standard; rdf for files from older writers that come out upside down)

Inspecting (in every export and the window; docs/inspecting.md):
  --show MODE            what the picture shows: color (default: the rendered image) |
                         depth (each pixel's alpha-weighted expected view depth, sum w z /
                         sum w, through the Turbo colour map from near = red to far = blue,
                         between the 2nd and 98th percentile of the frame's depths; pixels
                         under 10 % coverage keep the background) | alpha (accumulated
                         opacity 1 - T as grey, white = opaque) | centres (each visible
                         Gaussian's projected centre as a 3x3 point in its colour) |
                         ellipses (each visible Gaussian's 1-sigma outline, one pixel thick,
                         in its colour); nearest on top, over the background. With
                         --backend cuda, centres and ellipses render on the CPU
  --crop X0,Y0,Z0,X1,Y1,Z1   show only the Gaussians whose centres lie in this box, in the
                         scene's coordinates as loaded (each minimum below its maximum);
                         with --convert, write only those
  --min-opacity A        hide Gaussians with an opacity under A, 0..1 (floaters are often
                         faint); with --convert, write only the rest

Camera (default: orbiting the scene's robust centre at a distance that frames it):
  --azimuth DEG          angle about the up axis (default 0: seen from the -z side)
  --elevation DEG        angle above the horizon (default 10)
  --distance D           distance from the target (default: frames the scene)
  --fovy DEG             vertical field of view (default 50)
  --up AXIS              world up: +x -x +y -y +z -z or X,Y,Z (default -y, as COLMAP scenes)
  --eye X,Y,Z            an exact camera position (overrides the orbit)
  --camera N|NAME        a training view from the INRIA cameras.json beside the scene (or
                         two folders above point_cloud/iteration_N/): its id or image name;
                         its pose, field of view and image size (unless --size is given)
  --target X,Y,Z         the point looked at (default: the scene's robust centre)

Rendering:
  --backend NAME         auto | cuda | cpu (default auto: CUDA when a device is present)
  --threads N            CPU renderer threads (default 0: every core; never more than the cores)

  --help                 this text
  --version              the version

Exit status: 0 success; 2 bad usage or bad input (one line on stderr naming the file or
flag, what is wrong and what to do); 130 when an export is interrupted with Ctrl-C
(SIGINT), 143 when it is stopped with SIGTERM (128 + the signal's number); 1 anything
else (a frame that failed to render, an output that could not be written: a full disk).
Every output is written to a temporary file beside it and moved into place only when
complete: a failed or interrupted export leaves any old file of that name untouched.

Examples:
  splatview                                   (the window: bundled scene and profile)
  splatview --profile me.toml                 (your profile, with its [scene])
  splatview --check-profile me.toml
  splatview --screenshot robot.png
  splatview scene.ply --screenshot shot.png --size 1280x720 --azimuth 45 --elevation 20
  splatview scene.ply --screenshot slide.png --background transparent
  splatview scene.ply --screenshot view.png --eye 0,-1,-3.2 --target 0,-0.4,0 --up -y
  splatview scene.ply --turntable orbit.mp4 --elevation 20
  splatview scene.ply --turntable orbit.gif --size 640x360 --frames 90 --fps 30
  splatview scene.ply --turntable frames/ --background transparent
  splatview ours.ply --compare baseline.ply --labels "Ours,3DGS" --screenshot cmp.png
  splatview ours.ply --compare baseline.ply --compare-layout side --turntable cmp.mp4
  splatview scene.ply --path path.json --video flythrough.mp4 --size 1920x1080
  splatview scene.ply --path cameras.json --video training-views.mp4 --seconds 20
  splatview scene.ply --path camera_path.json --screenshot t3.png --at 3.0
  splatview ours.ply --compare 3dgs.ply --labels "Ours,3DGS" --compare-line sweep --path p.json --video cmp.mp4
  splatview scene.spz --convert scene.ply
  splatview mip-trained.ply --render-mode classic --screenshot without-mip-filter.png
  splatview scene.ply --convert scene.gltf    (writes scene.gltf and scene.bin)
  splatview scene.ply --convert scene.spz
  splatview scene.ply --show depth --screenshot depth.png
  splatview scene.ply --show ellipses --turntable splats.mp4 --size 1280x720
  splatview scene.ply --crop -2,-3,-2,2,1,2 --min-opacity 0.05 --convert clean.ply
  splatview point_cloud/iteration_30000/point_cloud.ply --camera 0 --screenshot view0.png
)";
}

}  // namespace splatview
