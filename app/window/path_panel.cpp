#include "app/window/path_panel.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include <glm/geometric.hpp>

#include "app/window/view_projection.h"

namespace splatview {

namespace {

constexpr int kLineSamples = 240;   // points along the drawn path

void keyframe_list(ViewerState& state) {
  PathEditor& editor = state.path_editor;
  const auto& keys = editor.path().keys;
  const auto* sampler = editor.sampler() ? &*editor.sampler() : nullptr;
  if (ImGui::BeginListBox("##keyframes", ImVec2(-FLT_MIN, 6 * ImGui::GetTextLineHeightWithSpacing()))) {
    for (int i = 0; i < static_cast<int>(keys.size()); ++i) {
      char label[96];
      const double t = sampler ? sampler->key_times()[i] : 0.0;
      std::snprintf(label, sizeof label, "%d   %5.2f s%s   fov %.0f", i + 1, t, keys[i].time_s ? " (pinned)" : "",
                    keys[i].fovy_degrees);
      if (ImGui::Selectable(label, editor.selected() == i)) {
        editor.select(i);
        if (sampler) editor.scrub(t);  // jump to it
      }
    }
    ImGui::EndListBox();
  }
}

void selected_timing(ViewerState& state) {
  PathEditor& editor = state.path_editor;
  const int i = editor.selected();
  if (i <= 0) return;  // keyframe 1 is always at the start
  const auto& key = editor.path().keys[i];
  bool pinned = key.time_s.has_value();
  if (ImGui::Checkbox("Pin its time", &pinned)) {
    const double now = editor.sampler() ? editor.sampler()->key_times()[i] : 1.0;
    editor.set_selected_time(pinned ? std::optional<double>(now) : std::nullopt);
  }
  if (key.time_s) {
    double t = *key.time_s;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(100);
    if (ImGui::InputDouble("s##time", &t, 0.1, 1.0, "%.2f", ImGuiInputTextFlags_EnterReturnsTrue))
      editor.set_selected_time(std::max(0.0, t));
  }
}

}  // namespace

void path_tab(ViewerState& state, const PathActions& actions) {
  PathEditor& editor = state.path_editor;
  const int count = static_cast<int>(editor.path().keys.size());
  if (ImGui::Button("Add view")) actions.add_current_view();
  ImGui::SameLine();
  ImGui::BeginDisabled(editor.selected() < 0);
  if (ImGui::Button("Delete")) editor.remove_selected();
  ImGui::SameLine();
  if (ImGui::ArrowButton("##earlier", ImGuiDir_Up)) editor.move_selected(-1);
  ImGui::SameLine();
  if (ImGui::ArrowButton("##later", ImGuiDir_Down)) editor.move_selected(+1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("%d keyframe%s", count, count == 1 ? "" : "s");
  keyframe_list(state);
  selected_timing(state);

  bool loop = editor.path().loop;
  if (ImGui::Checkbox("Loop", &loop)) editor.set_loop(loop);
  ImGui::SameLine();
  double seconds = editor.path().seconds;
  ImGui::SetNextItemWidth(110);
  if (ImGui::InputDouble("length (s, 0: auto)", &seconds, 1.0, 5.0, "%.1f", ImGuiInputTextFlags_EnterReturnsTrue))
    editor.set_seconds(seconds);

  if (!editor.problem().empty()) ImGui::TextDisabled("%s", editor.problem().c_str());
  if (const auto& sampler = editor.sampler()) {
    if (ImGui::Button(editor.playing() ? "Pause" : "Play")) editor.playing() ? editor.stop() : editor.play();
    ImGui::SameLine();
    float t = static_cast<float>(editor.playhead());
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::SliderFloat("##scrub", &t, 0.0f, static_cast<float>(sampler->duration()), "%.2f s")) editor.scrub(t);
    if (editor.previewing()) ImGui::TextDisabled("Showing the path; drag in the view to orbit again.");
  }

  ImGui::Separator();
  char file[1024];
  std::snprintf(file, sizeof file, "%s", state.path_file.c_str());
  ImGui::SetNextItemWidth(-160);
  if (ImGui::InputText("##pathfile", file, sizeof file)) state.path_file = file;
  ImGui::SameLine();
  if (ImGui::Button("Load")) actions.load();
  ImGui::SameLine();
  if (ImGui::Button("Save")) actions.save();
  ImGui::Combo("format", &state.path_file_format, "splatview\0nerfstudio camera_path.json\0");

  ImGui::Separator();
  char video[1024];
  std::snprintf(video, sizeof video, "%s", state.path_video.c_str());
  ImGui::SetNextItemWidth(-160);
  if (ImGui::InputText("##pathvideo", video, sizeof video)) state.path_video = video;
  ImGui::SameLine();
  ExportTask* task = state.export_task.get();
  if (task && task->running()) {
    if (ImGui::Button("Cancel")) task->cancel = true;
    const float fraction = task->total > 0 ? static_cast<float>(task->done) / task->total : 0.0f;
    char label[64];
    std::snprintf(label, sizeof label, "%d / %d frames", task->done.load(), task->total);
    ImGui::ProgressBar(fraction, ImVec2(-1, 0), label);
  } else {
    ImGui::BeginDisabled(!editor.sampler());
    if (ImGui::Button("Export video")) actions.export_video();
    ImGui::EndDisabled();
    ImGui::TextDisabled("%dx%d at %d fps (the Export tab's size and rate)", state.export_width, state.export_height,
                        state.export_fps);
  }
}

void draw_path_marks(const ViewerState& state, const Camera& view, ImVec2 view_min, ImVec2 view_max) {
  const PathEditor& editor = state.path_editor;
  if (!state.show_path || editor.path().keys.empty() || !camera_is_valid(view)) return;
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  draw->PushClipRect(view_min, view_max);
  const CameraBasis basis = camera_basis(view);
  const ImU32 line = IM_COL32(255, 200, 60, 220), mark = IM_COL32(120, 210, 255, 235),
              chosen = IM_COL32(255, 120, 90, 255);
  if (const auto& sampler = editor.sampler()) {
    std::optional<ImVec2> previous;
    for (int k = 0; k <= kLineSamples; ++k) {
      const Camera c = sampler->at(sampler->duration() * k / kLineSamples, 16, 9);
      const auto p = project_to_view(view, basis, c.eye, view_min);
      if (p && previous) draw->AddLine(*previous, *p, line, 2.0f);
      previous = p;
    }
  }
  // Each keyframe as a small camera: a dot at its centre and a line along its view direction.
  const auto& keys = editor.path().keys;
  for (int i = 0; i < static_cast<int>(keys.size()); ++i) {
    const Camera c = camera_from_keyframe(keys[i], 16, 9);
    const auto centre = project_to_view(view, basis, c.eye, view_min);
    if (!centre) continue;
    const glm::vec3 ahead = c.eye + 0.15f * glm::length(c.eye - view.target) * camera_basis(c).forward;
    const ImU32 colour = i == editor.selected() ? chosen : mark;
    if (const auto tip = project_to_view(view, basis, ahead, view_min)) draw->AddLine(*centre, *tip, colour, 2.0f);
    draw->AddCircleFilled(*centre, 5.0f, colour);
    char number[16];
    std::snprintf(number, sizeof number, "%d", i + 1);
    draw->AddText(ImVec2(centre->x + 7, centre->y - 7), colour, number);
  }
  draw->PopClipRect();
}

}  // namespace splatview
