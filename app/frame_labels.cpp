#include "app/frame_labels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <vector>

#include <stb_truetype.h>

namespace splatview {

namespace {

constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
constexpr float kTextHeightFraction = 1.0f / 20.0f;  // readable on a slide, small beside the scene
constexpr std::uintmax_t kMaxFontBytes = 32u << 20;

struct LabelFont {
  std::vector<unsigned char> bytes;
  stbtt_fontinfo info{};
};

// Loaded once and read-only afterwards.
const LabelFont* label_font() {
  static const std::optional<LabelFont> font = []() -> std::optional<LabelFont> {
    std::error_code error;
    const auto size = std::filesystem::file_size(kFontPath, error);
    if (error || size > kMaxFontBytes) return std::nullopt;
    std::ifstream in(kFontPath, std::ios::binary);
    LabelFont loaded;
    loaded.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (loaded.bytes.size() != size ||
        !stbtt_InitFont(&loaded.info, loaded.bytes.data(), stbtt_GetFontOffsetForIndex(loaded.bytes.data(), 0)))
      return std::nullopt;
    return loaded;
  }();
  return font ? &*font : nullptr;
}

// UTF-8 to code points; a malformed byte becomes U+FFFD.
std::vector<int> code_points(const std::string& text) {
  std::vector<int> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const int length = byte < 0x80 ? 1 : (byte >> 5) == 6 ? 2 : (byte >> 4) == 14 ? 3 : (byte >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    int cp = length == 1 ? byte : byte & (0x7F >> length);
    bool ok = true;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      ok = ok && (next >> 6) == 2;
      cp = (cp << 6) | (next & 0x3F);
    }
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? length : 1;
  }
  return out;
}

// Coverage of the text (0..255), `width` x `height`, baseline at `ascent`.
struct Coverage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> alpha;
};

Coverage rasterise(const LabelFont& font, const std::vector<int>& text, float pixels, int max_width) {
  const float scale = stbtt_ScaleForPixelHeight(&font.info, pixels);
  int ascent = 0, descent = 0, gap = 0;
  stbtt_GetFontVMetrics(&font.info, &ascent, &descent, &gap);
  const int baseline = static_cast<int>(std::ceil(ascent * scale));
  // Each glyph's pen position, then the width they need.
  std::vector<float> pen(text.size() + 1, 0.0f);
  for (std::size_t i = 0; i < text.size(); ++i) {
    int advance = 0, bearing = 0;
    stbtt_GetCodepointHMetrics(&font.info, text[i], &advance, &bearing);
    const int kern = i + 1 < text.size() ? stbtt_GetCodepointKernAdvance(&font.info, text[i], text[i + 1]) : 0;
    pen[i + 1] = pen[i] + (advance + kern) * scale;
  }
  Coverage out;
  out.height = baseline + static_cast<int>(std::ceil(-descent * scale));
  out.width = std::min(max_width, static_cast<int>(std::ceil(pen.back())) + 1);
  out.alpha.assign(static_cast<std::size_t>(out.width) * out.height, 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    stbtt_GetCodepointBitmapBox(&font.info, text[i], scale, scale, &x0, &y0, &x1, &y1);
    const int gw = x1 - x0, gh = y1 - y0;
    if (gw <= 0 || gh <= 0) continue;
    std::vector<std::uint8_t> glyph(static_cast<std::size_t>(gw) * gh);
    stbtt_MakeCodepointBitmap(&font.info, glyph.data(), gw, gh, gw, scale, scale, text[i]);
    const int left = static_cast<int>(std::lround(pen[i])) + x0, top = baseline + y0;
    for (int y = 0; y < gh; ++y)
      for (int x = 0; x < gw; ++x) {
        const int ox = left + x, oy = top + y;
        if (ox < 0 || oy < 0 || ox >= out.width || oy >= out.height) continue;  // cut at max_width
        auto& a = out.alpha[static_cast<std::size_t>(oy) * out.width + ox];
        a = std::max(a, glyph[static_cast<std::size_t>(y) * gw + x]);
      }
  }
  return out;
}

// The coverage grown by `radius` pixels (a square dilation): the outline under the text.
std::vector<std::uint8_t> dilate(const Coverage& c, int radius) {
  std::vector<std::uint8_t> out(c.alpha.size(), 0);
  for (int y = 0; y < c.height; ++y)
    for (int x = 0; x < c.width; ++x) {
      std::uint8_t best = 0;
      for (int dy = -radius; dy <= radius; ++dy)
        for (int dx = -radius; dx <= radius; ++dx) {
          const int sx = x + dx, sy = y + dy;
          if (sx >= 0 && sy >= 0 && sx < c.width && sy < c.height)
            best = std::max(best, c.alpha[static_cast<std::size_t>(sy) * c.width + sx]);
        }
      out[static_cast<std::size_t>(y) * c.width + x] = best;
    }
  return out;
}

// Blends `value` into channel p[k] with coverage a (0..255).
void blend(std::uint8_t* p, int channels, std::uint8_t value, int a) {
  for (int k = 0; k < 3; ++k) p[k] = static_cast<std::uint8_t>((p[k] * (255 - a) + value * a + 127) / 255);
  if (channels == 4) p[3] = static_cast<std::uint8_t>(std::max<int>(p[3], a));
}

}  // namespace

const char* label_font_path() { return kFontPath; }

bool draw_label(Image8& image, const std::string& text, LabelAnchor anchor) {
  const LabelFont* font = label_font();
  if (!font || text.empty() || image.width < 8 || image.height < 8) return false;
  const float pixels = std::max(10.0f, image.height * kTextHeightFraction);
  const int margin = static_cast<int>(pixels * 0.6f);
  const int radius = std::max(1, static_cast<int>(pixels / 12.0f));
  // Room for the outline inside the rasterised box.
  Coverage text_coverage = rasterise(*font, code_points(text), pixels, std::max(1, image.width - 2 * margin));
  Coverage padded;
  padded.width = text_coverage.width + 2 * radius;
  padded.height = text_coverage.height + 2 * radius;
  padded.alpha.assign(static_cast<std::size_t>(padded.width) * padded.height, 0);
  for (int y = 0; y < text_coverage.height; ++y)
    std::copy_n(&text_coverage.alpha[static_cast<std::size_t>(y) * text_coverage.width], text_coverage.width,
                &padded.alpha[static_cast<std::size_t>(y + radius) * padded.width + radius]);
  const std::vector<std::uint8_t> outline = dilate(padded, radius);

  const int left = anchor == LabelAnchor::kTopLeft ? margin - radius : image.width - margin - padded.width + radius;
  const int top = margin - radius;
  for (int y = 0; y < padded.height; ++y)
    for (int x = 0; x < padded.width; ++x) {
      const int ix = left + x, iy = top + y;
      if (ix < 0 || iy < 0 || ix >= image.width || iy >= image.height) continue;
      std::uint8_t* p = image.pixels.data() + (static_cast<std::size_t>(iy) * image.width + ix) * image.channels;
      const std::size_t i = static_cast<std::size_t>(y) * padded.width + x;
      blend(p, image.channels, 20, outline[i] * 220 / 255);
      blend(p, image.channels, 255, padded.alpha[i]);
    }
  return true;
}

}  // namespace splatview
