// The CUDA backend's per-thread steps (cuda/tile_pipeline.h) on the host, no GPU needed: each
// helper against closed-form cases, then the whole pipeline as the kernels run it (inclusive
// scan, entry duplication, a stable sort of (tile, depth) keys on the bits the GPU sorts, range
// identification, blending in 256-splat batches with the block's early stop), which must give
// the CPU renderer's image and counts.
#include "cuda/tile_pipeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "core/image.h"
#include "core/ply_reader.h"
#include "render/check_scene.h"
#include "render/cpu_renderer.h"
#include "render/frame_setup.h"
#include "render/inspect_views.h"
#include "tests/support/test_paths.h"
#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

TEST(TilePipeline, BitsForCountsTheBitsOfTheLargestValue) {
  EXPECT_EQ(tiles::bits_for(0), 0);
  EXPECT_EQ(tiles::bits_for(1), 1);
  EXPECT_EQ(tiles::bits_for(2), 2);
  EXPECT_EQ(tiles::bits_for(3), 2);
  EXPECT_EQ(tiles::bits_for(4), 3);
  EXPECT_EQ(tiles::bits_for(255), 8);
  EXPECT_EQ(tiles::bits_for(256), 9);
  EXPECT_EQ(tiles::bits_for(0xffffffffu), 32);
}

TEST(TilePipeline, SortEndBitCoversEveryTileId) {
  EXPECT_EQ(tiles::sort_end_bit(1), 32);  // one tile: only the depth bits
  EXPECT_EQ(tiles::sort_end_bit(2), 33);
  EXPECT_EQ(tiles::sort_end_bit(4), 34);
  EXPECT_EQ(tiles::sort_end_bit(5), 35);
  EXPECT_EQ(tiles::sort_end_bit(120 * 68), 45);  // 1920x1080: ids up to 8159 need 13 bits
}

TEST(TilePipeline, KeysOrderByTileThenDepth) {
  EXPECT_EQ(tiles::tile_key(3, 2.0f), (std::uint64_t{3} << 32) | 0x40000000u);  // 2.0f is 0x40000000
  EXPECT_LT(tiles::tile_key(0, 1e30f), tiles::tile_key(1, 0.21f));
  EXPECT_LT(tiles::tile_key(7, 0.21f), tiles::tile_key(7, 0.2100001f));
  EXPECT_LT(tiles::tile_key(7, 1.5f), tiles::tile_key(7, 100.f));
  EXPECT_EQ(tiles::tile_of_key(tiles::tile_key(8159, 3.f)), 8159u);
}

TEST(TilePipeline, EntriesCoverTheRectangleRowByRow) {
  splat::ProjectedSplat p{};
  p.depth = 4.f;
  p.rect = {1, 2, 3, 4};  // x in [1, 3), y in [2, 4)
  std::vector<std::uint64_t> keys(8, 0);
  std::vector<std::uint32_t> values(8, 99);
  tiles::write_tile_entries(p, 42, 5, 3, keys.data(), values.data());
  const std::uint32_t expected_tiles[] = {11, 12, 16, 17};  // y * 5 + x
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(keys[3 + k], tiles::tile_key(expected_tiles[k], 4.f)) << k;
    EXPECT_EQ(values[3 + k], 42u) << k;
  }
  EXPECT_EQ(values[2], 99u);
  EXPECT_EQ(values[7], 99u);
}

std::vector<tiles::TileRange> ranges_of(const std::vector<std::uint32_t>& sorted_tiles, int tile_count) {
  std::vector<std::uint64_t> keys;
  for (std::uint32_t t : sorted_tiles) keys.push_back(tiles::tile_key(t, 1.f));
  std::vector<tiles::TileRange> ranges(tile_count, tiles::TileRange{0, 0});
  const auto total = static_cast<std::uint32_t>(keys.size());
  for (std::uint32_t e = 0; e < total; ++e) tiles::identify_tile_range(e, total, keys.data(), ranges.data());
  return ranges;
}

