#include "render/inspect_views.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace splatview {

namespace {

float depth_of_key(std::uint32_t key) {
  float depth;
  std::memcpy(&depth, &key, sizeof depth);  // splat::depth_key is the float's bit pattern
  return depth;
}

// body(p) for every pixel p < pixels, in parallel.
template <class Body>
void for_each_pixel(std::size_t pixels, const Body& body) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pixels, 16384), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t p = r.begin(); p != r.end(); ++p) body(p);
  });
}

// The rows [y0, y1) of the image one task draws: centres and ellipses are drawn in bands of rows
// at once, each band walking every splat back to front and drawing only its own rows, so every
// pixel gets the same splats in the same order whatever the number of bands.
struct Band {
  Image& image;
  int y0, y1;
};

void fill_background(Band& band, const float* background) {
  const std::size_t begin = static_cast<std::size_t>(band.y0) * band.image.width;
  const std::size_t end = static_cast<std::size_t>(band.y1) * band.image.width;
  for (std::size_t p = begin; p < end; ++p) {
    std::copy(background, background + 3, band.image.rgb.begin() + static_cast<std::ptrdiff_t>(3 * p));
    band.image.alpha[p] = 0.f;
  }
}

// Sets pixel (x, y) to `color` (clamped to [0, 1]), opaque, where it lies in the band.
void plot(Band& band, int x, int y, splat::Vec3 color) {
  if (x < 0 || y < band.y0 || x >= band.image.width || y >= band.y1) return;
  const std::size_t p = static_cast<std::size_t>(y) * band.image.width + x;
  band.image.rgb[3 * p] = std::clamp(color.x, 0.f, 1.f);
  band.image.rgb[3 * p + 1] = std::clamp(color.y, 0.f, 1.f);
  band.image.rgb[3 * p + 2] = std::clamp(color.z, 0.f, 1.f);
  band.image.alpha[p] = 1.f;
}

// Whether rows [top, bottom] (floats, any order of magnitude) reach the band.
bool reaches(const Band& band, float top, float bottom) {
  return bottom >= static_cast<float>(band.y0) - 1.f && top <= static_cast<float>(band.y1);
}

// The nearest pixel to a point (pixel centres at integers).
int nearest_pixel(float v) { return static_cast<int>(std::lround(v)); }

// A line one pixel thick from a to b: a pixel at every unit step along the longer axis.
void draw_line(Band& band, splat::Vec2 a, splat::Vec2 b, splat::Vec3 color) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const int steps = std::max(1, static_cast<int>(std::ceil(std::max(std::fabs(dx), std::fabs(dy)))));
  for (int s = 0; s <= steps; ++s) {
    const float f = static_cast<float>(s) / static_cast<float>(steps);
    plot(band, nearest_pixel(a.x + f * dx), nearest_pixel(a.y + f * dy), color);
  }
}

// Runs draw(band) for bands of rows covering the image, in parallel: twice as many bands as
// threads, for balance.
template <class Draw>
void for_each_band(Image& image, const Draw& draw) {
  const int bands = std::clamp(2 * tbb::this_task_arena::max_concurrency(), 1, std::max(1, image.height));
  tbb::parallel_for(0, bands, [&](int b) {
    Band band{image, image.height * b / bands, image.height * (b + 1) / bands};
    draw(band);
  });
}

}  // namespace

void blend_depth_instead_of_colour(cpu_kernels::TileSplat* splats, const std::uint32_t* depth_keys,
                                   std::size_t gaussians) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, gaussians, 4096), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i)
      if (depth_keys[i] != cpu_kernels::kHiddenDepthKey) splats[i].color = splat::depth_as_color(depth_of_key(depth_keys[i]));
  });
}

