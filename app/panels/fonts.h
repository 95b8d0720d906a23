#pragma once
// The panels' fonts: DejaVu Sans (Debian's fonts-dejavu-core), found at run time and rasterised at the
// requested size times the display's scale, so text stays sharp on HiDPI screens. Without it, Dear
// ImGui's built-in font is used at the same size.
#include <filesystem>
#include <string>
#include <vector>

#include <imgui.h>

namespace splatview {

inline constexpr const char* kDejaVuFolder = "/usr/share/fonts/truetype/dejavu";
// For what DejaVu lacks (CJK names and titles): WenQuanYi Micro Hei (fonts-wqy-microhei).
inline constexpr const char* kFallbackFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
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
//
// `extra_glyphs` (ImGui glyph ranges, zero-terminated, kept alive until the atlas is built; may be
// null): characters the text needs beyond DejaVu's ranges, merged into every font from the fallback
// font, so the atlas holds only the CJK glyphs a profile actually uses.
PanelFonts load_panel_fonts(ImFontAtlas& atlas, float size_pixels, float dpi_scale,
                            const std::filesystem::path& folder = kDejaVuFolder,
                            const ImWchar* extra_glyphs = nullptr,
                            const std::filesystem::path& fallback = kFallbackFont);

// The glyph ranges (zero-terminated) of the characters in `text` that the panel's DejaVu ranges do
// not cover; empty when there are none.
std::vector<ImWchar> glyphs_beyond_panel_fonts(const std::string& text);

}  // namespace splatview
