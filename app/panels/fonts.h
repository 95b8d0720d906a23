#pragma once
// The panels' fonts: DejaVu Sans (Debian's fonts-dejavu-core), found at run time and rasterised at the
// requested size times the display's scale, so text stays sharp on HiDPI screens. Without it, Dear
// ImGui's built-in font is used at the same size.
#include <filesystem>

#include <imgui.h>

namespace splatview {

inline constexpr const char* kDejaVuFolder = "/usr/share/fonts/truetype/dejavu";
inline constexpr float kPanelFontPixels = 16.0f;  // comfortable body text at a scale of 1

struct PanelFonts {
  ImFont* regular = nullptr;  // body text
  ImFont* bold = nullptr;     // titles, the profile's own name in author lists
  ImFont* italic = nullptr;   // the quote
  ImFont* heading = nullptr;  // the profile's name, larger
  bool system_font = false;   // true when DejaVu was found; false means ImGui's built-in font
};

// Adds the fonts to `atlas` (before it is built: the renderer backend builds it on its first frame, or
// call atlas.Build()). `regular` is added first, so it becomes the default font of an empty atlas;
// otherwise set io.FontDefault to it. `dpi_scale` is the window's content scale (1 on a standard display,
// 2 on most HiDPI ones); sizes are clamped to sensible ranges. Where the framebuffer is larger than the
// window (macOS, some Wayland setups) also set io.FontGlobalScale = 1 / dpi_scale, so the sharper glyphs
// are shown at the intended size. Every returned font is non-null.
PanelFonts load_panel_fonts(ImFontAtlas& atlas, float size_pixels, float dpi_scale,
                            const std::filesystem::path& folder = kDejaVuFolder);

}  // namespace splatview