DepthRange depth_range(const Image& blended, std::vector<float>& scratch) {
  scratch.clear();
  const std::size_t pixels = blended.alpha.size();
  for (std::size_t p = 0; p < pixels; ++p)
    if (blended.alpha[p] >= kDepthMinCoverage)
      scratch.push_back(splat::expected_depth(blended.rgb[3 * p], blended.rgb[3 * p + 1]));
  if (scratch.empty()) return {0.f, 0.f};
  const auto at = [&](float fraction) {
    const auto k = static_cast<std::ptrdiff_t>(fraction * static_cast<float>(scratch.size() - 1));
    std::nth_element(scratch.begin(), scratch.begin() + k, scratch.end());
    return scratch[static_cast<std::size_t>(k)];
  };
  const float near_depth = at(kDepthRangeTail);
  return {near_depth, std::max(near_depth, at(1.f - kDepthRangeTail))};
}

DepthRange finish_depth_view(Image& image, const float* background, std::vector<float>& depths,
                             std::vector<float>& scratch) {
  const DepthRange range = depth_range(image, scratch);
  depths.assign(image.alpha.size(), 0.f);
  // A flat scene (far == near) shows the middle of the map.
  const float span = range.far_depth - range.near_depth;
  for_each_pixel(image.alpha.size(), [&](std::size_t p) {
    float* rgb = image.rgb.data() + 3 * p;
    const float coverage = image.alpha[p];
    if (!(coverage >= kDepthMinCoverage)) {
      std::copy(background, background + 3, rgb);
      image.alpha[p] = 0.f;
      return;
    }
    const float depth = splat::expected_depth(rgb[0], rgb[1]);
    depths[p] = depth;
    const float t = span > 0.f ? (range.far_depth - depth) / span : 0.5f;
    const splat::Vec3 color = splat::turbo_color(t);
    rgb[0] = coverage * color.x + (1.f - coverage) * background[0];
    rgb[1] = coverage * color.y + (1.f - coverage) * background[1];
    rgb[2] = coverage * color.z + (1.f - coverage) * background[2];
  });
  return range;
}

void finish_alpha_view(Image& image) {
  for_each_pixel(image.alpha.size(), [&](std::size_t p) {
    std::fill_n(image.rgb.begin() + static_cast<std::ptrdiff_t>(3 * p), 3, image.alpha[p]);
    image.alpha[p] = 1.f;
  });
}

void draw_centres(Image& image, const float* background, const cpu_kernels::TileSplat* splats,
                  const std::uint32_t* order, std::size_t count) {
  for_each_band(image, [&](Band& band) {
    fill_background(band, background);
    for (std::size_t k = count; k-- > 0;) {
      const cpu_kernels::TileSplat& s = splats[order[k]];
      if (!reaches(band, s.mean.y - 2.f, s.mean.y + 2.f)) continue;
      const int x = nearest_pixel(s.mean.x), y = nearest_pixel(s.mean.y);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) plot(band, x + dx, y + dy, s.color);
    }
  });
}

void draw_ellipses(Image& image, const float* background, const cpu_kernels::TileSplat* splats,
                   const std::uint32_t* order, std::size_t count) {
  constexpr float kTwoPi = 6.283185307f;
  for_each_band(image, [&](Band& band) {
    fill_background(band, background);
    for (std::size_t k = count; k-- > 0;) {
      const cpu_kernels::TileSplat& s = splats[order[k]];
      const float radius = splat::ellipse_major_radius(s.conic, kEllipseLevel);
      if (!(radius > 0.f)) continue;
      // Wholly outside the band (or the image's columns): nothing to draw.
      if (!reaches(band, s.mean.y - radius - 1.f, s.mean.y + radius + 1.f) || s.mean.x + radius < -1.f ||
          s.mean.x - radius > static_cast<float>(image.width))
        continue;
      // Chords about 2 pixels long, so the outline looks round at any size.
      const int segments = std::clamp(static_cast<int>(std::ceil(kTwoPi * radius / 2.f)), 8, 512);
      splat::Vec2 previous = splat::ellipse_offset(s.conic, kEllipseLevel, 0.f);
      for (int j = 1; j <= segments; ++j) {
        const splat::Vec2 next =
            splat::ellipse_offset(s.conic, kEllipseLevel, kTwoPi * static_cast<float>(j) / static_cast<float>(segments));
        draw_line(band, {s.mean.x + previous.x, s.mean.y + previous.y}, {s.mean.x + next.x, s.mean.y + next.y}, s.color);
        previous = next;
      }
    }
  });
}

}  // namespace splatview
