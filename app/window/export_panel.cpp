#include "app/window/export_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/camera.h"

namespace splatview {

namespace {

constexpr int kPngFolder = 2;  // export_format: only PNG frames (and screenshots) can be transparent

void size_settings(ViewerState& state) {
  const float field = ImGui::CalcTextSize("00000").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetNextItemWidth(field);
  ImGui::InputInt("##width", &state.export_width, 0);
  ImGui::SameLine(0, 4);
  ImGui::TextUnformatted("x");
  ImGui::SameLine(0, 4);
  ImGui::SetNextItemWidth(field);
  ImGui::InputInt("##height", &state.export_height, 0);
  // The same limit as --size.
  state.export_width = std::clamp(state.export_width, 16, kMaxImageSide);
  state.export_height = std::clamp(state.export_height, 16, kMaxImageSide);
  static constexpr struct {
    const char* label;
    int width, height;
  } kSizes[] = {{"1080p", 1920, 1080}, {"4K", 3840, 2160}, {"8K", 7680, 4320}};
  for (const auto& size : kSizes) {
    ImGui::SameLine();
    if (ImGui::SmallButton(size.label)) {
      state.export_width = size.width;
      state.export_height = size.height;
    }
  }
}

void background_settings(ViewerState& state) {
  ImGui::RadioButton("View's background", &state.export_background, 0);
  ImGui::SameLine();
  ImGui::RadioButton("##colour", &state.export_background, 1);
  ImGui::SameLine(0, 2);
  if (ImGui::ColorEdit3("Colour", state.export_colour, ImGuiColorEditFlags_NoInputs)) state.export_background = 1;
  ImGui::RadioButton("Transparent (PNG screenshot or frames)", &state.export_background, 2);
}

void turntable_settings(ViewerState& state) {
  static const char* kFormats[] = {"MP4 (H.264)", "GIF", "PNG frames"};
  static const char* kDefaultNames[] = {"turntable.mp4", "turntable.gif", "turntable-frames"};
  if (ImGui::Combo("Format", &state.export_format, kFormats, 3)) state.export_path = kDefaultNames[state.export_format];
  char path[1024];
  std::snprintf(path, sizeof path, "%s", state.export_path.c_str());
  if (ImGui::InputText("Output", path, sizeof path)) state.export_path = path;
  const float field = ImGui::CalcTextSize("000000").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetNextItemWidth(field);
  ImGui::InputFloat("seconds at", &state.export_seconds, 0, 0, "%g");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::InputInt("fps", &state.export_fps, 0);
  state.export_seconds = std::clamp(state.export_seconds, 0.1f, 3600.0f);  // --seconds's range, within reason
  state.export_fps = std::clamp(state.export_fps, 1, 240);
  ImGui::SetNextItemWidth(field);
  ImGui::InputInt("turns", &state.export_turns, 0);
  state.export_turns = std::clamp(state.export_turns, 1, 1000);
  ImGui::SameLine();
  ImGui::Checkbox("Clockwise", &state.export_clockwise);
  const int frames = turntable_frames(state.export_seconds, state.export_fps);
  ImGui::TextDisabled("%d frames, %.3g deg/s", frames, 360.0 * state.export_turns / state.export_seconds);
  ImGui::Checkbox("Elevation of this view", &state.export_view_elevation);
  if (!state.export_view_elevation) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::SliderFloat("##elevation", &state.export_elevation, -89.0f, 89.0f, "Elevation %.0f deg");
  }
}

}  // namespace

FrameLook export_look(const ViewerState& state) {
  FrameLook look;
  look.settings = state.settings;
  look.comparison = state.comparison;
  look.transparent = state.export_background == 2;
  if (state.export_background == 1) std::copy(state.export_colour, state.export_colour + 3, look.settings.background);
  return look;
}

void export_tab(ViewerState& state, const ExportActions& actions) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Size");
  ImGui::SameLine();
  size_settings(state);
  background_settings(state);
  char label[64];
  std::snprintf(label, sizeof label, "Screenshot at %dx%d", state.export_width, state.export_height);
  if (ImGui::Button(label)) actions.export_screenshot();
  ImGui::SameLine();
  if (ImGui::Button("View's size (S)")) actions.take_screenshot();
  if (ImGui::Button("Copy as command line")) actions.copy_command_line();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The view as a splatview command with --eye, --target, --up, --fovy and this size,\n"
                      "to render it headless (e.g. at 4K on another machine)");

  ImGui::Separator();
  ImGui::TextUnformatted("Turntable");
  turntable_settings(state);
  ExportTask* task = state.export_task.get();
  if (task && !task->finished) {
    const float fraction = task->total > 0 ? static_cast<float>(task->done) / task->total : 0.0f;
    std::snprintf(label, sizeof label, "%d / %d frames", task->done.load(), task->total);
    ImGui::ProgressBar(fraction, ImVec2(-1, 0), label);
    if (ImGui::Button("Cancel")) task->cancel = true;
  } else if (ImGui::Button("Export turntable")) {
    actions.start_turntable();
  }
  if (task && task->finished) ImGui::TextWrapped("%s", task->result.c_str());
  if (state.export_background == 2 && state.export_format != kPngFolder)
    ImGui::TextDisabled("A transparent turntable needs PNG frames.");
}

}  // namespace splatview
