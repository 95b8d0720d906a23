#include "app/window/inspect_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>

#include <imgui.h>

#include "app/window/view_projection.h"
#include "cuda/cuda_renderer.h"
#include "render/scene_filter.h"

namespace splatview {

namespace {

// Sets the box to the scene's bounds (every centre inside).
void box_to_scene_bounds(ViewerState& state) {
  if (!state.scene) return;
  const SceneBounds bounds = scene_bounds(*state.scene);
  state.settings.shown.box_min = bounds.min;
  state.settings.shown.box_max = bounds.max;
}

// Whether the renderer in use hands this mode to the CPU (the CUDA backend does for centres and
// ellipses: cuda/cuda_renderer.h).
bool renders_on_cpu_here(const ViewerState& state) {
  return state.device.rfind("cuda", 0) == 0 && show_renders_on_cpu(state.settings.show);
}

}  // namespace

void show_mode_combo(ViewerState& state) {
  static const char* kNames[] = {"colour", "depth", "alpha (1 - T)", "Gaussian centres", "ellipse outlines (1 sigma)"};
  int choice = 0;
  for (int i = 0; i < static_cast<int>(std::size(kShowModes)); ++i)
    if (kShowModes[i] == state.settings.show) choice = i;
  if (ImGui::Combo("Show", &choice, kNames, static_cast<int>(std::size(kNames)))) state.settings.show = kShowModes[choice];
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("depth: the alpha-weighted view depth, near red to far blue (Turbo)\n"
                      "alpha: the accumulated opacity as grey\n"
                      "centres, ellipses: each visible Gaussian in its colour, nearest on top");
  if (renders_on_cpu_here(state)) ImGui::TextDisabled("this view renders on the CPU");
}

void crop_section(ViewerState& state) {
  if (!ImGui::CollapsingHeader("Crop")) return;
  splat::ShowRule& rule = state.settings.shown;
  // A box never set yet starts as the scene's bounds, so turning it on hides nothing at first.
  if (rule.use_box == 0 && !(rule.box_min.x < rule.box_max.x)) box_to_scene_bounds(state);
  bool crop = rule.use_box != 0;
  if (ImGui::Checkbox("Crop to the box", &crop)) rule.use_box = crop ? 1 : 0;
  ImGui::SameLine();
  ImGui::Checkbox("Draw the box", &state.draw_crop_box);
  if (ImGui::Button("Reset to scene")) box_to_scene_bounds(state);
  // Drag speed: a thousandth of the box's size a pixel.
  const float extent = std::max({rule.box_max.x - rule.box_min.x, rule.box_max.y - rule.box_min.y,
                                 rule.box_max.z - rule.box_min.z, 1e-3f});
  const float speed = std::isfinite(extent) ? extent / 1000.0f : 0.01f;
  float lo[3] = {rule.box_min.x, rule.box_min.y, rule.box_min.z};
  float hi[3] = {rule.box_max.x, rule.box_max.y, rule.box_max.z};
  ImGui::BeginDisabled(!crop);
  const bool changed_lo = ImGui::DragFloat3("Min x, y, z", lo, speed, 0.0f, 0.0f, "%.3f");
  const bool changed_hi = ImGui::DragFloat3("Max x, y, z", hi, speed, 0.0f, 0.0f, "%.3f");
  ImGui::EndDisabled();
  if (changed_lo || changed_hi) {
    // Each minimum stays below its maximum (as --crop requires): the other end moves along.
    const float gap = speed;
    for (int a = 0; a < 3; ++a) {
      if (!(lo[a] < hi[a])) {
        if (changed_lo) hi[a] = lo[a] + gap;
        else lo[a] = hi[a] - gap;
      }
    }
    rule.box_min = {lo[0], lo[1], lo[2]};
    rule.box_max = {hi[0], hi[1], hi[2]};
  }
  ImGui::SliderFloat("Min opacity", &rule.min_opacity, 0.0f, 1.0f, "%.3f");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hide Gaussians less opaque than this (floaters are often faint)");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("The box is in the scene's coordinates. Screenshots and turntables use it too.");
  ImGui::PopStyleColor();
}

void draw_crop_box(const ViewerState& state, const Camera& view, ImVec2 view_min, ImVec2 view_max) {
  const splat::ShowRule& rule = state.settings.shown;
  if (rule.use_box == 0 || !state.draw_crop_box || !camera_is_valid(view)) return;
  const auto corner = [&](int k) {
    return glm::vec3(k & 1 ? rule.box_max.x : rule.box_min.x, k & 2 ? rule.box_max.y : rule.box_min.y,
                     k & 4 ? rule.box_max.z : rule.box_min.z);
  };
  const CameraBasis basis = camera_basis(view);
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  draw->PushClipRect(view_min, view_max);
  // The edges join corners that differ in one coordinate (one bit of k).
  for (int k = 0; k < 8; ++k)
    for (int bit = 1; bit < 8; bit <<= 1) {
      if (k & bit) continue;
      if (const auto edge = project_segment_to_view(view, basis, corner(k), corner(k | bit), view_min))
        draw->AddLine(edge->first, edge->second, IM_COL32(80, 220, 255, 200), 1.5f);
    }
  draw->PopClipRect();
}

void inspect_stats_line(const ViewerState& state) {
  const splat::ShowRule& rule = state.settings.shown;
  if (state.settings.show == ShowMode::kColor && shows_everything(rule)) return;
  std::string line = std::string("show ") + show_mode_name(state.settings.show);
  if (renders_on_cpu_here(state)) line += " (on the CPU)";
  if (state.settings.show == ShowMode::kDepth && state.stats.depth_far > 0.0f) {
    char range[64];
    std::snprintf(range, sizeof range, " %.3g to %.3g", state.stats.depth_near, state.stats.depth_far);
    line += range;
  }
  if (rule.use_box != 0) line += "  crop on";
  if (rule.min_opacity > 0.0f) {
    char threshold[48];
    std::snprintf(threshold, sizeof threshold, "  opacity >= %.3g", rule.min_opacity);
    line += threshold;
  }
  ImGui::TextUnformatted(line.c_str());
}

}  // namespace splatview
