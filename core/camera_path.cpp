// The camera move through a path's keyframes: placing keyframes in time, the splines and the
// arc-length tables, and sampling. The rules a path must satisfy and the Camera conversions live in
// camera_path_keys.cpp, JSON in camera_path_io.cpp, the cameras.json fly-through in
// camera_path_training.cpp.
#include "core/camera_path.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <limits>
#include <numbers>

namespace splatview {
namespace {

using path_detail::Segment;

// Knot intervals below this (sqrt of a distance) count as coincident keyframes.
constexpr double kCoincident = 1e-7;
// Arc-length table: samples per segment, fewer on long paths to bound memory (a dense nerfstudio
// path has thousands of keyframes, each segment then short and nearly straight).
constexpr std::size_t kArcSamplesTotal = 200000;
constexpr std::size_t kArcSamplesMin = 8, kArcSamplesMax = 64;
// A turn in place must not be instant: a segment lasts at least as long as travelling
// kTurnLengthPerRadian x (mean segment length) per radian it turns (90 degrees: a quarter of a mean
// segment). Small, so that only a segment much shorter than its turn is slowed: elsewhere the speed
// stays constant.
constexpr double kTurnLengthPerRadian = 0.5 / std::numbers::pi;

// Slerp of unit quaternions on the shortest arc, for any s (s outside [0, 1] extrapolates along the
// same great circle, as the Catmull-Rom pyramid needs).
glm::dquat slerp_any(const glm::dquat& a, glm::dquat b, double s) {
  double d = glm::dot(a, b);
  if (d < 0) {
    b = -b;
    d = -d;
  }
  const double theta = std::acos(std::min(d, 1.0));
  if (theta < 1e-9) return glm::normalize(a * (1.0 - s) + b * s);
  const double sn = std::sin(theta);
  return a * (std::sin((1.0 - s) * theta) / sn) + b * (std::sin(s * theta) / sn);
}

// The Barry-Goldman pyramid: the Catmull-Rom curve through c[1] (at knot k[1]) and c[2] (k[2]),
// evaluated at t, with `mix(a, b, s)` the interpolation (lerp for points, slerp for rotations).
template <class T, class Mix>
T barry_goldman(const T (&c)[4], const double (&k)[4], double t, Mix mix) {
  auto m = [&](const T& a, const T& b, double ka, double kb) { return mix(a, b, (t - ka) / (kb - ka)); };
  const T a1 = m(c[0], c[1], k[0], k[1]);
  const T a2 = m(c[1], c[2], k[1], k[2]);
  const T a3 = m(c[2], c[3], k[2], k[3]);
  const T b1 = m(a1, a2, k[0], k[2]);
  const T b2 = m(a2, a3, k[1], k[3]);
  return m(b1, b2, k[1], k[2]);
}

glm::dvec3 lerp(const glm::dvec3& a, const glm::dvec3& b, double s) { return a + (b - a) * s; }

// Centripetal knots from the three control spans (each sqrt of a distance). A zero outer span (a
// keyframe repeated) borrows the middle one so nothing divides by zero; a zero middle span means
// the segment does not move, which the caller handles.
void centripetal_knots(double d01, double d12, double d23, double (&k)[4], bool& still) {
  still = d12 < kCoincident;
  if (still) d12 = 1;
  if (d01 < kCoincident) d01 = d12;
  if (d23 < kCoincident) d23 = d12;
  k[0] = 0;
  k[1] = d01;
  k[2] = d01 + d12;
  k[3] = d01 + d12 + d23;
}

double rotation_angle(const glm::dquat& a, const glm::dquat& b) {
  return 2.0 * std::acos(std::min(std::fabs(glm::dot(a, b)), 1.0));
}

glm::dvec3 segment_position(const Segment& s, double u) {
  if (s.p_still) return s.p[1];
  return barry_goldman(s.p, s.pk, s.pk[1] + u * (s.pk[2] - s.pk[1]), lerp);
}

glm::dquat segment_orientation(const Segment& s, double u) {
  if (s.q_still) return s.q[1];
  return glm::normalize(barry_goldman(s.q, s.qk, s.qk[1] + u * (s.qk[2] - s.qk[1]), slerp_any));
}

// Spline parameter u where the arc length from the segment's start is `length`: the table's
// interval, a linear guess, then two Newton steps on the chord from the interval's start (the table
// alone leaves the speed off by up to half a percent, and differently on either side of a keyframe).
double parameter_at_length(const Segment& s, double length) {
  const std::vector<double>& arc = s.arc;
  const auto it = std::upper_bound(arc.begin(), arc.end(), length);
  if (it == arc.begin()) return 0;
  if (it == arc.end()) return 1;
  const std::size_t k = static_cast<std::size_t>(it - arc.begin()) - 1;
  const double samples = static_cast<double>(arc.size() - 1);
  const double span = arc[k + 1] - arc[k];
  const double low = static_cast<double>(k) / samples, high = static_cast<double>(k + 1) / samples;
  double u = low + (span > 0 ? (length - arc[k]) / span : 0) / samples;
  const glm::dvec3 start = segment_position(s, low);
  for (int step = 0; step < 2; ++step) {
    const double du = 1e-3 / samples;
    const double rate = glm::length(segment_position(s, u + du) - segment_position(s, u - du)) / (2 * du);
    if (!(rate > 0)) break;
    const double got = arc[k] + glm::length(segment_position(s, u) - start);
    u = std::clamp(u + (length - got) / rate, low, high);
  }
  return u;
}

// Fritsch-Butland slope at a knot between secants d0 (span h0) and d1 (span h1): zero at an
// extremum, else a weighted harmonic mean, which keeps the cubic monotone between knots.
double monotone_slope(double d0, double h0, double d1, double h1) {
  if (d0 * d1 <= 0) return 0;
  return 3.0 * (h0 + h1) / ((2.0 * h1 + h0) / d0 + (h1 + 2.0 * h0) / d1);
}

// Slopes of the monotone cubic through (t[i], v[i]); a loop's first and last knot are one (the
// seam), an open curve's ends take their secants.
std::vector<double> monotone_slopes(const std::vector<double>& t, const std::vector<double>& v, bool loop) {
  const std::size_t spans = t.size() - 1;
  std::vector<double> secant(spans), span(spans), slope(spans + 1);
  for (std::size_t i = 0; i < spans; ++i) {
    span[i] = t[i + 1] - t[i];
    secant[i] = (v[i + 1] - v[i]) / span[i];
  }
  for (std::size_t i = 1; i < spans; ++i) slope[i] = monotone_slope(secant[i - 1], span[i - 1], secant[i], span[i]);
  if (loop) {
    slope.front() = slope.back() = monotone_slope(secant.back(), span.back(), secant.front(), span.front());
  } else {
    slope.front() = secant.front();
    slope.back() = secant.back();
  }
  return slope;
}

// The cubic Hermite on knot span i of length h at fraction f.
double hermite(const std::vector<double>& v, const std::vector<double>& m, std::size_t i, double h, double f) {
  const double f2 = f * f, f3 = f2 * f;
  return (2 * f3 - 3 * f2 + 1) * v[i] + (f3 - 2 * f2 + f) * h * m[i] + (-2 * f3 + 3 * f2) * v[i + 1] +
         (f3 - f2) * h * m[i + 1];
}

}  // namespace

Result<CameraPathSampler> CameraPathSampler::build(const CameraPath& path, const std::string& name) {
  if (auto error = check_camera_path(path, name)) return *error;
  CameraPathSampler sampler;
  const std::size_t n = path.keys.size();
  const std::size_t segment_count = path.loop ? n : n - 1;
  sampler.loop_ = path.loop;
  sampler.duration_ = camera_path_duration(path);

  // Controls, indices -1 .. n: a loop wraps; an open path reflects its ends (the phantom continues
  // the first or last step), so two keyframes give a straight line and a plain slerp.
  std::vector<glm::dvec3> p(n + 2);
  std::vector<glm::dquat> q(n + 2);
  for (std::size_t i = 0; i < n; ++i) {
    p[i + 1] = glm::dvec3(path.keys[i].position);
    q[i + 1] = glm::normalize(glm::dquat(path.keys[i].orientation));
    if (i > 0 && glm::dot(q[i], q[i + 1]) < 0) q[i + 1] = -q[i + 1];  // shortest arcs
  }
  if (path.loop) {
    p[0] = p[n];
    q[0] = q[n];
    p[n + 1] = p[1];
    q[n + 1] = q[1];
  } else {
    p[0] = lerp(p[1], p[2], -1.0);
    q[0] = slerp_any(q[1], q[2], -1.0);
    p[n + 1] = lerp(p[n], p[n - 1], -1.0);
    q[n + 1] = slerp_any(q[n], q[n - 1], -1.0);
  }
  // Control j of the extended list for segment i, offset o in 0..3 (keyframes i-1 .. i+2).
  auto control = [&](std::size_t i, std::size_t o) {
    std::size_t j = i + o;  // extended index of keyframe i-1+o
    if (path.loop && j > n + 1) j -= n;
    return j;
  };

  const std::size_t samples =
      std::clamp(kArcSamplesTotal / segment_count, kArcSamplesMin, kArcSamplesMax);
  sampler.segments_.resize(segment_count);
  double total_length = 0;
  std::vector<double> turn(segment_count), turn_span(segment_count);
  for (std::size_t i = 0; i < segment_count; ++i) {
    Segment& s = sampler.segments_[i];
    for (std::size_t o = 0; o < 4; ++o) {
      const std::size_t j = control(i, o);
      s.p[o] = p[j];
      s.q[o] = q[j];
    }
    // Each rotation on the arc nearest its neighbour toward the segment's start.
    if (glm::dot(s.q[0], s.q[1]) < 0) s.q[0] = -s.q[0];
    if (glm::dot(s.q[2], s.q[1]) < 0) s.q[2] = -s.q[2];
    if (glm::dot(s.q[3], s.q[2]) < 0) s.q[3] = -s.q[3];
    auto span_p = [&](int a) { return std::sqrt(glm::length(s.p[a + 1] - s.p[a])); };
    auto span_q = [&](int a) { return std::sqrt(std::acos(std::min(glm::dot(s.q[a], s.q[a + 1]), 1.0))); };
    centripetal_knots(span_p(0), span_p(1), span_p(2), s.pk, s.p_still);
    centripetal_knots(span_q(0), span_q(1), span_q(2), s.qk, s.q_still);
    turn_span[i] = s.q_still ? 0.0 : span_q(1);
    s.arc.resize(samples + 1);
    s.arc[0] = 0;
    glm::dvec3 last = segment_position(s, 0);
    for (std::size_t k = 1; k <= samples; ++k) {
      const glm::dvec3 next = segment_position(s, static_cast<double>(k) / static_cast<double>(samples));
      s.arc[k] = s.arc[k - 1] + glm::length(next - last);
      last = next;
    }
    s.length = s.arc[samples];
    total_length += s.length;
    turn[i] = rotation_angle(s.q[1], s.q[2]);
  }

  // How long each segment lasts relative to the others: its length, or for a turn in (nearly) one
  // place the turn; all-still keyframes share the time equally.
  std::vector<double> weight(segment_count);
  const double turn_length =
      kTurnLengthPerRadian * total_length / static_cast<double>(segment_count);
  double weight_sum = 0;
  for (std::size_t i = 0; i < segment_count; ++i) {
    Segment& s = sampler.segments_[i];
    const double turning = total_length > 0 ? turn_length * turn[i] : turn[i];
    s.by_arc = s.length > 0 && s.length >= turning;
    weight[i] = std::max(s.length, turning);
    weight_sum += weight[i];
  }
  for (double& w : weight) w = weight_sum > 0 ? std::max(w, 1e-6 * weight_sum) : 1.0;

  // Knot times: pinned keyframes where they say, the end of the path (an open path's last keyframe
  // unless pinned; a loop's return to keyframe 0) at the duration, the rest by weight in between.
  std::vector<double>& knots = sampler.knot_times_;
  knots.assign(segment_count + 1, 0.0);
  std::vector<std::size_t> pinned = {0};
  for (std::size_t i = 1; i < n; ++i)
    if (path.keys[i].time_s) {
      knots[i] = *path.keys[i].time_s;
      pinned.push_back(i);
    }
  if (pinned.back() != segment_count) {
    knots[segment_count] = sampler.duration_;
    pinned.push_back(segment_count);
  }
  for (std::size_t run = 0; run + 1 < pinned.size(); ++run) {
    const std::size_t a = pinned[run], b = pinned[run + 1];
    double run_weight = 0;
    for (std::size_t i = a; i < b; ++i) run_weight += weight[i];
    double so_far = 0;
    for (std::size_t i = a + 1; i < b; ++i) {
      so_far += weight[i - 1];
      knots[i] = knots[a] + (knots[b] - knots[a]) * so_far / run_weight;
    }
  }
  sampler.key_times_.assign(knots.begin(), knots.begin() + static_cast<std::ptrdiff_t>(n));

  // Field of view: a monotone cubic in time through log tan(fovy/2) at the knots.
  sampler.log_tan_.resize(segment_count + 1);
  for (std::size_t i = 0; i <= segment_count; ++i) {
    const double fovy = path.keys[i % n].fovy_degrees * std::numbers::pi / 180.0;
    sampler.log_tan_[i] = std::log(std::tan(fovy / 2.0));
  }
  sampler.log_tan_slope_ = monotone_slopes(knots, sampler.log_tan_, path.loop);
  // Orientations have their own spline parameter (centripetal in the angle turned, so a big turn
  // over a short move and a small one over a long move do not distort each other); time reaches it
  // through a monotone cubic, so the turn rate is continuous through keyframes and never reverses.
  sampler.turn_clock_.assign(segment_count + 1, 0.0);
  for (std::size_t i = 0; i < segment_count; ++i) sampler.turn_clock_[i + 1] = sampler.turn_clock_[i] + turn_span[i];
  sampler.turn_clock_slope_ = monotone_slopes(knots, sampler.turn_clock_, path.loop);

  // Ease: the clock itself slows to rest at an eased end (a raised-cosine speed ramp), and runs a
  // little faster in between so the path still takes its duration.
  if (!path.loop) {
    const double ramp = std::min(kEaseSeconds, sampler.duration_ / 4.0);
    sampler.ease_in_s_ = path.ease_in ? ramp : 0.0;
    sampler.ease_out_s_ = path.ease_out ? ramp : 0.0;
    sampler.ease_speed_ =
        sampler.duration_ / (sampler.duration_ - (sampler.ease_in_s_ + sampler.ease_out_s_) / 2.0);
  }
  return sampler;
}

double CameraPathSampler::eased(double t) const {
  if (ease_in_s_ == 0 && ease_out_s_ == 0) return t;
  const double d = duration_, v = ease_speed_;
  t = std::clamp(t, 0.0, d);
  auto ramp = [&](double x, double r) {  // clock time gone after x seconds of a ramp of r seconds
    return v * (x / 2.0 - r / (2.0 * std::numbers::pi) * std::sin(std::numbers::pi * x / r));
  };
  if (ease_in_s_ > 0 && t < ease_in_s_) return ramp(t, ease_in_s_);
  if (ease_out_s_ > 0 && t > d - ease_out_s_) return d - ramp(d - t, ease_out_s_);
  return v * (t - ease_in_s_ / 2.0);
}

Keyframe CameraPathSampler::pose_at(double path_time) const {
  const std::size_t count = segments_.size();
  double t = path_time;
  if (loop_) {
    t = std::fmod(t, duration_);
    if (t < 0) t += duration_;
  } else {
    t = std::clamp(t, 0.0, knot_times_.back());
  }
  const auto it = std::upper_bound(knot_times_.begin(), knot_times_.end(), t);
  const std::size_t i =
      std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - knot_times_.begin() - 1, 0)), count - 1);
  const Segment& s = segments_[i];
  const double h = knot_times_[i + 1] - knot_times_[i];
  const double f = std::clamp((t - knot_times_[i]) / h, 0.0, 1.0);
  const double u = s.by_arc ? parameter_at_length(s, f * s.length) : f;

  const double z = hermite(log_tan_, log_tan_slope_, i, h, f);
  const double turn_span = turn_clock_[i + 1] - turn_clock_[i];
  const double turned = hermite(turn_clock_, turn_clock_slope_, i, h, f) - turn_clock_[i];
  const double u_turn = turn_span > 0 ? std::clamp(turned / turn_span, 0.0, 1.0) : 0.0;

  Keyframe key;
  key.position = glm::vec3(segment_position(s, u));
  key.orientation = glm::quat(segment_orientation(s, u_turn));
  key.fovy_degrees = static_cast<float>(2.0 * std::atan(std::exp(z)) * 180.0 / std::numbers::pi);
  key.time_s = path_time;
  return key;
}

Keyframe CameraPathSampler::keyframe_at(double t_seconds) const {
  Keyframe key = pose_at(eased(t_seconds));
  key.time_s = t_seconds;
  return key;
}

Camera CameraPathSampler::at(double t_seconds, int width, int height) const {
  return camera_from_keyframe(pose_at(eased(t_seconds)), width, height);
}

double CameraPathSampler::frame_time(int index, int count) const {
  if (loop_) return count > 0 ? duration_ * index / count : 0.0;
  return count > 1 ? duration_ * index / (count - 1) : 0.0;
}

int CameraPathSampler::frame_count(int fps) const {
  const double frames = std::round(duration_ * std::max(fps, 1));
  const double clamped = std::min(frames, static_cast<double>(std::numeric_limits<int>::max() - 1));
  return std::max(2, static_cast<int>(clamped) + (loop_ ? 0 : 1));
}

}  // namespace splatview
