// make-large-scene: writes a research-size test scene (default 6.1 M Gaussians, SH degree 3, about
// 1.5 GB, like Mip-NeRF 360 "bicycle") as a synthetic arrangement of real Gaussians, since no real
// scene of that size may be shipped. Deterministic for a given count and seed.
//
// The Gaussians are copies of PLAYBOT's full-resolution level (playbot-500k-sh0.ply) set out as a city
// block: a square grid, one robot per cell, each copy turned by its own yaw about the up axis and
// nudged within its cell. The last copy is a seeded random subset when the count is not a multiple of
// 500,000. That level stores no SH bands, so bands 1-2 of each Gaussian are taken from the nearest
// Gaussian of the same robot's SH degree 2 level (playbot-31k-sh2.ply, a decimation of the same
// model in the same frame) and band 3 is zero: the renderer does the full degree 3 work either way,
// and zero is the one value for a band that was never trained that invents nothing. Every copy's
// positions, quaternions and SH bands are rotated together (core/sh_rotation.h), so each robot
// looks from every side as the original does.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/formats/ply_writer.h"
#include "core/ply_reader.h"
#include "core/sh_rotation.h"
#include "core/text_values.h"

namespace {

using namespace splatview;

constexpr std::uint64_t kDefaultCount = 6'100'000;
constexpr std::uint64_t kDefaultSeed = 20260101;
constexpr const char* kBodyScene = "playbot-500k-sh0.ply";
constexpr const char* kColourScene = "playbot-31k-sh2.ply";

const char* kUsage =
    "Usage: make-large-scene [--count N] [--output FILE.ply] [--seed S] [--scenes DIR]\n"
    "Writes N Gaussians (default 6,100,000) at SH degree 3: copies of PLAYBOT (playbot-500k-sh0.ply)\n"
    "as a city block, bands 1-2 from the nearest Gaussian of playbot-31k-sh2.ply, band 3 zero.\n"
    "Defaults: --output " SPLATVIEW_DEFAULT_LARGE_SCENE " --seed 20260101 --scenes " SPLATVIEW_SHARED_SCENES "\n";

struct Options {
  std::uint64_t count = kDefaultCount;
  std::filesystem::path output = SPLATVIEW_DEFAULT_LARGE_SCENE;
  std::uint64_t seed = kDefaultSeed;
  std::filesystem::path scenes = SPLATVIEW_SHARED_SCENES;
};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "make-large-scene: %s\n%s", message.c_str(), kUsage);
  return 2;
}

bool parse(int argc, char** argv, Options& o, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (i + 1 >= argc) return error = "missing value for " + arg, false;
    const std::string value = argv[++i];
    if (arg == "--count" || arg == "--seed") {
      const auto n = parse_integer(value);
      if (!n || *n < (arg == "--count" ? 1 : 0) || (arg == "--count" && *n > 20'000'000))
        return error = "bad value for " + arg + " (--count takes 1 to 20000000)", false;
      (arg == "--count" ? o.count : o.seed) = static_cast<std::uint64_t>(*n);
    } else if (arg == "--output") {
      o.output = value;
    } else if (arg == "--scenes") {
      o.scenes = value;
    } else {
      return error = "unknown option " + arg, false;
    }
  }
  return true;
}

