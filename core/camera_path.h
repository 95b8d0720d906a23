#pragma once
// Camera paths: keyframes (where the camera is, where it looks, its vertical field of view and, when
// pinned, the time it is there) and the smooth camera move through them. docs/camera-paths.md is the
// user's side of this: the JSON format, the nerfstudio camera_path.json mapping, the cameras.json
// fly-through and the interpolation rules.
//
// Interpolation, in short: positions on a centripetal Catmull-Rom spline (no overshoot, cusps or
// loops at sharp corners), orientations on the same construction with slerp in place of lerp (shortest
// arc; its own knots, reached from time by a monotone cubic, so the turn rate is continuous through
// keyframes), the field of view by a monotone cubic in log tan(fovy/2) (a steady zoom, never beyond
// the keyframes' range). Speed is constant between pinned
// keyframes (arc-length reparametrisation); keyframes without a time are placed by arc length.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>

#include "core/camera.h"
#include "core/formats/training_cameras.h"
#include "core/result.h"

namespace splatview {

namespace path_detail {
// One keyframe-to-keyframe piece of a path: the four Catmull-Rom controls (previous, this, next,
// after) for positions and orientations with their centripetal knots, and the arc-length table.
struct Segment {
  glm::dvec3 p[4];
  double pk[4];
  glm::dquat q[4];
  double qk[4];
  bool p_still = false;     // the segment's two positions coincide: it stays at p[1]
  bool q_still = false;     // the two orientations coincide: it keeps q[1]
  double length = 0;        // arc length of the positions
  bool by_arc = false;      // paced by arc length (else uniformly in the spline parameter)
  std::vector<double> arc;  // cumulative arc length at u = k / (arc.size() - 1)
};
}  // namespace path_detail

struct Keyframe {
  glm::vec3 position{0.0f};
  // Camera-to-world rotation in OUR camera frame: the columns of its matrix are the camera's
  // right, down and forward axes in world space (as in cameras.json).
  glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};
  float fovy_degrees = 50.0f;
  // Pinned time on the path's clock, in seconds; nullopt: placed by arc length between the pinned
  // keyframes around it (constant speed). The first keyframe is always at 0 (a given time must be 0).
  std::optional<double> time_s;
};

struct CameraPath {
  std::vector<Keyframe> keys;
  bool loop = false;      // the last keyframe leads into the first as any other pair does
  bool ease_in = false;   // start at rest (open paths only; a loop has no ends)
  bool ease_out = false;  // stop at rest (open paths only)
  // Length of the path in seconds; 0: not given (camera_path_duration says what it then is).
  double seconds = 0;
  int fps = 0;     // 0: not given (exports use kDefaultPathFps)
  int width = 0;   // 0: not given
  int height = 0;  // 0: not given
};

inline constexpr int kDefaultPathFps = 30;
inline constexpr double kDefaultSecondsPerSegment = 2.0;
// Ease-in/out: speed ramps from rest over this long at each eased end (or a quarter of the path).
inline constexpr double kEaseSeconds = 2.0;
inline constexpr std::size_t kMaxPathKeyframes = 100000;
inline constexpr int kMaxPathFps = 1000;

// Every rule a path must satisfy before it can be flown: at least two keyframes, finite numbers, a
// unit quaternion, a field of view in (0, 180) degrees, pinned times finite, the first 0, increasing,
// within `seconds`; fps and sizes in range. The Error names `name` and the keyframe ("keyframe 3: ...").
std::optional<Error> check_camera_path(const CameraPath& path, const std::string& name);

// The camera move through a path, built once (spline controls, keyframe times, arc-length tables) and
// then sampled at any time; a value (copyable; memory grows with the keyframe count), safe to read
// from several threads at once. Rebuild it after editing the path.
class CameraPathSampler {
 public:
  // Checks the path (check_camera_path) and precomputes; `name` is used in the Error.
  static Result<CameraPathSampler> build(const CameraPath& path, const std::string& name = "camera path");

  // Total length in seconds (CameraPath::seconds, or resolved from the keyframes).
  double duration() const { return duration_; }
  bool loop() const { return loop_; }
  // The time each keyframe is passed (pinned or placed by arc length), on the un-eased clock.
  const std::vector<double>& key_times() const { return key_times_; }

