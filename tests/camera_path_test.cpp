// Camera paths: the interpolation against closed-form cases (a circle at equal angles, a straight
// two-keyframe line with slerp, pinned times), the degenerate cases (coincident keyframes, half
// turns), loops and easing, our JSON format and nerfstudio's camera_path.json (a hand-written
// camera in nerfstudio's OpenGL frame, and a write-read round trip), the cameras.json fly-through and
// its smoothing of a jittery track, and the bad input a path file can hold.
#include "core/camera_path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <glm/geometric.hpp>
#include <glm/gtc/quaternion.hpp>
#include <numbers>
#include <string>
#include <vector>

#include "core/camera.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

constexpr double kPi = std::numbers::pi;

Keyframe look_at(glm::vec3 eye, glm::vec3 target, glm::vec3 up, float fovy = 50.0f,
                 std::optional<double> time = std::nullopt) {
  Camera camera;
  camera.eye = eye;
  camera.target = target;
  camera.up = up;
  camera.fovy_degrees = fovy;
  return keyframe_from_camera(camera, time);
}

// n keyframes on a circle of radius r in the y = 0 plane (world up -y), at equal angles over
// `degrees`, each looking at the centre.
CameraPath circle_path(int n, float radius, double degrees, bool loop) {
  CameraPath path;
  path.loop = loop;
  const int steps = loop ? n : n - 1;
  for (int k = 0; k < n; ++k) {
    const double a = degrees * kPi / 180.0 * k / steps;
    const glm::vec3 eye(radius * std::cos(a), 0.0f, radius * std::sin(a));
    path.keys.push_back(look_at(eye, glm::vec3(0.0f), {0.0f, -1.0f, 0.0f}));
  }
  path.seconds = 8;
  return path;
}

CameraPathSampler build_ok(const CameraPath& path) {
  auto built = CameraPathSampler::build(path, "test path");
  if (!built) {
    ADD_FAILURE() << built.error().message();
    return CameraPathSampler::build(circle_path(4, 1, 360, true)).value();
  }
  return built.value();
}

glm::vec3 eye_at(const CameraPathSampler& s, double t) { return s.at(t, 64, 64).eye; }

double speed_at(const CameraPathSampler& s, double t, double h = 1e-4) {
  return glm::length(glm::dvec3(eye_at(s, t + h)) - glm::dvec3(eye_at(s, t - h))) / (2 * h);
}

// Largest |speed / mean - 1| over n samples in (from, to).
double speed_variation(const CameraPathSampler& s, double from, double to, int n = 400) {
  std::vector<double> speeds;
  for (int i = 0; i < n; ++i) speeds.push_back(speed_at(s, from + (to - from) * (i + 0.5) / n));
  double mean = 0;
  for (double v : speeds) mean += v / n;
  double worst = 0;
  for (double v : speeds) worst = std::max(worst, std::fabs(v / mean - 1));
  return worst;
}

// Angle in radians between two rotations (from the chord, which keeps its precision near 0).
double angle_between(glm::quat a, glm::quat b) {
  const glm::dquat x(a), y(b);
  const double chord = std::min(glm::length(x - y), glm::length(x + y));
  return 4.0 * std::asin(std::min(1.0, chord / 2.0));
}

glm::quat orientation_of(const Camera& camera) { return keyframe_from_camera(camera).orientation; }

bool finite_camera(const Camera& c) {
  for (const glm::vec3& v : {c.eye, c.target, c.up})
    if (!std::isfinite(v.x) || !std::isfinite(v.y) || !std::isfinite(v.z)) return false;
  return std::isfinite(c.fovy_degrees) && camera_is_valid(c);
}

// ---- interpolation ----

TEST(CameraPath, CircleAtEqualAnglesHasConstantSpeed) {
  const CameraPathSampler sampler = build_ok(circle_path(8, 2.0f, 360, /*loop=*/true));
  const double variation = speed_variation(sampler, 0, sampler.duration(), 800);
  std::printf("speed variation along the 8-keyframe circle: %.4f %%\n", 100 * variation);
  EXPECT_LT(variation, 0.01);
  // And the speed is the circumference over the duration (the spline is close to the circle).
  const double expected = 2 * kPi * 2.0 / sampler.duration();
  EXPECT_NEAR(speed_at(sampler, 1.234), expected, 0.01 * expected);
}

TEST(CameraPath, OpenArcHasConstantSpeedToItsEnds) {
  const CameraPathSampler sampler = build_ok(circle_path(5, 3.0f, 180, /*loop=*/false));
  const double variation = speed_variation(sampler, 0.001, sampler.duration() - 0.001);
  std::printf("speed variation along the open 5-keyframe half circle: %.4f %%\n", 100 * variation);
  EXPECT_LT(variation, 0.01);
}

TEST(CameraPath, KeyframesArePassedExactlyAtTheirTimes) {
  CameraPath path;
  path.keys = {look_at({0, 0, 0}, {0, 0, 1}, {0, -1, 0}, 40, 0.0), look_at({1, 0.5f, 2}, {0, 0, 5}, {0, -1, 0}, 55),
               look_at({3, -1, 2}, {2, 0, 7}, {0, -1, 0.2f}, 60, 4.0), look_at({4, 0, 0}, {0, 0, 0}, {0, -1, 0}, 45),
               look_at({6, 1, -2}, {0, 0, 0}, {0.1f, -1, 0}, 30, 9.5)};
  const CameraPathSampler sampler = build_ok(path);
  ASSERT_EQ(sampler.key_times().size(), 5u);
  EXPECT_EQ(sampler.key_times()[0], 0.0);
  EXPECT_EQ(sampler.key_times()[2], 4.0);
  EXPECT_EQ(sampler.key_times()[4], 9.5);
  EXPECT_DOUBLE_EQ(sampler.duration(), 9.5);
  for (std::size_t i = 0; i < path.keys.size(); ++i) {
    const Camera camera = sampler.at(sampler.key_times()[i], 100, 100);
    const glm::vec3 d = camera.eye - path.keys[i].position;
    EXPECT_LT(glm::length(d), 1e-5f) << "keyframe " << i;
    EXPECT_LT(angle_between(orientation_of(camera), path.keys[i].orientation), 1e-4) << "keyframe " << i;
    EXPECT_NEAR(camera.fovy_degrees, path.keys[i].fovy_degrees, 1e-4) << "keyframe " << i;
  }
  // Unpinned keyframes fall between their pinned neighbours.
  EXPECT_GT(sampler.key_times()[1], 0.0);
  EXPECT_LT(sampler.key_times()[1], 4.0);
  EXPECT_GT(sampler.key_times()[3], 4.0);
  EXPECT_LT(sampler.key_times()[3], 9.5);
}

