#include "app/panels/fonts.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

namespace splatview {
namespace {

constexpr std::uintmax_t kMaxFontBytes = 32u << 20;  // DejaVu Sans is under 1 MiB

// What the panel's text needs beyond ASCII: Latin-1 and Latin Extended-A (names), Greek, general
// punctuation (– — ’ “ ” • … † ‡), superscripts (¹ ⁴), arrows and geometric shapes (◊). Must outlive
// the atlas build, hence static.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x017F,  // Basic Latin, Latin-1 Supplement, Latin Extended-A
    0x0370, 0x03FF,  // Greek
    0x2000, 0x206F,  // General Punctuation
    0x2070, 0x209F,  // Superscripts and Subscripts
    0x2190, 0x21FF,  // Arrows
    0x25A0, 0x25FF,  // Geometric Shapes
    0,
};

// The file's bytes in memory that ImGui owns (it frees them with the atlas); nullptr when the file is
// missing, too large or not a TrueType/OpenType font.
void* read_font(const std::filesystem::path& path, int& size) {
  std::error_code error;
  const auto bytes = std::filesystem::file_size(path, error);
  if (error || bytes < 12 || bytes > kMaxFontBytes) return nullptr;
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::string data(static_cast<std::size_t>(bytes), '\0');
  if (!in.read(data.data(), static_cast<std::streamsize>(data.size()))) return nullptr;
  // stb_truetype trusts its input: accept only the TrueType (0x00010000, "true") and OpenType ("OTTO")
  // signatures that it reads.
  const bool font = data.compare(0, 4, std::string("\0\1\0\0", 4)) == 0 || data.compare(0, 4, "true") == 0 ||
                    data.compare(0, 4, "OTTO") == 0 || data.compare(0, 4, "ttcf") == 0;  // ttcf: a collection
  if (!font) return nullptr;
  void* owned = ImGui::MemAlloc(data.size());
  std::memcpy(owned, data.data(), data.size());
  size = static_cast<int>(data.size());
  return owned;
}

ImFont* add_font(ImFontAtlas& atlas, const std::filesystem::path& path, float pixels) {
  int size = 0;
  void* data = read_font(path, size);
  if (data == nullptr) return nullptr;
  ImFontConfig config;
  config.FontDataOwnedByAtlas = true;
  std::snprintf(config.Name, sizeof config.Name, "%s, %.0fpx", path.filename().string().c_str(), pixels);
  return atlas.AddFontFromMemoryTTF(data, size, pixels, &config, kGlyphRanges);
}

// Merges the fallback font's `ranges` into the font added last (ImGui's MergeMode).
void merge_fallback(ImFontAtlas& atlas, const std::filesystem::path& path, float pixels, const ImWchar* ranges) {
  if (ranges == nullptr || ranges[0] == 0) return;
  int size = 0;
  void* data = read_font(path, size);
  if (data == nullptr) return;
  ImFontConfig config;
  config.FontDataOwnedByAtlas = true;
  config.MergeMode = true;
  std::snprintf(config.Name, sizeof config.Name, "%s, %.0fpx", path.filename().string().c_str(), pixels);
  atlas.AddFontFromMemoryTTF(data, size, pixels, &config, ranges);
}

bool covered(unsigned code) {
  for (const ImWchar* r = kGlyphRanges; r[0] != 0; r += 2)
    if (code >= r[0] && code <= r[1]) return true;
  return false;
}

ImFont* add_builtin_font(ImFontAtlas& atlas, float pixels) {
  ImFontConfig config;
  config.SizePixels = pixels;
  return atlas.AddFontDefault(&config);
}

}  // namespace

std::vector<ImWchar> glyphs_beyond_panel_fonts(const std::string& text) {
  ImFontGlyphRangesBuilder builder;
  for (const char* p = text.data(), *end = text.data() + text.size(); p < end;) {
    unsigned int code = 0;
    const int length = ImTextCharFromUtf8(&code, p, end);
    if (length <= 0) break;
    p += length;
    if (code > 0x7F && code <= 0xFFFF && !covered(code)) builder.AddChar(static_cast<ImWchar>(code));
  }
  ImVector<ImWchar> ranges;
  builder.BuildRanges(&ranges);
  if (ranges.Size <= 1) return {};
  return std::vector<ImWchar>(ranges.begin(), ranges.end());
}

PanelFonts load_panel_fonts(ImFontAtlas& atlas, float size_pixels, float dpi_scale,
                            const std::filesystem::path& folder, const ImWchar* extra_glyphs,
                            const std::filesystem::path& fallback) {
  if (!(dpi_scale > 0.0f)) dpi_scale = 1.0f;  // also catches NaN
  if (!(size_pixels > 0.0f)) size_pixels = kPanelFontPixels;
  const float pixels = std::clamp(size_pixels * std::clamp(dpi_scale, 0.5f, 4.0f), 6.0f, 96.0f);
  const float heading_pixels = std::round(pixels * 1.5f);

  PanelFonts fonts;
  fonts.regular = add_font(atlas, folder / "DejaVuSans.ttf", pixels);
  if (fonts.regular == nullptr) {
    fonts.regular = add_builtin_font(atlas, pixels);
    fonts.bold = fonts.italic = fonts.regular;
    fonts.heading = add_builtin_font(atlas, heading_pixels);
    return fonts;
  }
  fonts.system_font = true;
  merge_fallback(atlas, fallback, pixels, extra_glyphs);
  fonts.bold = add_font(atlas, folder / "DejaVuSans-Bold.ttf", pixels);
  if (fonts.bold) merge_fallback(atlas, fallback, pixels, extra_glyphs);
  fonts.italic = add_font(atlas, folder / "DejaVuSans-Oblique.ttf", pixels);
  if (fonts.italic) merge_fallback(atlas, fallback, pixels, extra_glyphs);
  fonts.heading = fonts.bold ? add_font(atlas, folder / "DejaVuSans-Bold.ttf", heading_pixels) : nullptr;
  if (fonts.heading) merge_fallback(atlas, fallback, heading_pixels, extra_glyphs);
  if (fonts.bold == nullptr) fonts.bold = fonts.regular;
  if (fonts.italic == nullptr) fonts.italic = fonts.regular;
  if (fonts.heading == nullptr) fonts.heading = add_font(atlas, folder / "DejaVuSans.ttf", heading_pixels);
  if (fonts.heading == nullptr) fonts.heading = fonts.bold;
  return fonts;
}

}  // namespace splatview