TEST(TilePipeline, RangesStartAndEndAtTheTileBoundaries) {
  const auto ranges = ranges_of({1, 1, 3, 3, 3, 6}, 8);
  const std::pair<std::uint32_t, std::uint32_t> expected[8] = {{0, 0}, {0, 2}, {0, 0}, {2, 5},
                                                               {0, 0}, {0, 0}, {5, 6}, {0, 0}};
  for (int t = 0; t < 8; ++t) {
    EXPECT_EQ(ranges[t].begin, expected[t].first) << "tile " << t;
    EXPECT_EQ(ranges[t].end, expected[t].second) << "tile " << t;
  }
  const auto single = ranges_of({2}, 4);
  EXPECT_EQ(single[2].begin, 0u);
  EXPECT_EQ(single[2].end, 1u);
  const auto first_and_last = ranges_of({0, 3}, 4);
  EXPECT_EQ(first_and_last[0].end, 1u);
  EXPECT_EQ(first_and_last[3].begin, 1u);
  EXPECT_EQ(first_and_last[3].end, 2u);
}

TEST(TilePipeline, PixelsOfATileAreRowMajor) {
  int x = 0, y = 0;
  tiles::tile_pixel(7, 0, 5, x, y);  // tile (2, 1) of a 5-wide grid
  EXPECT_EQ(x, 32);
  EXPECT_EQ(y, 16);
  tiles::tile_pixel(7, 255, 5, x, y);
  EXPECT_EQ(x, 47);
  EXPECT_EQ(y, 31);
  tiles::tile_pixel(7, 17, 5, x, y);
  EXPECT_EQ(x, 33);
  EXPECT_EQ(y, 17);
}

TEST(TilePipeline, EightBitChannelsFollowTheImageRule) {
  // The device output (to_rgba8_kernel) calls the image writer's to_8bit: check that rule against
  // DESIGN's round(clamp(v, 0, 1) * 255) in single precision, with NaN as 0.
  const auto expected = [](float v) {
    if (std::isnan(v)) return 0;
    return static_cast<int>(std::lround(std::clamp(v, 0.f, 1.f) * 255.f));
  };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (float v : {-1.f, 0.f, 0.5f / 255.f, 0.49999f / 255.f, 1.5f / 255.f, 0.5f, 127.5f / 255.f, 254.5f / 255.f, 1.f,
                  2.f, nan, std::numeric_limits<float>::infinity()})
    EXPECT_EQ(to_8bit(v), expected(v)) << v;
  for (int k = 0; k <= 2550; ++k) EXPECT_EQ(to_8bit(k / 2550.f), expected(k / 2550.f)) << k;
}

// --- The whole pipeline on the host, step for step as the kernels run it ---

struct HostFrame {
  Image image;
  std::size_t visible = 0, tile_entries = 0;
  std::size_t max_tile_entries = 0;  // the longest tile list (more than 256: several batches)
  std::size_t saturated_pixels = 0;  // pixels that stopped early
  std::size_t tiles_stopped_early = 0;  // blocks that left splats unblended: every pixel was done
  std::size_t tiles_blending_several_batches = 0;
};

// Which tiles list a splat: its footprint (what the kernels do), or the reference's whole square
// (to show that dropping the other tiles changes no pixel).
enum class TileLists { snug, squares };