TEST(CameraPath, SpeedIsConstantBetweenPinnedKeyframes) {
  // On a straight line x = 0, 1, 2, 6, 7 with keyframe 2 pinned at 1 s and the end at 11 s: 2 units
  // in the first second, 5 units in the next 10, each at constant speed; unpinned keyframes are
  // placed by distance.
  CameraPath path;
  const glm::vec3 forward(1, 0, 0), up(0, -1, 0);
  for (float x : {0.0f, 1.0f, 2.0f, 6.0f, 7.0f}) path.keys.push_back(look_at({x, 0, 0}, glm::vec3(x, 0, 0) + forward, up));
  path.keys[2].time_s = 1.0;
  path.keys[4].time_s = 11.0;
  const CameraPathSampler sampler = build_ok(path);
  EXPECT_NEAR(sampler.key_times()[1], 0.5, 1e-6);
  EXPECT_NEAR(sampler.key_times()[3], 1.0 + 10.0 * 4.0 / 5.0, 1e-6);
  EXPECT_NEAR(speed_at(sampler, 0.25), 2.0, 0.02);
  EXPECT_NEAR(speed_at(sampler, 0.75), 2.0, 0.02);
  EXPECT_NEAR(speed_at(sampler, 3.0), 0.5, 0.005);
  EXPECT_NEAR(speed_at(sampler, 10.0), 0.5, 0.005);
  EXPECT_NEAR(eye_at(sampler, 6.0).x, 2.0 + 0.5 * 5.0, 1e-3);
}

TEST(CameraPath, TwoKeyframesAreAStraightLineWithSlerpedOrientation) {
  CameraPath path;
  const glm::vec3 a(1, 2, 3), b(4, -2, 3);
  path.keys = {look_at(a, {1, 2, 10}, {0, -1, 0}, 40), look_at(b, {10, -2, 3}, {0, -0.6f, 0.8f}, 60)};
  path.seconds = 5;
  const CameraPathSampler sampler = build_ok(path);
  for (double f : {0.0, 0.1, 0.25, 0.5, 0.8, 1.0}) {
    const Camera camera = sampler.at(f * 5, 64, 64);
    const glm::vec3 expected_eye = a + (b - a) * static_cast<float>(f);
    EXPECT_LT(glm::length(camera.eye - expected_eye), 1e-4f) << "f = " << f;
    const glm::quat expected = glm::slerp(path.keys[0].orientation, path.keys[1].orientation, static_cast<float>(f));
    EXPECT_LT(angle_between(orientation_of(camera), expected), 1e-4) << "f = " << f;
  }
  // The field of view zooms evenly in tan(fovy/2): halfway is the geometric mean.
  const double half = 2 * std::atan(std::sqrt(std::tan(20 * kPi / 180) * std::tan(30 * kPi / 180))) * 180 / kPi;
  EXPECT_NEAR(sampler.at(2.5, 64, 64).fovy_degrees, half, 1e-3);
}

TEST(CameraPath, CoincidentKeyframesGiveNoNaN) {
  CameraPath path;
  const glm::vec3 up(0, -1, 0);
  path.keys = {look_at({0, 0, 0}, {0, 0, 1}, up), look_at({0, 0, 0}, {0, 0, 1}, up),  // the same twice
               look_at({0, 0, 0}, {1, 0, 0}, up),                                      // a turn in place
               look_at({2, 0, 0}, {3, 0, 0}, up), look_at({2, 0, 0}, {3, 0, 0}, up)};
  const CameraPathSampler sampler = build_ok(path);
  for (std::size_t i = 1; i < sampler.key_times().size(); ++i)
    EXPECT_GT(sampler.key_times()[i], sampler.key_times()[i - 1]) << "keyframe " << i;
  // The turn in place takes time: it is not a jump between two frames.
  EXPECT_GT(sampler.key_times()[2] - sampler.key_times()[1], 0.1 * sampler.duration() / 4);
  for (int i = 0; i <= 1000; ++i) {
    const Camera camera = sampler.at(sampler.duration() * i / 1000, 64, 64);
    ASSERT_TRUE(finite_camera(camera)) << "t = " << sampler.duration() * i / 1000;
  }
  // All keyframes at one place with one orientation.
  CameraPath still;
  still.keys.assign(3, look_at({1, 1, 1}, {1, 1, 2}, up));
  still.loop = true;
  const CameraPathSampler still_sampler = build_ok(still);
  for (int i = 0; i <= 100; ++i) ASSERT_TRUE(finite_camera(still_sampler.at(still_sampler.duration() * i / 100, 8, 8)));
}

TEST(CameraPath, HalfTurnsGiveNoNaN) {
  // Out and back along x (position reverses at keyframe 1), each keyframe turned 180 degrees from
  // the last; and one keyframe stored as -q of the same rotation.
  CameraPath path;
  const glm::vec3 up(0, -1, 0);
  path.keys = {look_at({0, 0, 0}, {1, 0, 0}, up), look_at({2, 0, 0}, {1, 0, 0}, up), look_at({0, 0, 0}, {1, 0, 0}, up),
               look_at({0, 0, 0}, {1, 0, 0}, up)};
  path.keys[3].orientation = -path.keys[3].orientation;
  for (bool loop : {false, true}) {
    path.loop = loop;
    const CameraPathSampler sampler = build_ok(path);
    for (int i = 0; i <= 2000; ++i) {
      const Camera camera = sampler.at(sampler.duration() * i / 2000, 64, 64);
      ASSERT_TRUE(finite_camera(camera)) << "t = " << sampler.duration() * i / 2000 << (loop ? " loop" : "");
    }
    // No overshoot past the turning point: centripetal Catmull-Rom stays near the keyframes.
    for (int i = 0; i <= 2000; ++i) {
      const glm::vec3 eye = eye_at(sampler, sampler.duration() * i / 2000);
      EXPECT_LT(eye.x, 2.0f + 1e-3f);
      EXPECT_GT(eye.x, -1e-3f);
    }
  }
}