// For each Gaussian of `body`, the index of the nearest Gaussian of `colour` (a uniform grid of cells
// about as wide as the spacing of `colour`'s Gaussians; rings of cells searched until a hit is certain).
std::vector<std::uint32_t> nearest(const GaussianScene& body, const GaussianScene& colour) {
  float lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
  for (std::size_t i = 0; i < colour.count(); ++i)
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::min(lo[a], colour.positions[3 * i + a]);
      hi[a] = std::max(hi[a], colour.positions[3 * i + a]);
    }
  const double extent = std::max({hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], 1e-6f});
  const double cell = extent / std::cbrt(static_cast<double>(colour.count()));
  auto cell_of = [&](const float* p, int a) { return static_cast<std::int64_t>(std::floor((p[a] - lo[a]) / cell)); };
  auto key = [](std::int64_t x, std::int64_t y, std::int64_t z) {
    return (static_cast<std::uint64_t>(x + (1 << 20)) << 42) | (static_cast<std::uint64_t>(y + (1 << 20)) << 21) |
           static_cast<std::uint64_t>(z + (1 << 20));
  };
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid;
  for (std::size_t i = 0; i < colour.count(); ++i) {
    const float* p = &colour.positions[3 * i];
    grid[key(cell_of(p, 0), cell_of(p, 1), cell_of(p, 2))].push_back(static_cast<std::uint32_t>(i));
  }
  std::vector<std::uint32_t> result(body.count());
  for (std::size_t i = 0; i < body.count(); ++i) {
    const float* p = &body.positions[3 * i];
    const std::int64_t c[3] = {cell_of(p, 0), cell_of(p, 1), cell_of(p, 2)};
    double best = INFINITY;
    std::uint32_t best_index = 0;
    // A hit in ring r is at most (r + 1) cells away in each axis, so ring r + 1 settles it.
    for (std::int64_t r = 0; r < (1 << 20); ++r) {
      for (std::int64_t x = c[0] - r; x <= c[0] + r; ++x)
        for (std::int64_t y = c[1] - r; y <= c[1] + r; ++y)
          for (std::int64_t z = c[2] - r; z <= c[2] + r; ++z) {
            if (std::max({std::llabs(x - c[0]), std::llabs(y - c[1]), std::llabs(z - c[2])}) != r) continue;
            const auto it = grid.find(key(x, y, z));
            if (it == grid.end()) continue;
            for (std::uint32_t j : it->second) {
              const float* q = &colour.positions[3 * j];
              const double d = (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                               (p[2] - q[2]) * (p[2] - q[2]);
              if (d < best) best = d, best_index = j;
            }
          }
      if (best <= (r * cell) * (r * cell)) break;  // nothing in a further ring can be nearer
    }
    result[i] = best_index;
  }
  return result;
}

// One copy's placement: a yaw about the up axis (y: the 3DGS frame has -y up) and a shift.
struct Placement {
  double yaw = 0;
  double shift[3] = {};
};

// The copies on a square grid with cells a little wider than the robot, each turned and nudged.
std::vector<Placement> city_block(std::size_t copies, const GaussianScene& body, std::mt19937_64& random) {
  float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (std::size_t i = 0; i < body.count(); ++i) {
    lo[0] = std::min(lo[0], body.positions[3 * i]), hi[0] = std::max(hi[0], body.positions[3 * i]);
    lo[1] = std::min(lo[1], body.positions[3 * i + 2]), hi[1] = std::max(hi[1], body.positions[3 * i + 2]);
  }
  // Turned by any yaw, the robot stays inside the circle around its footprint; cells of about that
  // width let neighbours stand close, so that views across the block see robots behind robots.
  const double footprint = std::hypot(hi[0] - lo[0], hi[1] - lo[1]);
  const double spacing = 0.8 * footprint;
  const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(copies))));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<Placement> placements(copies);
  for (std::size_t k = 0; k < copies; ++k) {
    Placement& p = placements[k];
    p.yaw = 2 * std::numbers::pi * unit(random);
    const double row = static_cast<double>(k / side), column = static_cast<double>(k % side);
    const double centre = 0.5 * static_cast<double>(side - 1);
    p.shift[0] = spacing * (column - centre + 0.2 * (unit(random) - 0.5));
    p.shift[2] = spacing * (row - centre + 0.2 * (unit(random) - 0.5));
  }
  return placements;
}

// Gaussian `i` of `body` (with SH bands 1-2 from Gaussian `j` of `colour`), placed, into `out` at `o`.
void place(const GaussianScene& body, std::size_t i, const GaussianScene& colour, std::size_t j, const Placement& p,
           const ShRotation& turn, GaussianScene& out, std::size_t o) {
  const double c = std::cos(p.yaw), s = std::sin(p.yaw);
  const float* x = &body.positions[3 * i];
  // R_y(yaw): (x, z) turned in the ground plane, y (height) kept.
  out.positions[3 * o + 0] = static_cast<float>(c * x[0] + s * x[2] + p.shift[0]);
  out.positions[3 * o + 1] = static_cast<float>(x[1] + p.shift[1]);
  out.positions[3 * o + 2] = static_cast<float>(-s * x[0] + c * x[2] + p.shift[2]);
  std::copy_n(&body.scales[3 * i], 3, &out.scales[3 * o]);
  out.opacities[o] = body.opacities[i];
  // The Gaussian's frame turns with the copy: q' = q_yaw * q (w, x, y, z), q_yaw = (cos y/2, 0, sin y/2, 0).
  const double hw = std::cos(p.yaw / 2), hy = std::sin(p.yaw / 2);
  const float* q = &body.rotations[4 * i];
  double r[4] = {hw * q[0] - hy * q[2], hw * q[1] + hy * q[3], hw * q[2] + hy * q[0], hw * q[3] - hy * q[1]};
  const double norm = std::sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2] + r[3] * r[3]);
  for (int k = 0; k < 4; ++k) out.rotations[4 * o + k] = static_cast<float>(r[k] / norm);
  // SH, coefficient-major RGB: DC from the body, bands 1-2 from the colour scene, band 3 zero.
  float* sh = &out.sh[static_cast<std::size_t>(3 * sh_coeff_count(3)) * o];
  std::fill_n(sh, 3 * sh_coeff_count(3), 0.0f);
  std::copy_n(&body.sh[3 * i], 3, sh);
  std::copy_n(&colour.sh[static_cast<std::size_t>(3 * sh_coeff_count(2)) * j + 3], 3 * (sh_coeff_count(2) - 1),
              sh + 3);
  turn.apply(sh, 3);
}