HostFrame run_kernels_on_host(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                              TileLists lists = TileLists::snug) {
  HostFrame frame;
  const FrameSetup setup = make_frame_setup(scene, camera, settings);
  const int count = static_cast<int>(setup.gaussians);
  const auto tile_count = static_cast<std::uint32_t>(setup.tiles);

  // preprocess_kernel, then the in-place inclusive sum.
  std::vector<splat::ProjectedSplat> projected(count);
  std::vector<std::uint64_t> offsets(count, 0);
  const tiles::PreprocessArgs preprocess{setup.arrays,      count, setup.view, setup.scale_modifier, setup.sh_degree,
                                         projected.data(), offsets.data(), nullptr,         setup.mode,
                                         setup.show == ShowMode::kDepth};
  for (int i = 0; i < count; ++i) frame.visible += tiles::preprocess_one(preprocess, i);
  if (lists == TileLists::squares)
    for (int i = 0; i < count; ++i)
      if (offsets[i] != 0) offsets[i] = static_cast<std::uint64_t>(splat::tile_count(projected[i].rect));
  std::inclusive_scan(offsets.begin(), offsets.end(), offsets.begin());
  const std::uint64_t total = count > 0 ? offsets[count - 1] : 0;
  frame.tile_entries = total;

  // duplicate_kernel.
  std::vector<std::uint64_t> keys(total);
  std::vector<std::uint32_t> values(total);
  const tiles::DuplicateArgs duplicate{projected.data(), offsets.data(), count, setup.view.tiles_x, keys.data(),
                                       values.data()};
  if (lists == TileLists::snug) {
    for (int i = 0; i < count; ++i) tiles::duplicate_one(duplicate, i);
  } else {
    for (int i = 0; i < count; ++i) {
      std::uint64_t slot = i == 0 ? 0u : offsets[i - 1];
      if (slot == offsets[i]) continue;
      const splat::TileRect r = projected[i].rect;
      for (int ty = r.y0; ty < r.y1; ++ty)
        for (int tx = r.x0; tx < r.x1; ++tx, ++slot) {
          keys[slot] = tiles::tile_key(static_cast<std::uint32_t>(ty * setup.view.tiles_x + tx), projected[i].depth);
          values[slot] = static_cast<std::uint32_t>(i);
        }
    }
  }

  // cub::DeviceRadixSort::SortPairs on bits [0, end_bit): stable, and blind to higher bits.
  const int end_bit = tiles::sort_end_bit(tile_count);
  for (std::uint64_t key : keys) EXPECT_LT(key >> 32, std::uint64_t{1} << (end_bit - 32)) << "a key bit is not sorted";
  std::vector<std::uint32_t> order(total);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return keys[a] < keys[b]; });
  std::vector<std::uint64_t> sorted_keys(total);
  std::vector<std::uint32_t> sorted_values(total);
  for (std::size_t e = 0; e < total; ++e) {
    sorted_keys[e] = keys[order[e]];
    sorted_values[e] = values[order[e]];
  }

  // tile_ranges_kernel over zeroed ranges.
  std::vector<tiles::TileRange> ranges(tile_count, tiles::TileRange{0, 0});
  for (std::uint32_t e = 0; e < total; ++e)
    tiles::identify_tile_range(e, static_cast<std::uint32_t>(total), sorted_keys.data(), ranges.data());

  // blend_kernel: a block's threads as a loop; the barrier count as a count over the pixels.
  frame.image.resize(camera.width, camera.height);
  const tiles::BlendArgs blend{ranges.data(),
                               sorted_values.data(),
                               projected.data(),
                               setup.view.tiles_x,
                               static_cast<int>(tile_count),
                               setup.width,
                               setup.height,
                               {setup.background[0], setup.background[1], setup.background[2]},
                               frame.image.rgb.data(),
                               frame.image.alpha.data()};
  for (std::uint32_t tile = 0; tile < tile_count; ++tile) {
    splat::PixelState px[tiles::kBlockPixels];
    splat::Vec2 pixel[tiles::kBlockPixels];
    int x[tiles::kBlockPixels], y[tiles::kBlockPixels];
    for (int t = 0; t < tiles::kBlockPixels; ++t) {
      px[t] = tiles::start_pixel(blend, tile, t, x[t], y[t]);
      pixel[t] = {static_cast<float>(x[t]), static_cast<float>(y[t])};
    }
    const tiles::TileRange range = ranges[tile];
    frame.max_tile_entries = std::max<std::size_t>(frame.max_tile_entries, range.end - range.begin);
    tiles::BlendSplat batch[tiles::kBlockPixels];
    for (std::uint32_t begin = range.begin; begin < range.end; begin += tiles::kBlockPixels) {
      int done = 0;
      for (const splat::PixelState& p : px) done += p.done != 0.f;
      if (done == tiles::kBlockPixels) {
        ++frame.tiles_stopped_early;
        break;
      }
      const int n = tiles::batch_size(range, begin);
      if (begin == range.begin + tiles::kBlockPixels) ++frame.tiles_blending_several_batches;
      for (int t = 0; t < n; ++t) batch[t] = tiles::batch_splat(blend, begin + t);
      for (int t = 0; t < tiles::kBlockPixels; ++t) tiles::blend_batch(px[t], pixel[t], batch, n);
    }
    for (int t = 0; t < tiles::kBlockPixels; ++t) {
      tiles::finish_pixel(blend, px[t], x[t], y[t]);
      frame.saturated_pixels += splat::inside_image(x[t], y[t], camera.width, camera.height) && px[t].done != 0.f;
    }
  }
  return frame;
}