TEST(CameraPath, TurnNearlyInPlaceThenFlyDoesNotSwingPast) {
  // Turn 90 degrees while moving 1 cm, then fly 20 units on while turning 10 degrees more: the view
  // must go from +z to +x and on by 10 degrees, not swing beyond and back (the turn and the travel
  // have very different sizes, which must not leak from one into the other).
  CameraPath path;
  const glm::vec3 up(0, -1, 0);
  const glm::vec3 ahead(std::cos(10 * kPi / 180), 0, -std::sin(10 * kPi / 180));
  path.keys = {look_at({0, 0, 0}, {0, 0, 1}, up), look_at({0.01f, 0, 0}, {1.01f, 0, 0}, up),
               look_at({10, 0, 0}, glm::vec3(10, 0, 0) + ahead, up), look_at({20, 0, 0}, glm::vec3(20, 0, 0) + ahead, up)};
  const CameraPathSampler sampler = build_ok(path);
  const double t1 = sampler.key_times()[1];
  for (int i = 0; i <= 1000; ++i) {
    const double t = sampler.duration() * i / 1000;
    const glm::vec3 forward = camera_basis(sampler.at(t, 8, 8)).forward;
    const double from_x = std::acos(std::clamp(static_cast<double>(forward.x), -1.0, 1.0)) * 180 / kPi;
    const double from_z = std::acos(std::clamp(static_cast<double>(forward.z), -1.0, 1.0)) * 180 / kPi;
    if (t > t1) {
      ASSERT_LT(from_x, 10.5) << "t = " << t;
      ASSERT_LT(forward.z, 1e-3f) << "t = " << t;
    } else {
      ASSERT_LT(from_z, 91.0) << "t = " << t;
      ASSERT_LT(from_x, 91.0) << "t = " << t;
    }
  }
}

TEST(CameraPath, ClosedLoopIsSeamless) {
  // An irregular loop: the seam must look like any other keyframe.
  CameraPath path;
  const glm::vec3 up(0, -1, 0);
  path.keys = {look_at({3, 0, 0}, {0, 0, 0}, up, 50), look_at({0, -1, 2}, {0, 0, 0}, up, 40),
               look_at({-2, 0, 0}, {0, 0, 0}, up, 60), look_at({0, 0.5f, -4}, {0, 0, 0}, up, 45)};
  path.loop = true;
  path.seconds = 12;
  const CameraPathSampler sampler = build_ok(path);
  const double d = sampler.duration(), h = 2e-4;
  EXPECT_LT(glm::length(eye_at(sampler, 0) - eye_at(sampler, d)), 1e-5f);
  EXPECT_LT(glm::length(eye_at(sampler, -0.5) - eye_at(sampler, d - 0.5)), 1e-4f);
  auto velocity = [&](double t0, double t1) {
    return (glm::dvec3(eye_at(sampler, t1)) - glm::dvec3(eye_at(sampler, t0))) / (t1 - t0);
  };
  const glm::dvec3 before = velocity(d - h, d), after = velocity(0, h);
  EXPECT_LT(glm::length(before - after), 0.01 * glm::length(after));
  // Angular velocity too: the rotation per step just before and just after the seam.
  auto turn = [&](double t0, double t1) {
    return angle_between(orientation_of(sampler.at(t0, 8, 8)), orientation_of(sampler.at(t1, 8, 8))) / (t1 - t0);
  };
  EXPECT_NEAR(turn(d - h, d), turn(0, h), 0.01 * turn(0, h) + 1e-6);
  EXPECT_NEAR(sampler.at(d - 1e-6, 8, 8).fovy_degrees, 50.0f, 1e-3);
  // frame_time spaces frames over one period: frame `count` would be frame 0 again.
  EXPECT_EQ(sampler.frame_count(30), 360);
  EXPECT_DOUBLE_EQ(sampler.frame_time(359, 360), d * 359 / 360);
}

TEST(CameraPath, EaseInAndOutStartAndStopAtRest) {
  CameraPath path = circle_path(4, 2.0f, 180, /*loop=*/false);
  path.seconds = 10;
  const CameraPathSampler plain = build_ok(path);
  path.ease_in = path.ease_out = true;
  const CameraPathSampler eased = build_ok(path);
  const double middle = speed_at(eased, 5.0);
  EXPECT_LT(speed_at(eased, 0.01, 0.005), 0.01 * middle);
  EXPECT_LT(speed_at(eased, 9.99, 0.005), 0.01 * middle);
  EXPECT_GT(speed_at(plain, 0.01, 0.005), 0.9 * speed_at(plain, 5.0));
  // The move still takes its duration and covers the whole path, at constant speed mid-way.
  EXPECT_LT(glm::length(eye_at(eased, 10.0) - path.keys.back().position), 1e-4f);
  EXPECT_LT(glm::length(eye_at(eased, 0.0) - path.keys.front().position), 1e-4f);
  EXPECT_LT(speed_variation(eased, 2.5, 7.5), 0.01);
  EXPECT_GT(middle, speed_at(plain, 5.0));
  // Speed rises without a jump.
  double previous = 0;
  for (double t = 0.05; t < 2.0; t += 0.05) {
    const double v = speed_at(eased, t, 0.001);
    EXPECT_GE(v, previous - 1e-3) << "t = " << t;
    previous = v;
  }
}

