#include "app/window/camera_panel.h"

#include <imgui.h>

#include <algorithm>

namespace splatview {

namespace {

void hint(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void navigation_mode(ViewerState& state, const CameraActions& actions) {
  int mode = state.fly_mode ? 1 : 0;
  const bool orbit = ImGui::RadioButton("Orbit", &mode, 0);
  ImGui::SameLine();
  const bool fly = ImGui::RadioButton("Fly (V)", &mode, 1);
  if ((orbit || fly) && (mode == 1) != state.fly_mode) actions.toggle_fly_mode();
  if (state.fly_mode)
    hint("W/S: forward, back. A/D: left, right. Q/E: down, up. Shift: faster. Left drag: look around. "
         "Wheel: step forward or back. V, R, F or 1-6: back to the orbit.");
  else
    hint("V: fly through the scene from this view.");
}

void training_views(ViewerState& state) {
  TrainingCameraList& list = state.training_cameras;
  ImGui::Separator();
  if (list.empty()) {
    hint("Training views: no cameras.json beside the scene (or beside its point_cloud folder).");
    return;
  }
  ImGui::Text("Training views (%zu)", list.cameras().size());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", list.file().string().c_str());
  if (ImGui::Button("Previous (PgUp)")) show_training_camera(state, list.step(-1));
  ImGui::SameLine();
  if (ImGui::Button("Next (PgDn)")) show_training_camera(state, list.step(+1));
  // A list of its own that scrolls, so thousands of views do not stretch the panel.
  const float rows = std::min<float>(8.0f, static_cast<float>(list.cameras().size()));
  const float row = ImGui::GetTextLineHeightWithSpacing();
  if (ImGui::BeginChild("training-views", ImVec2(0, rows * row + 8), true)) {
    // A view chosen by PageUp/PageDown is scrolled into sight.
    static int shown_selection = -1;
    if (list.selected() != shown_selection && list.selected() >= 0) {
      const float top = static_cast<float>(list.selected()) * row;
      if (top < ImGui::GetScrollY() || top + row > ImGui::GetScrollY() + ImGui::GetWindowHeight() - 8)
        ImGui::SetScrollY(top - 0.5f * (ImGui::GetWindowHeight() - row));
    }
    shown_selection = list.selected();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(list.cameras().size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const std::string label = TrainingCameraList::label(list.cameras()[i]) + "##view" + std::to_string(i);
        if (ImGui::Selectable(label.c_str(), list.selected() == i)) show_training_camera(state, i);
      }
  }
  ImGui::EndChild();
  hint("The view keeps the scene's up axis; the size and aspect are the window's.");
}

}  // namespace

void camera_tab(ViewerState& state, const CameraActions& actions) {
  navigation_mode(state, actions);
  training_views(state);
}

}  // namespace splatview
