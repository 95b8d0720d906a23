#pragma once
// Small Dear ImGui building blocks of the panels: wrapped text that never treats profile text as a format
// string or label, a left-to-right flow that wraps, rounded link buttons and badges, "Show more" paging
// and the skipping of entries scrolled out of view.
#include <cstddef>
#include <string_view>

#include <imgui.h>

#include "app/panels/profile_panel.h"

namespace splatview::widgets {

// Where text wraps: the window's content edge less `right_margin` (a card's padding), and what the
// panel remembers between frames.
struct Layout {
  ProfilePanelState& state;
  float right_margin = 0.0f;

  float wrap_local_x() const { return ImGui::GetContentRegionMax().x - right_margin; }  // window-local
  float right_edge() const { return ImGui::GetWindowPos().x + wrap_local_x(); }         // screen space
  float available_width() const;  // from the cursor to the right edge, at least 1
};

// Push a font (none when null) or a style colour for the scope's lifetime.
class FontScope {
 public:
  explicit FontScope(ImFont* font) : pushed_(font != nullptr) {
    if (pushed_) ImGui::PushFont(font);
  }
  ~FontScope() {
    if (pushed_) ImGui::PopFont();
  }
  FontScope(const FontScope&) = delete;
  FontScope& operator=(const FontScope&) = delete;

 private:
  bool pushed_;
};

class ColorScope {
 public:
  ColorScope(ImGuiCol which, ImU32 color) { ImGui::PushStyleColor(which, color); }
  ~ColorScope() { ImGui::PopStyleColor(); }
  ColorScope(const ColorScope&) = delete;
  ColorScope& operator=(const ColorScope&) = delete;
};

ImU32 color(ImGuiCol which, float alpha = 1.0f);  // the style's colour
ImU32 dim_color();                                 // secondary text
ImU32 accent_color();                              // highlights: the profile's own name, the quote bar

// Text is never passed as a format string or a label: profile text may hold '%' or "##".
void text(std::string_view value);
void wrapped(const Layout& layout, std::string_view value);
void wrapped(const Layout& layout, std::string_view value, ImU32 text_color);
ImVec2 text_size(std::string_view value, float wrap_width = -1.0f);

// Places items left to right, starting a new line when the next one would not fit.
class Flow {
 public:
  explicit Flow(const Layout& layout, float spacing = -1.0f)
      : right_(layout.right_edge()), spacing_(spacing < 0.0f ? ImGui::GetStyle().ItemSpacing.x : spacing) {}

  void before(float width) {
    if (!first_ && last_right_ + spacing_ + width <= right_) ImGui::SameLine(0.0f, spacing_);
    first_ = false;
  }
  void after() { last_right_ = ImGui::GetItemRectMax().x; }

 private:
  float right_;
  float spacing_;
  float last_right_ = 0.0f;
  bool first_ = true;
};

// How many entries of the list named `id` (in the current ID scope) are drawn.
std::size_t& shown(const Layout& layout, const char* id, std::size_t first_page = kPanelPageSize);

// A "Show N more" button under a list that is not drawn in full; each click adds `step` entries.
void show_more(const Layout& layout, const char* id, std::size_t total, std::size_t step,
               std::size_t first_page = kPanelPageSize);

// Draws one entry with `draw`, or, when it was measured at this width and lies outside the visible area,
// reserves its height instead (wrapped text is measured in full even when clipped, which adds up over
// thousands of entries).
template <class Draw>
void entry(const Layout& layout, const char* id, Draw&& draw) {
  const ImGuiID key = ImGui::GetID(id);
  const float width = layout.available_width();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const auto known = layout.state.measured.find(key);
  if (known != layout.state.measured.end() && known->second.x == width &&
      !ImGui::IsRectVisible(start, ImVec2(start.x + width, start.y + known->second.y))) {
    ImGui::Dummy(ImVec2(width, known->second.y));
    return;
  }
  ImGui::BeginGroup();
  draw();
  ImGui::EndGroup();
  layout.state.measured[key] = ImVec2(width, ImGui::GetItemRectSize().y);
}

// A rounded button showing `label` (clipped to the line), with `tooltip` on hover. A disabled one is
// drawn dimmed and never reports a click.
bool pill(const Layout& layout, Flow& flow, std::string_view label, std::string_view tooltip, bool enabled);

// A rounded label that wraps inside itself when it is longer than the line (the venue of a paper).
void badge(const Layout& layout, std::string_view label);

// A collapsing header whose label is shown as written (no "##" meaning), open at first.
bool section_header(const char* id, std::string_view label);

}  // namespace splatview::widgets