TEST(CameraPath, OpenPathHoldsItsEndsAndFramesSpanIt) {
  const CameraPathSampler sampler = build_ok(circle_path(3, 1.0f, 90, false));
  EXPECT_EQ(eye_at(sampler, -1.0), eye_at(sampler, 0.0));
  EXPECT_EQ(eye_at(sampler, 100.0), eye_at(sampler, sampler.duration()));
  EXPECT_EQ(sampler.frame_count(30), 241);
  EXPECT_EQ(sampler.frame_time(0, 241), 0.0);
  EXPECT_DOUBLE_EQ(sampler.frame_time(240, 241), sampler.duration());
}

TEST(CameraPath, DurationWhenNotGivenAndRetiming) {
  CameraPath path = circle_path(4, 1, 180, false);
  path.seconds = 0;
  EXPECT_EQ(camera_path_duration(path), 3 * kDefaultSecondsPerSegment);  // 3 segments
  path.loop = true;
  EXPECT_EQ(camera_path_duration(path), 4 * kDefaultSecondsPerSegment);
  path.keys[3].time_s = 20.0;  // then one more segment back to keyframe 0
  EXPECT_EQ(camera_path_duration(path), 20.0 + kDefaultSecondsPerSegment);
  path.loop = false;  // an open path ends at its pinned last keyframe
  EXPECT_EQ(camera_path_duration(path), 20.0);
  path.keys[1].time_s = 5.0;
  const CameraPath half = retimed(path, 10.0);
  EXPECT_EQ(half.seconds, 10.0);
  EXPECT_EQ(half.keys[1].time_s, 2.5);
  EXPECT_EQ(half.keys[2].time_s, std::nullopt);
  EXPECT_EQ(half.keys[3].time_s, 10.0);
  const CameraPathSampler sampler = build_ok(half);
  EXPECT_EQ(sampler.duration(), 10.0);
  EXPECT_EQ(sampler.key_times()[1], 2.5);
}

TEST(CameraPath, KeyframeAndCameraConvertBothWays) {
  Camera camera;
  camera.eye = {1, 2, 3};
  camera.target = {-2, 0.5f, 7};
  camera.up = {0.2f, -1, 0.1f};
  camera.fovy_degrees = 33;
  const Keyframe key = keyframe_from_camera(camera, 1.5);
  EXPECT_EQ(key.time_s, 1.5);
  const Camera back = camera_from_keyframe(key, 320, 200);
  const CameraBasis x = camera_basis(camera), y = camera_basis(back);
  EXPECT_LT(glm::length(x.right - y.right), 1e-6f);
  EXPECT_LT(glm::length(x.down - y.down), 1e-6f);
  EXPECT_LT(glm::length(x.forward - y.forward), 1e-6f);
  EXPECT_EQ(back.eye, camera.eye);
  EXPECT_EQ(back.fovy_degrees, 33.0f);
  EXPECT_EQ(back.width, 320);
  EXPECT_EQ(back.height, 200);
  // The rotation's columns are right, down, forward (the cameras.json convention).
  const glm::mat3 m = glm::mat3_cast(key.orientation);
  EXPECT_LT(glm::length(m[0] - x.right), 1e-6f);
  EXPECT_LT(glm::length(m[1] - x.down), 1e-6f);
  EXPECT_LT(glm::length(m[2] - x.forward), 1e-6f);
}

// ---- our JSON format ----

TEST(CameraPathJson, OurFormatRoundTrips) {
  CameraPath path = circle_path(5, 1.5f, 200, false);
  path.keys[1].fovy_degrees = 37.5f;
  path.keys[2].time_s = 3.25;
  path.ease_in = true;
  path.fps = 24;
  path.width = 640;
  path.height = 480;
  const auto text = camera_path_json(path, PathFormat::kSplatview);
  ASSERT_TRUE(text) << text.error().message();
  auto read = parse_camera_path(text.value(), "p.json");
  ASSERT_TRUE(read) << read.error().message();
  const CameraPath& back = read.value();
  EXPECT_EQ(back.loop, false);
  EXPECT_EQ(back.ease_in, true);
  EXPECT_EQ(back.ease_out, false);
  EXPECT_EQ(back.seconds, 8.0);
  EXPECT_EQ(back.fps, 24);
  EXPECT_EQ(back.width, 640);
  EXPECT_EQ(back.height, 480);
  ASSERT_EQ(back.keys.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(back.keys[i].position, path.keys[i].position) << i;
    EXPECT_LT(angle_between(back.keys[i].orientation, path.keys[i].orientation), 1e-6) << i;
    EXPECT_EQ(back.keys[i].fovy_degrees, path.keys[i].fovy_degrees) << i;
    EXPECT_EQ(back.keys[i].time_s, path.keys[i].time_s) << i;
  }
}

TEST(CameraPathJson, HandWrittenPathWithTargets) {
  const auto read = parse_camera_path(R"({
    "keyframes": [
      {"position": [0, 0, -5], "target": [0, 0, 0]},
      {"position": [5, 0, 0], "target": [0, 0, 0], "up": [0, -1, 0], "fovy_degrees": 70, "time": 3},
      {"position": [0, 0, 5], "rotation": [[-1, 0, 0], [0, 1, 0], [0, 0, -1]]}
    ], "loop": false, "seconds": 6})",
                                      "hand.json");
  ASSERT_TRUE(read) << read.error().message();
  const CameraPath& path = read.value();
  ASSERT_EQ(path.keys.size(), 3u);
  EXPECT_EQ(path.keys[0].fovy_degrees, 50.0f);
  EXPECT_EQ(path.keys[1].fovy_degrees, 70.0f);
  EXPECT_EQ(path.keys[1].time_s, 3.0);
  const CameraBasis basis = camera_basis(camera_from_keyframe(path.keys[1], 8, 8));
  EXPECT_LT(glm::length(basis.forward - glm::vec3(-1, 0, 0)), 1e-6f);
  EXPECT_LT(glm::length(basis.down - glm::vec3(0, 1, 0)), 1e-6f);
  // Looking from +z back to the origin with world down +y: rotation columns (-1,0,0), (0,1,0), (0,0,-1).
  const CameraBasis third = camera_basis(camera_from_keyframe(path.keys[2], 8, 8));
  EXPECT_LT(glm::length(third.forward - glm::vec3(0, 0, -1)), 1e-6f);
  EXPECT_LT(glm::length(third.right - glm::vec3(-1, 0, 0)), 1e-6f);
}