Mat3d yaw_matrix(double yaw) {
  const double c = std::cos(yaw), s = std::sin(yaw);
  return {c, 0, s, 0, 1, 0, -s, 0, c};
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string error;
  if (!parse(argc, argv, options, error)) return usage_error(error);

  auto body_loaded = load_ply(options.scenes / kBodyScene);
  if (!body_loaded) return usage_error(body_loaded.error().message());
  auto colour_loaded = load_ply(options.scenes / kColourScene);
  if (!colour_loaded) return usage_error(colour_loaded.error().message());
  const GaussianScene& body = body_loaded.value().scene;
  const GaussianScene& colour = colour_loaded.value().scene;
  if (colour.sh_degree != 2) return usage_error(std::string(kColourScene) + " is not SH degree 2");

  const std::vector<std::uint32_t> colour_of = nearest(body, colour);
  const std::size_t per_copy = body.count();
  const std::size_t copies = static_cast<std::size_t>((options.count + per_copy - 1) / per_copy);
  std::mt19937_64 random(options.seed);
  const std::vector<Placement> placements = city_block(copies, body, random);

  // The last copy, when partial: a seeded random subset in file order (a thinner whole robot).
  std::vector<std::size_t> last(per_copy);
  for (std::size_t i = 0; i < per_copy; ++i) last[i] = i;
  std::shuffle(last.begin(), last.end(), random);
  last.resize(static_cast<std::size_t>(options.count - (copies - 1) * per_copy));
  std::sort(last.begin(), last.end());

  GaussianScene scene;
  scene.sh_degree = 3;
  scene.resize(static_cast<std::size_t>(options.count));
  scene.comments = {"synthetic test scene by make-large-scene (seed " + std::to_string(options.seed) + "): " +
                        std::to_string(copies) + " copies of playbot-500k-sh0 as a city block, SH bands 1-2 from "
                        "the nearest Gaussian of playbot-31k-sh2, band 3 zero",
                    "PLAYBOT by Stephane Agullo (sa3d.fr) CC-BY-4.0, modified (copied, turned, SH bands added)"};
  std::size_t o = 0;
  for (std::size_t k = 0; k < copies; ++k) {
    const ShRotation turn(yaw_matrix(placements[k].yaw));
    const std::size_t n = k + 1 < copies ? per_copy : last.size();
    for (std::size_t m = 0; m < n; ++m, ++o) {
      const std::size_t i = k + 1 < copies ? m : last[m];
      place(body, i, colour, colour_of[i], placements[k], turn, scene, o);
    }
  }
  if (auto failed = write_ply(options.output, scene)) {
    std::fprintf(stderr, "make-large-scene: %s\n", failed->message().c_str());
    return 1;
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(options.output, ec);
  std::printf("make-large-scene: wrote %s: %zu Gaussians, SH degree 3, %ju bytes (%.2f GB), seed %ju\n"
              "  %zu copies of %s on a %zux%zu city block, each with its own yaw; SH bands 1-2 from the nearest\n"
              "  Gaussian of %s, band 3 zero\n",
              options.output.string().c_str(), scene.count(), static_cast<std::uintmax_t>(ec ? 0 : bytes),
              (ec ? 0 : bytes) / 1e9, static_cast<std::uintmax_t>(options.seed), copies, kBodyScene,
              static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(copies)))),
              static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(copies)))), kColourScene);
  return 0;
}