// A few hundred ordinary Gaussians and two whose radius saturates at kMaxRadius (each covers the view).
GaussianScene check_scene_with_huge_splats() {
  GaussianScene scene = test::random_scene({.count = 300, .sh_degree = 1, .seed = 21});
  for (std::size_t i : {std::size_t{5}, std::size_t{200}}) {
    scene.scales[3 * i] = scene.scales[3 * i + 1] = scene.scales[3 * i + 2] = 1e8f;
    scene.opacities[i] = 0.3f;
  }
  return scene;
}

// Random Gaussians in front of a camera at z = -3, dense enough that middle tiles need several
// batches and some pixels saturate; some behind the camera, some far off to the side.
GaussianScene dense_scene(std::size_t n, int sh_degree) {
  GaussianScene scene = test::random_scene({.count = n,
                                            .sh_degree = sh_degree,
                                            .seed = 99,
                                            .half_extent = {1.3f, 0.9f, 1.f},
                                            .log_scale_min = -3.5f,
                                            .log_scale_max = -1.3f,
                                            .opacity_min = 0.02f,
                                            .opacity_max = 0.52f});
  for (std::size_t i = 0; i < n; i += 25) {
    scene.positions[3 * i + 2] = -5.f;                   // behind the camera
    if (i + 1 < n) scene.positions[3 * (i + 1)] = 30.f;  // far off to the side
  }
  return scene;
}

void expect_same_as_cpu(const GaussianScene& scene, const Camera& camera, const RenderSettings& settings,
                        const char* name, bool expect_several_batches) {
  const HostFrame host = run_kernels_on_host(scene, camera, settings);
  CpuRenderer cpu(2);
  Image image;
  FrameStats stats;
  cpu.render(scene, camera, settings, image, stats);
  EXPECT_EQ(host.visible, stats.visible) << name;
  EXPECT_EQ(host.tile_entries, stats.tile_entries) << name;
  std::size_t differing = 0;
  float worst = 0.f;
  for (std::size_t k = 0; k < image.rgb.size(); ++k) {
    differing += host.image.rgb[k] != image.rgb[k];
    worst = std::max(worst, std::abs(host.image.rgb[k] - image.rgb[k]));
  }
  for (std::size_t k = 0; k < image.alpha.size(); ++k) differing += host.image.alpha[k] != image.alpha[k];
  std::printf("[ pipeline ] %-28s visible %5zu entries %6zu longest tile list %4zu saturated px %5zu, "
              "differing values %zu (max %.3g)\n",
              name, host.visible, host.tile_entries, host.max_tile_entries, host.saturated_pixels, differing, worst);
  // The same per-pixel steps in the same order: the same bits, not merely within 1/255.
  EXPECT_EQ(differing, 0u) << name << ": largest difference " << worst;
  if (expect_several_batches) {
    EXPECT_GT(host.max_tile_entries, static_cast<std::size_t>(tiles::kBlockPixels)) << name;
    EXPECT_GT(host.saturated_pixels, 0u) << name;
  }
}

