#pragma once
// Text drawn into exported frames (comparison labels): DejaVu Sans Bold (fonts-dejavu-core),
// rasterised with stb_truetype, white with a dark outline so it reads on any background.
#include <string>

#include "core/image.h"

namespace splatview {

enum class LabelAnchor { kTopLeft, kTopRight };

// Draws UTF-8 `text` in a top corner of `image`, its height a fixed fraction of the image's.
// False (and nothing drawn) when the font is not installed or the text is empty.
bool draw_label(Image8& image, const std::string& text, LabelAnchor anchor);

// The font file used, for messages.
const char* label_font_path();

}  // namespace splatview