  // The camera at time t: eye on the path, target = eye + forward, up = -down, the path's fovy.
  // An open path holds its first pose before 0 and its last after its end; a loop wraps.
  Camera at(double t_seconds, int width, int height) const;
  // The same pose as a keyframe pinned at t (for "add keyframe here" while scrubbing).
  Keyframe keyframe_at(double t_seconds) const;

  // Time of frame `index` of `count` (count >= 1): an open path puts the first frame on its first
  // keyframe and the last on its end (index * duration / (count - 1)); a loop spaces count frames
  // over one period (index * duration / count) so that frame `count` would be frame 0 again.
  double frame_time(int index, int count) const;
  // round(duration * fps), at least 2.
  int frame_count(int fps) const;

 private:
  CameraPathSampler() = default;
  double eased(double t) const;
  Keyframe pose_at(double path_time) const;

  std::vector<path_detail::Segment> segments_;
  std::vector<double> key_times_;    // one per keyframe
  std::vector<double> knot_times_;   // segment i spans [knot_times_[i], knot_times_[i + 1]]
  std::vector<double> log_tan_;      // log tan(fovy/2) at each knot
  std::vector<double> log_tan_slope_;  // its monotone cubic's slope (per second) at each knot
  std::vector<double> turn_clock_;     // the orientation spline's parameter at each knot
  std::vector<double> turn_clock_slope_;  // its monotone cubic's slope (per second) at each knot
  double duration_ = 0;
  double ease_in_s_ = 0, ease_out_s_ = 0, ease_speed_ = 1;
  bool loop_ = false;
};

// How long the path takes: CameraPath::seconds when given, else the last keyframe's time on an open
// path that pins it, else the longer of kDefaultSecondsPerSegment a segment and, for each pinned
// keyframe, its time plus that much for each segment after it. The path must have two keyframes.
double camera_path_duration(const CameraPath& path);

// The path made to last `seconds` (> 0), its pinned times scaled with it so the rhythm is kept
// (for --seconds, or a duration field in the window).
CameraPath retimed(const CameraPath& path, double seconds);

// "Add the current view as a keyframe": the camera's basis (core/camera.h) as the orientation. The
// camera must be valid (camera_is_valid).
Keyframe keyframe_from_camera(const Camera& camera, std::optional<double> time_s = std::nullopt);
Camera camera_from_keyframe(const Keyframe& key, int width, int height);

// The INRIA training cameras as a fly-through path: the views in capture order (by img_name, as the
// training code sorts them before it splits off test views, so cameras.json written with --eval is
// put back in order too; sort_by_name = false keeps the file's order), each with its own fovy from
// fy and its height, smoothed by a Gaussian window of `smoothing_views` views (sigma; 0 = none) on
// positions, orientations and fov so a hand-held track does not shake, placed by arc length
// (constant speed), seconds_per_view seconds a view, width/height from the first view.
struct TrainingPathOptions {
  double smoothing_views = 3.0;
  bool sort_by_name = true;
  bool loop = false;
  double seconds_per_view = 0.2;
};
CameraPath camera_path_from_training_cameras(const std::vector<TrainingCamera>& views,
                                             const TrainingPathOptions& options = {});

enum class PathFormat { kSplatview, kNerfstudio };

// Parses a path from JSON text, detecting the format: our own (an object with "keyframes"),
// nerfstudio camera_path.json (an object with "camera_path") or INRIA cameras.json (a list of views,
// turned into a fly-through with the default TrainingPathOptions). `name` is used in messages.
Result<CameraPath> parse_camera_path(std::string_view text, const std::string& name);
// Reads (bounded) and parses a path file.
Result<CameraPath> load_camera_path(const std::filesystem::path& path);

// The path as JSON text. kNerfstudio samples the move at frame_time for frame_count(fps) frames into
// its camera_path (the path must be valid: the Error is check_camera_path's) and lists our keyframes
// as its keyframes.
Result<std::string> camera_path_json(const CameraPath& path, PathFormat format);
// Writes camera_path_json to `file` (through a temporary file in the same folder and a rename, so a
// failed write leaves the old file as it was). nullopt on success.
std::optional<Error> save_camera_path(const std::filesystem::path& file, const CameraPath& path,
                                      PathFormat format);

}  // namespace splatview