TEST(TilePipelineOnHost, DenseSyntheticSceneMatchesTheCpuRenderer) {
  const GaussianScene scene = dense_scene(2500, 3);
  RenderSettings settings;
  settings.background[0] = 0.3f;
  settings.background[2] = 0.7f;
  expect_same_as_cpu(scene, test::look_at({0, 0, -3}, {0, 0, 0}, 67, 45), settings, "dense 67x45", true);
  expect_same_as_cpu(scene, test::look_at({0.4f, -0.2f, -2.6f}, {0, 0, 0}, 130, 77), settings, "dense 130x77", true);
  settings.max_sh_degree = 1;
  settings.scale_modifier = 0.6f;
  expect_same_as_cpu(scene, test::look_at({0, 0, -3}, {0, 0, 0}, 48, 32), settings, "dense sh1 mod0.6 48x32", false);
}

// Mip mode: the CUDA steps read the frame's mode as the CPU does, whether the settings or the
// scene's file chose it.
// The depth and alpha views are the same blend with another input (depth) or output (coverage):
// finished on the host by the CPU renderer's functions, the CUDA pipeline's pictures are the CPU
// renderer's bit for bit, the depth view's depths and range too.
TEST(TilePipelineOnHost, DepthAndAlphaViewsMatchTheCpuRenderer) {
  const GaussianScene& scene = test::cached_shared_scene("playbot-31k-sh2.ply");
  const Camera camera = test::playbot_front(160, 90);
  for (ShowMode show : {ShowMode::kDepth, ShowMode::kAlpha}) {
    RenderSettings settings;
    settings.show = show;
    settings.background[1] = 0.4f;
    HostFrame host = run_kernels_on_host(scene, camera, settings);
    std::vector<float> depths, scratch;
    DepthRange range{0, 0};
    if (show == ShowMode::kDepth) range = finish_depth_view(host.image, settings.background, depths, scratch);
    else finish_alpha_view(host.image);
    CpuRenderer cpu(2);
    Image image;
    FrameStats stats;
    cpu.render(scene, camera, settings, image, stats);
    EXPECT_EQ(host.image.rgb, image.rgb) << show_mode_name(show);
    EXPECT_EQ(host.image.alpha, image.alpha) << show_mode_name(show);
    if (show != ShowMode::kDepth) continue;
    EXPECT_EQ(depths, cpu.depth_image());
    EXPECT_EQ(range.near_depth, stats.depth_near);
    EXPECT_EQ(range.far_depth, stats.depth_far);
    EXPECT_LT(stats.depth_near, stats.depth_far);
  }
}

TEST(TilePipelineOnHost, MipModeMatchesTheCpuRenderer) {
  GaussianScene scene = dense_scene(2500, 3);
  RenderSettings settings;
  settings.render_mode = RenderMode::kMip;
  expect_same_as_cpu(scene, test::look_at({0, 0, -3}, {0, 0, 0}, 67, 45), settings, "mip dense 67x45", true);
  expect_same_as_cpu(scene, test::look_at({0, 0, -12}, {0, 0, 0}, 67, 45), settings, "mip dense far 67x45", false);
  scene.render_mode = RenderMode::kMip;
  expect_same_as_cpu(scene, test::look_at({0.4f, -0.2f, -2.6f}, {0, 0, 0}, 130, 77), RenderSettings{},
                     "mip by file 130x77", true);
}

TEST(TilePipelineOnHost, TheSelfCheckSceneTakesEveryPath) {
  // The CUDA start-up self-check trusts a GPU that renders this scene right: it must need several
  // batches in some tile and stop a whole block early in another.
  const CheckView check = self_check_view();
  const HostFrame host = run_kernels_on_host(check.scene, check.camera, check.settings);
  EXPECT_GT(host.tiles_blending_several_batches, 0u) << "no tile blends a second batch";
  EXPECT_GT(host.tiles_stopped_early, 0u) << "no block stops early";
  EXPECT_LT(host.visible, check.scene.count()) << "some must be culled";
  expect_same_as_cpu(check.scene, check.camera, check.settings, "self-check scene", true);
}

