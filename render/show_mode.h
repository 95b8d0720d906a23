#pragma once
// What a frame shows (--show, the window's Show combo): the scene's colours, or one of the views
// for inspecting a scene. Every view draws only the Gaussians the renderer's preprocess finds
// visible, from the 2D data it projects (render/inspect_views.h draws them on the CPU).
#include <optional>
#include <string_view>

namespace splatview {

enum class ShowMode : unsigned char {
  kColor,     // the rendered image
  kDepth,     // alpha-weighted expected depth through the Turbo map, near red, far blue
  kAlpha,     // accumulated alpha (1 - T) as grey
  kCentres,   // each visible Gaussian's projected centre as a 3x3 point in its colour
  kEllipses,  // each visible Gaussian's 1-sigma ellipse outline in its colour
};

inline constexpr ShowMode kShowModes[] = {ShowMode::kColor, ShowMode::kDepth, ShowMode::kAlpha, ShowMode::kCentres,
                                          ShowMode::kEllipses};

// "color", "depth", "alpha", "centres", "ellipses": the names --show takes and the panels show.
constexpr const char* show_mode_name(ShowMode mode) {
  switch (mode) {
    case ShowMode::kDepth: return "depth";
    case ShowMode::kAlpha: return "alpha";
    case ShowMode::kCentres: return "centres";
    case ShowMode::kEllipses: return "ellipses";
    case ShowMode::kColor: break;
  }
  return "color";
}

// The mode a name gives ("colour" and "centers" too); nothing for any other text.
constexpr std::optional<ShowMode> parse_show_mode(std::string_view name) {
  if (name == "colour") return ShowMode::kColor;
  if (name == "centers") return ShowMode::kCentres;
  for (ShowMode mode : kShowModes)
    if (name == show_mode_name(mode)) return mode;
  return std::nullopt;
}

// Whether the mode's picture comes from front-to-back blending (colour, depth, alpha) rather than
// from drawing the projected splats one by one.
constexpr bool show_mode_blends(ShowMode mode) {
  return mode == ShowMode::kColor || mode == ShowMode::kDepth || mode == ShowMode::kAlpha;
}

}  // namespace splatview