// One line naming the file and, where it is about one, the keyframe.
std::string error_of(const std::string& text, const std::string& name = "path.json") {
  const auto read = parse_camera_path(text, name);
  if (read) {
    ADD_FAILURE() << "parsed without error: " << text.substr(0, 100);
    return {};
  }
  EXPECT_EQ(read.error().file, name);
  EXPECT_FALSE(read.error().hint.empty());
  EXPECT_EQ(read.error().message().find('\n'), std::string::npos);
  return read.error().what;
}

std::string with_keyframes(const std::string& keys, const std::string& extra = "") {
  return R"({"keyframes": [)" + keys + "]" + extra + "}";
}
const std::string kGood0 = R"({"position": [0, 0, 0], "target": [0, 0, 1]})";
const std::string kGood1 = R"({"position": [1, 0, 0], "target": [1, 0, 1]})";

TEST(CameraPathJson, BadInputIsOneLineNamingFileAndKeyframe) {
  struct Case {
    std::string text, expected;
  };
  const std::vector<Case> cases = {
      {"{ not json", "not valid JSON"},
      {"", "not valid JSON"},
      {"42", "not a JSON object"},
      {R"({"cameras": []})", "not a camera path"},
      {with_keyframes(""), "no keyframes"},
      {with_keyframes(kGood0), "only one keyframe"},
      {with_keyframes(kGood0 + R"(, {"position": [1e999, 0, 0], "target": [0, 0, 1]})"), "not valid JSON (number overflow parsing '1e999')"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0], "target": [0, 0, 1]})"), "keyframe 1 has no 'position'"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 2]]})"),
       "keyframe 1 has a 'rotation' that is not a rotation"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "rotation": [[-1, 0, 0], [0, 1, 0], [0, 0, 1]]})"),
       "keyframe 1 has a 'rotation' that is not a rotation (it mirrors"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "rotation": [[1, 0, 0], [0, 1, 0]]})"),
       "keyframe 1 has a 'rotation' that is not 3 rows"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 0]})"), "keyframe 1 has a 'target' at its position"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0]})"), "keyframe 1 needs either 'rotation' or 'target'"},
      {with_keyframes(R"({"position": [0, 0, 0], "target": [0, 0, 1], "fovy_degrees": 0}, )" + kGood1),
       "keyframe 0 has a field of view of 0 degrees, outside (0, 180)"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 1], "fovy_degrees": 180})"),
       "keyframe 1 has a field of view of 180 degrees"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 1], "fovy_degrees": -10})"),
       "keyframe 1 has a field of view of -10 degrees"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 1], "fovy_degrees": "wide"})"),
       "keyframe 1 has an 'fovy_degrees' that is not a finite number"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 1], "time": 2}, )" +
                      R"({"position": [2, 0, 0], "target": [2, 0, 1], "time": 1})"),
       "keyframe 2: the time 1 s is not after keyframe 1's 2 s"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 1], "time": 0})"),
       "keyframe 1: the time 0 s is not after keyframe 0's"},
      {with_keyframes(R"({"position": [0, 0, 0], "target": [0, 0, 1], "time": 1}, )" + kGood1),
       "keyframe 0: the time is 1 s; the first keyframe is at 0 s"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 1], "time": 5})", R"(, "seconds": 4)"),
       "keyframe 1: the time 5 s is after the path's end"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 1], "tme": 5})"), "keyframe 1 has an unknown key 'tme'"},
      {with_keyframes(kGood0 + ", 7"), "keyframe 1 is not an object"},
      {with_keyframes(kGood0 + ", " + kGood1, R"(, "seconds": -1)"), "'seconds' is not a positive number"},
      {with_keyframes(kGood0 + ", " + kGood1, R"(, "seconds": 1e-9)"), "the path's length of 1e-09 s is outside"},
      {with_keyframes(kGood0 + R"(, {"position": [1, 0, 0], "target": [1, 0, 1], "time": 1e-9})"),
       "keyframe 1: the time 1e-09 s is less than 1e-06 s after keyframe 0's"},
      {with_keyframes(kGood0 + ", " + kGood1, R"(, "fps": 0)"), "'fps' is not a whole number"},
      {with_keyframes(kGood0 + ", " + kGood1, R"(, "loop": "yes")"), "'loop' is not true or false"},
      {with_keyframes(kGood0 + ", " + kGood1, R"(, "version": 9)"), "newer than this splatview reads"},
      {R"({"keyframes": [{"matrix": [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1], "fov": 50}, {"matrix": [], "fov": 50}]})",
       "keyframe 0 has a 'matrix': this looks like nerfstudio's keyframe list"},
  };
  for (const Case& c : cases) {
    const std::string what = error_of(c.text);
    EXPECT_NE(what.find(c.expected), std::string::npos) << "got: " << what << "\nfor: " << c.text;
  }
  // A path needs two keyframes, and the hint says so.
  const auto one = parse_camera_path(with_keyframes(kGood0), "one.json");
  ASSERT_FALSE(one);
  EXPECT_NE(one.error().hint.find("at least two keyframes"), std::string::npos);
}

TEST(CameraPathJson, PathsBuiltInMemoryAreCheckedToo) {
  CameraPath path = circle_path(3, 1, 90, false);
  path.keys[1].orientation = glm::quat(2, 0, 0, 0);
  auto built = CameraPathSampler::build(path, "window path");
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().file, "window path");
  EXPECT_NE(built.error().what.find("keyframe 1: the orientation is not a rotation"), std::string::npos);
  path = circle_path(3, 1, 90, false);
  path.keys[2].position.y = std::nanf("");
  EXPECT_NE(check_camera_path(path, "p")->what.find("keyframe 2: the position is not 3 finite"), std::string::npos);
  path = circle_path(3, 1, 90, true);
  path.keys[2].time_s = 8.0;  // the loop returns to keyframe 0 at 8 s
  EXPECT_NE(check_camera_path(path, "p")->what.find("is not before the loop's end"), std::string::npos);
  EXPECT_FALSE(camera_path_json(path, PathFormat::kNerfstudio));
  EXPECT_FALSE(camera_path_json(path, PathFormat::kSplatview));
}

