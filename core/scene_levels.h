#pragma once
// Coarser versions of a scene, for a window that must keep moving on a scene too large to render
// exactly in a tenth of a second (issue 20). Built once after load, off the UI thread: the scene's
// Gaussians are put in Morton order, and each level merges the Gaussians of one octree cell into
// one (moment matching, as hierarchical 3DGS and splat-transform's decimation do), the cell size
// chosen so the level has about 1/8, 1/64, ... of the Gaussians. A level holds SH degree 0 (the
// view-dependent bands average out over a cell), so all levels together cost under 1/5 of the
// scene's memory at SH 3. The exact scene is never changed: exports and the still view use it.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/gaussian_scene.h"

namespace splatview {

// Levels stop once a level has fewer Gaussians than this: such a scene renders fast anyway.
constexpr std::size_t kCoarsestLevelGaussians = 40'000;
// Each level has at most this fraction of the Gaussians of the one before.
constexpr std::size_t kLevelReduction = 8;

struct LevelBuildControl {
  std::function<void(float fraction)> progress;  // 0..1, from the building thread; may be empty
  const std::atomic<bool>* cancel = nullptr;     // set to stop early: the result is then empty
};

// The levels of `scene`, finest first (each coarser than the scene by kLevelReduction at least);
// empty when the scene is small or the build was cancelled.
std::vector<GaussianScene> build_scene_levels(const GaussianScene& scene, const LevelBuildControl& control = {});

// One Gaussian standing for Gaussians `members` of `scene` (moment matching): each weighs w_i =
// opacity_i * area_i, with area_i = s1 s2 + s1 s3 + s2 s3 of its scales (its mean projected
// footprint, up to a constant); the merged mean and covariance are the weighted mixture's (the
// members' covariances plus their spread about the mean), its colour the weighted mean of their
// degree-0 SH, and its opacity sum(w_i) / area, capped at 1, so that the total opacity-weighted
// colour sum(w_i c_i) is kept. Written into Gaussian `slot` of `out` (SH degree 0).
void merge_gaussians(const GaussianScene& scene, const std::uint32_t* members, std::size_t count, GaussianScene& out,
                     std::size_t slot);

}  // namespace splatview