TEST(TilePipelineOnHost, RealScenesMatchTheCpuRenderer) {
  for (const char* name : {"voxel51-train-first1000-sh3.ply", "playbot-31k-sh1.ply"}) {
    auto loaded = load_ply(test::shared_scene(name));
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    const GaussianScene& scene = loaded.value().scene;
    const bool train = std::string(name).find("train") != std::string::npos;
    const Camera camera = train ? test::train_view(97, 61)
                                : test::playbot_front(97, 61);
    RenderSettings settings;
    settings.background[1] = 0.5f;
    expect_same_as_cpu(scene, camera, settings, name, false);
  }
}

// The snug lists against the reference's squares, through the same blend: the same bits, fewer entries.
void expect_snug_lists_change_nothing(const GaussianScene& scene, const Camera& camera, const char* name) {
  const RenderSettings settings;
  const HostFrame snug = run_kernels_on_host(scene, camera, settings, TileLists::snug);
  const HostFrame squares = run_kernels_on_host(scene, camera, settings, TileLists::squares);
  std::printf("[ snug     ] %-28s entries %7zu of the squares' %7zu (%.1f %%)\n", name, snug.tile_entries,
              squares.tile_entries, 100.0 * static_cast<double>(snug.tile_entries) / static_cast<double>(squares.tile_entries));
  EXPECT_EQ(snug.visible, squares.visible) << name;
  EXPECT_LT(snug.tile_entries, squares.tile_entries) << name;
  EXPECT_TRUE(snug.image.rgb == squares.image.rgb && snug.image.alpha == squares.image.alpha)
      << name << ": dropping tiles outside the visible ellipse changed a pixel";
}

TEST(TilePipelineOnHost, SnugTileListsGiveTheSquaresImageBitForBit) {
  expect_snug_lists_change_nothing(dense_scene(2500, 3), test::look_at({0, 0, -3}, {0, 0, 0}, 130, 77), "dense 130x77");
  expect_snug_lists_change_nothing(check_scene_with_huge_splats(), test::look_at({0, 0, -3}, {0, 0, 0}, 97, 61),
                                   "saturated radii 97x61");
  for (const char* name : {"voxel51-train-first1000-sh3.ply", "playbot-31k-sh1.ply"}) {
    const GaussianScene& scene = test::cached_shared_scene(name);
    const bool train = std::string(name).find("train") != std::string::npos;
    expect_snug_lists_change_nothing(scene, train ? test::train_view(193, 121) : test::playbot_front(193, 121), name);
  }
}

TEST(TilePipelineOnHost, EdgeCasesMatchTheCpuRenderer) {
  RenderSettings settings;
  settings.background[0] = 0.25f;
  const Camera camera = test::look_at({0, 0, -3}, {0, 0, 0}, 33, 17);
  expect_same_as_cpu(GaussianScene{}, camera, settings, "no Gaussians", false);
  GaussianScene one = dense_scene(3, 0);
  one.resize(1);
  one.positions = {0.1f, 0.f, 0.f};
  expect_same_as_cpu(one, camera, settings, "one Gaussian", false);
  GaussianScene behind = dense_scene(50, 0);
  for (std::size_t i = 0; i < behind.count(); ++i) behind.positions[3 * i + 2] = -3.5f;
  expect_same_as_cpu(behind, camera, settings, "all behind the camera", false);
  GaussianScene outside = dense_scene(50, 0);
  for (std::size_t i = 0; i < outside.count(); ++i) outside.positions[3 * i] = 40.f + static_cast<float>(i);
  expect_same_as_cpu(outside, camera, settings, "far outside the view", false);
  expect_same_as_cpu(dense_scene(300, 2), test::look_at({0, 0, -3}, {0, 0, 0}, 1, 1), settings, "1x1 image", false);
}

}  // namespace
}  // namespace splatview