// Mutated files (digits, signs, brackets, deleted bytes) must give an Error or a path that flies
// without NaN: parse_camera_path is what a fuzzer would call.
TEST(CameraPathJson, MutatedFilesGiveAnErrorOrAFiniteFlight) {
  CameraPath path = circle_path(4, 2, 270, false);
  path.keys[2].time_s = 5.0;
  path.ease_out = true;
  const std::vector<std::string> bases = {
      camera_path_json(path, PathFormat::kSplatview).value(),
      R"({"camera_path": [{"camera_to_world": [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1], "fov": 50},
        {"camera_to_world": [0,0,-1,1, -1,0,0,2, 0,1,0,3, 0,0,0,1], "fov": 60},
        {"camera_to_world": [1,0,0,5, 0,1,0,0, 0,0,1,0, 0,0,0,1], "fov": 70}], "seconds": 2, "fps": 10})",
      with_keyframes(R"({"position": [0, 0, 0], "target": [0, 0, 1], "time": 0}, )"
                     R"({"position": [0, 0, 0], "target": [1, 0, 0], "time": 0.5}, )"
                     R"({"position": [3, 0, 0], "target": [1, 0, 0], "fovy_degrees": 10})",
                     R"(, "loop": true, "seconds": 3)"),
  };
  const std::string alphabet = "0123456789.-+e,[]{}\" :tn";
  std::uint32_t state = 99;
  auto next = [&]() {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  int flown = 0;
  for (const std::string& base : bases) {
    for (int round = 0; round < 1500; ++round) {
      std::string text = base;
      for (int edits = 1 + next() % 3; edits > 0; --edits) {
        const std::size_t at = next() % text.size();
        if (next() % 4 == 0) text.erase(at, 1);
        else text[at] = alphabet[next() % alphabet.size()];
      }
      const auto read = parse_camera_path(text, "fuzz.json");
      if (!read) {
        EXPECT_EQ(read.error().message().find('\n'), std::string::npos);
        continue;
      }
      auto built = CameraPathSampler::build(read.value(), "fuzz.json");
      ASSERT_TRUE(built) << built.error().message() << "\n" << text;
      const CameraPathSampler& sampler = built.value();
      ASSERT_TRUE(std::isfinite(sampler.duration()));
      for (int i = 0; i <= 20; ++i) {
        const Camera camera = sampler.at(sampler.duration() * i / 20, 16, 16);
        ASSERT_TRUE(finite_camera(camera)) << "t = " << sampler.duration() * i / 20 << " in\n" << text;
      }
      ++flown;
    }
  }
  EXPECT_GT(flown, 100);  // the mutations reach the interpolation, not only the parser
}

// ---- nerfstudio camera_path.json ----

TEST(CameraPathNerfstudio, HandWrittenCameraMapsToTheSameCamera) {
  // nerfstudio's camera frame is OpenGL's: x right, y up, z back. A camera at (1, 2, 3) looking along
  // world +x with world +z up: right = forward x up = (0, -1, 0), up = (0, 0, 1), back = (-1, 0, 0);
  // camera_to_world's columns are those, row-major, with the position as the last column.
  const std::string text = R"({
    "camera_type": "perspective", "render_height": 480, "render_width": 640, "fps": 10, "seconds": 1,
    "camera_path": [
      {"camera_to_world": [0, 0, -1, 1,  -1, 0, 0, 2,  0, 1, 0, 3,  0, 0, 0, 1], "fov": 60, "aspect": 1.333},
      {"camera_to_world": [[0, 0, -1, 2], [-1, 0, 0, 2], [0, 1, 0, 3], [0, 0, 0, 1]], "fov": 60, "aspect": 1.333}
    ]})";
  const auto read = parse_camera_path(text, "camera_path.json");
  ASSERT_TRUE(read) << read.error().message();
  EXPECT_EQ(read.value().width, 640);
  EXPECT_EQ(read.value().height, 480);
  EXPECT_EQ(read.value().fps, 10);
  EXPECT_EQ(read.value().seconds, 1.0);
  const CameraPathSampler sampler = build_ok(read.value());
  Camera expected;
  expected.eye = {1, 2, 3};
  expected.target = {2, 2, 3};
  expected.up = {0, 0, 1};
  const Camera got = sampler.at(0, 640, 480);
  const CameraBasis a = camera_basis(expected), b = camera_basis(got);
  EXPECT_LT(glm::length(got.eye - expected.eye), 1e-6f);
  EXPECT_LT(glm::length(a.right - b.right), 1e-6f);
  EXPECT_LT(glm::length(a.down - b.down), 1e-6f);
  EXPECT_LT(glm::length(a.forward - b.forward), 1e-6f);
  EXPECT_NEAR(got.fovy_degrees, 60.0f, 1e-5);
  EXPECT_LT(glm::length(sampler.at(1, 640, 480).eye - glm::vec3(2, 2, 3)), 1e-6f);
}

void expect_same_cameras(const CameraPathSampler& a, const CameraPathSampler& b, int fps) {
  ASSERT_NEAR(a.duration(), b.duration(), 1e-9);
  const int count = a.frame_count(fps);
  ASSERT_EQ(b.frame_count(fps), count);
  for (int i = 0; i < count; ++i) {
    const Camera x = a.at(a.frame_time(i, count), 64, 64), y = b.at(b.frame_time(i, count), 64, 64);
    const CameraBasis bx = camera_basis(x), by = camera_basis(y);
    ASSERT_LT(glm::length(x.eye - y.eye), 1e-6f) << "frame " << i;
    ASSERT_LT(glm::length(bx.right - by.right), 1e-6f) << "frame " << i;
    ASSERT_LT(glm::length(bx.down - by.down), 1e-6f) << "frame " << i;
    ASSERT_LT(glm::length(bx.forward - by.forward), 1e-6f) << "frame " << i;
    ASSERT_NEAR(x.fovy_degrees, y.fovy_degrees, 1e-6) << "frame " << i;
  }
}

