#include "app/panels/panel_widgets.h"

#include <algorithm>
#include <cstdio>

namespace splatview::widgets {

ImU32 color(ImGuiCol which, float alpha) { return ImGui::GetColorU32(which, alpha); }
ImU32 dim_color() { return color(ImGuiCol_TextDisabled); }
ImU32 accent_color() { return color(ImGuiCol_CheckMark); }

float Layout::available_width() const { return std::max(1.0f, right_edge() - ImGui::GetCursorScreenPos().x); }

void text(std::string_view value) { ImGui::TextUnformatted(value.data(), value.data() + value.size()); }

void wrapped(const Layout& layout, std::string_view value) {
  ImGui::PushTextWrapPos(layout.wrap_local_x());
  text(value);
  ImGui::PopTextWrapPos();
}

void wrapped(const Layout& layout, std::string_view value, ImU32 text_color) {
  ColorScope scope(ImGuiCol_Text, text_color);
  wrapped(layout, value);
}

ImVec2 text_size(std::string_view value, float wrap_width) {
  return ImGui::CalcTextSize(value.data(), value.data() + value.size(), false, wrap_width);
}

std::size_t& shown(const Layout& layout, const char* id, std::size_t first_page) {
  return layout.state.shown.try_emplace(ImGui::GetID(id), first_page).first->second;
}

void show_more(const Layout& layout, const char* id, std::size_t total, std::size_t step,
               std::size_t first_page) {
  std::size_t& count = shown(layout, id, first_page);
  if (total <= count) return;
  char label[128];
  std::snprintf(label, sizeof label, "Show %zu more (%zu of %zu shown)###%s", std::min(step, total - count), count,
                total, id);
  if (ImGui::SmallButton(label)) count += step;
}

bool pill(const Layout& layout, Flow& flow, std::string_view label, std::string_view tooltip, bool enabled) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 padding(style.FramePadding.x, std::max(1.0f, style.FramePadding.y * 0.6f));
  const ImVec2 label_size = text_size(label);
  ImVec2 size(std::max(ImGui::GetFontSize(), label_size.x + 2.0f * padding.x),
              ImGui::GetFontSize() + 2.0f * padding.y);
  flow.before(size.x);
  size.x = std::min(size.x, std::max(ImGui::GetFontSize(), layout.available_width()));  // a long label is clipped
  const bool pressed = ImGui::InvisibleButton("##pill", size);
  flow.after();
  if (!ImGui::IsItemVisible()) return false;

  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImGuiCol background = !enabled ? ImGuiCol_FrameBg
                              : ImGui::IsItemActive() ? ImGuiCol_ButtonActive
                              : hovered ? ImGuiCol_ButtonHovered
                                        : ImGuiCol_Button;
  draw->AddRectFilled(min, max, color(background), size.y * 0.5f);
  const ImVec4 clip(min.x + padding.x, min.y, max.x - padding.x, max.y);
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + padding.x, min.y + padding.y),
                enabled ? color(ImGuiCol_Text) : dim_color(), label.data(), label.data() + label.size(), 0.0f, &clip);
  if (hovered && !tooltip.empty()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0f);
    text(tooltip);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  return pressed && enabled;
}

void badge(const Layout& layout, std::string_view label) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 padding(style.FramePadding.x, std::max(1.0f, style.FramePadding.y * 0.5f));
  const float wrap_width = std::max(ImGui::GetFontSize(), layout.available_width() - 2.0f * padding.x);
  const ImVec2 label_size = text_size(label, wrap_width);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 size(label_size.x + 2.0f * padding.x, label_size.y + 2.0f * padding.y);
  ImGui::Dummy(size);
  if (!ImGui::IsItemVisible()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, ImVec2(min.x + size.x, min.y + size.y), color(ImGuiCol_Header),
                      ImGui::GetFontSize() * 0.3f);
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + padding.x, min.y + padding.y),
                color(ImGuiCol_Text), label.data(), label.data() + label.size(), wrap_width);
}

bool section_header(const char* id, std::string_view label) {
  const int length = static_cast<int>(std::min<std::size_t>(label.size(), 1000));
  return ImGui::TreeNodeEx(id, ImGuiTreeNodeFlags_CollapsingHeader | ImGuiTreeNodeFlags_DefaultOpen, "%.*s", length,
                           label.data());
}

}  // namespace splatview::widgets