TEST(CameraPathNerfstudio, RoundTripGivesTheSameCameras) {
  for (bool loop : {false, true}) {
    CameraPath path = circle_path(6, 2.5f, loop ? 360 : 240, loop);
    path.keys[2].fovy_degrees = 30;
    path.keys[4].fovy_degrees = 70;
    path.ease_in = path.ease_out = !loop;
    path.fps = 12;
    path.width = 800;
    path.height = 600;
    const auto text = camera_path_json(path, PathFormat::kNerfstudio);
    ASSERT_TRUE(text) << text.error().message();
    const auto read = parse_camera_path(text.value(), "ns.json");
    ASSERT_TRUE(read) << read.error().message();
    EXPECT_EQ(read.value().loop, loop);
    EXPECT_EQ(read.value().fps, 12);
    EXPECT_EQ(read.value().width, 800);
    EXPECT_EQ(read.value().height, 600);
    expect_same_cameras(build_ok(path), build_ok(read.value()), 12);
  }
}

TEST(CameraPathNerfstudio, BadInputNamesTheEntry) {
  const std::string good = R"({"camera_to_world": [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1], "fov": 50})";
  auto file = [&](const std::string& entries, const std::string& extra = "") {
    return R"({"camera_path": [)" + entries + "]" + extra + "}";
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {file(""), "camera_path lists no cameras"},
      {file(good), "camera_path lists only one camera"},
      {file(good + R"(, {"camera_to_world": [1,0,0,0, 0,1,0,0, 0,0,1,0], "fov": 50})"),
       "camera_path[1] has a 'camera_to_world' that is not 16 finite numbers"},
      {file(good + R"(, {"camera_to_world": [1,0,0,0, 0,1,0,0, 0,0,1e999,0, 0,0,0,1], "fov": 50})"),
       "not valid JSON"},
      {file(good + R"(, {"camera_to_world": [1,0,0,0, 0,2,0,0, 0,0,1,0, 0,0,0,1], "fov": 50})"),
       "camera_path[1] has a 'camera_to_world' whose rotation is not a rotation"},
      {file(good + R"(, {"camera_to_world": [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,1,1], "fov": 50})"),
       "camera_path[1] has a 'camera_to_world' whose last row"},
      {file(good + R"(, {"camera_to_world": [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1], "fov": 190})"),
       "camera_path[1] has a field of view of 190 degrees, outside (0, 180)"},
      {file(good + R"(, {"camera_to_world": [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1]})"), "camera_path[1] has no 'fov'"},
      {file(good + ", " + good, R"(, "camera_type": "fisheye")"), "camera_type 'fisheye' is not supported"},
      {file(good + ", " + good, R"(, "fps": -3)"), "'fps' is not a number"},
      {file(good + ", " + good, R"(, "render_width": 0, "render_height": 10)"), "'render_width' is not a whole number"},
      {R"({"camera_path": {}})", "'camera_path' is not a list"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string what = error_of(text, "ns.json");
    EXPECT_NE(what.find(expected), std::string::npos) << "got: " << what << "\nfor: " << text;
  }
}

// ---- INRIA cameras.json ----

// A training view at `eye` looking at `target` (world down +y), in the cameras.json layout.
TrainingCamera training_view(const std::string& name, glm::dvec3 eye, glm::dvec3 target, double fy = 500) {
  TrainingCamera view;
  view.img_name = name;
  view.width = 800;
  view.height = 600;
  view.fx = view.fy = fy;
  view.position = {eye.x, eye.y, eye.z};
  const glm::dvec3 forward = glm::normalize(target - eye);
  const glm::dvec3 right = glm::normalize(glm::cross(forward, glm::dvec3(0, -1, 0)));
  const glm::dvec3 down = glm::cross(forward, right);
  for (int r = 0; r < 3; ++r) view.rotation[r] = {right[r], down[r], forward[r]};
  return view;
}

TEST(CameraPathTraining, CamerasJsonIsAFlyThroughInCaptureOrder) {
  // Listed test view first (as --eval training writes them), each with its own fy.
  const std::string text = R"([
    {"id": 0, "img_name": "img_002", "width": 800, "height": 600, "position": [2, 0, 0],
     "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fy": 300.0, "fx": 300.0},
    {"id": 1, "img_name": "img_000", "width": 800, "height": 600, "position": [0, 0, 0],
     "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fy": 519.6152422706632, "fx": 519.6152422706632},
    {"id": 2, "img_name": "img_001", "width": 800, "height": 600, "position": [1, 0, 0],
     "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fy": 400.0, "fx": 400.0}
  ])";
  const auto read = parse_camera_path(text, "cameras.json");
  ASSERT_TRUE(read) << read.error().message();
  const CameraPath& path = read.value();
  ASSERT_EQ(path.keys.size(), 3u);
  EXPECT_EQ(path.width, 800);
  EXPECT_EQ(path.height, 600);
  // Smoothing keeps a straight, evenly spaced track where it is, in name order.
  EXPECT_LT(path.keys[0].position.x, path.keys[1].position.x);
  EXPECT_LT(path.keys[1].position.x, path.keys[2].position.x);
  std::vector<TrainingCamera> views = parse_training_cameras(text, "cameras.json").value();
  TrainingPathOptions raw;
  raw.smoothing_views = 0;
  const CameraPath unsmoothed = camera_path_from_training_cameras(views, raw);
  EXPECT_EQ(unsmoothed.keys[0].position, glm::vec3(0, 0, 0));
  EXPECT_EQ(unsmoothed.keys[2].position, glm::vec3(2, 0, 0));
  // Each keyframe's own fovy = 2 atan(height / (2 fy)): 60 degrees for fy = 300 sqrt(3).
  EXPECT_NEAR(unsmoothed.keys[0].fovy_degrees, 60.0f, 1e-4);
  EXPECT_NEAR(unsmoothed.keys[2].fovy_degrees, 2 * std::atan(600 / 600.0) * 180 / kPi, 1e-4);
  raw.sort_by_name = false;
  EXPECT_EQ(camera_path_from_training_cameras(views, raw).keys[0].position, glm::vec3(2, 0, 0));
  // One training camera is not a path.
  const auto one = parse_camera_path(R"([{"id": 0, "img_name": "a", "width": 8, "height": 6, "position": [0, 0, 0],
    "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fy": 5, "fx": 5}])",
                                     "cameras.json");
  ASSERT_FALSE(one);
  EXPECT_NE(one.error().what.find("only 1 camera"), std::string::npos);
  // A bad view is the training-camera reader's error, naming the file.
  const auto bad = parse_camera_path(R"([{"id": 0}])", "cameras.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().file, "cameras.json");
}

// Mean size of the frame-to-frame change in velocity and in angular velocity along a sampled path.
struct Shake {
  double acceleration = 0, angular_acceleration = 0;
};
Shake shake_of(const CameraPathSampler& sampler, int fps) {
  const int count = sampler.frame_count(fps);
  std::vector<glm::dvec3> eye(count);
  std::vector<glm::dquat> q(count);
  for (int i = 0; i < count; ++i) {
    const Camera c = sampler.at(sampler.frame_time(i, count), 64, 64);
    eye[i] = glm::dvec3(c.eye);
    q[i] = glm::dquat(orientation_of(c));
  }
  auto omega = [&](int i) {  // rotation from frame i to i+1 as a rotation vector (small angles)
    glm::dquat r = glm::conjugate(q[i]) * q[i + 1];
    if (r.w < 0) r = -r;
    return 2.0 * glm::dvec3(r.x, r.y, r.z);
  };
  Shake s;
  for (int i = 1; i + 1 < count; ++i) {
    s.acceleration += glm::length(eye[i + 1] - 2.0 * eye[i] + eye[i - 1]) / (count - 2);
    if (i + 2 < count) s.angular_acceleration += glm::length(omega(i + 1) - omega(i)) / (count - 3);
  }
  return s;
}

TEST(CameraPathTraining, JitteryHandHeldTrackDoesNotShake) {
  // 60 views on a 120-degree arc of radius 4 round the origin, each moved by up to 3 cm (a fifth of
  // the step between views) and turned by up to 1.5 degrees, as a hand-held capture is.
  std::uint32_t state = 12345;
  auto jitter = [&]() {  // uniform in [-1, 1], reproducible
    state = state * 1664525u + 1013904223u;
    return (state >> 8) / double(1 << 23) - 1.0;
  };
  std::vector<TrainingCamera> views;
  for (int i = 0; i < 60; ++i) {
    const double a = 2.0 * kPi / 3.0 * i / 59.0;
    const glm::dvec3 eye(4 * std::cos(a) + 0.03 * jitter(), 0.03 * jitter(), 4 * std::sin(a) + 0.03 * jitter());
    const double wobble = 4 * std::tan(1.5 * kPi / 180);
    const glm::dvec3 target(wobble * jitter(), wobble * jitter(), wobble * jitter());
    char name[16];
    std::snprintf(name, sizeof name, "frame_%03d", i);
    views.push_back(training_view(name, eye, target));
  }
  TrainingPathOptions raw_options;
  raw_options.smoothing_views = 0;
  const CameraPathSampler raw = build_ok(camera_path_from_training_cameras(views, raw_options));
  const CameraPathSampler smooth = build_ok(camera_path_from_training_cameras(views));
  const Shake r = shake_of(raw, 30), s = shake_of(smooth, 30);
  std::printf("raw track: acceleration %.3g, angular %.3g; smoothed: %.3g, %.3g\n", r.acceleration,
              r.angular_acceleration, s.acceleration, s.angular_acceleration);
  EXPECT_LT(s.acceleration, 0.25 * r.acceleration);
  EXPECT_LT(s.angular_acceleration, 0.25 * r.angular_acceleration);
  // Smoothing follows the track; it does not shrink it to a point.
  for (int i = 0; i <= 100; ++i) {
    const double t = smooth.duration() * i / 100;
    EXPECT_NEAR(glm::length(eye_at(smooth, t)), 4.0, 0.1) << "t = " << t;
  }
  EXPECT_GT(glm::length(eye_at(smooth, 0) - eye_at(smooth, smooth.duration())), 6.0);
  EXPECT_EQ(smooth.duration(), 0.2 * 59);
}

// ---- files ----

TEST(CameraPathFile, SaveThenLoad) {
  const std::filesystem::path dir = test::fresh_temp_dir("camera_path");
  const CameraPath path = circle_path(4, 1, 360, true);
  for (PathFormat format : {PathFormat::kSplatview, PathFormat::kNerfstudio}) {
    const std::filesystem::path file = dir / (format == PathFormat::kSplatview ? "ours.json" : "ns.json");
    ASSERT_FALSE(save_camera_path(file, path, format).has_value());
    auto read = load_camera_path(file);
    ASSERT_TRUE(read) << read.error().message();
    EXPECT_EQ(read.value().loop, true);
    if (format == PathFormat::kSplatview) {
      EXPECT_EQ(read.value().keys.size(), 4u);
    }
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 2);
  // A cameras.json on disk is recognised by its content, whatever it is called.
  {
    std::ofstream out(dir / "views.json");
    out << R"([{"id": 0, "img_name": "b", "width": 8, "height": 6, "position": [1, 0, 0],
      "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fy": 5, "fx": 5},
      {"id": 1, "img_name": "a", "width": 8, "height": 6, "position": [0, 0, 0],
      "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "fy": 5, "fx": 5}])";
  }
  const auto views = load_camera_path(dir / "views.json");
  ASSERT_TRUE(views) << views.error().message();
  EXPECT_EQ(views.value().keys.size(), 2u);
  EXPECT_LT(views.value().keys[0].position.x, views.value().keys[1].position.x);  // "a" first
  std::filesystem::remove(dir / "views.json");
  const auto missing = load_camera_path(dir / "missing.json");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().file.find("missing.json"), std::string::npos);
  const auto failed = save_camera_path(dir / "no" / "such" / "folder.json", path, PathFormat::kSplatview);
  ASSERT_TRUE(failed.has_value());
  EXPECT_NE(failed->file.find("folder.json"), std::string::npos);
}

}  // namespace
}  // namespace splatview
