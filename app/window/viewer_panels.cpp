#include "app/window/viewer_panels.h"

#include <algorithm>
#include <cstdio>

#include "app/data_paths.h"
#include "app/window/inspect_panel.h"
#include "core/path_names.h"
#include "core/profile_import/profile_import.h"
#include "render/frame_setup.h"

namespace splatview {

namespace {

constexpr float kControlsWidth = 360.0f;  // the Controls window's starting width
constexpr float kStatsWidth = 330.0f;     // about what the stats overlay's longest line needs

// The last message: an error in red with a button to dismiss it, a note that fades away.
void draw_notice(Notice& notice) {
  if (notice.empty()) return;
  const double now = ImGui::GetTime();
  if (notice.shown_at < 0) notice.shown_at = now;
  const double age = now - notice.shown_at;
  if (!notice.is_error && age > Notice::kNoteSeconds) {
    notice.clear();
    return;
  }
  const float fade = notice.is_error ? 1.0f : static_cast<float>(std::min(1.0, (Notice::kNoteSeconds - age) / 1.5));
  const ImVec4 colour = notice.is_error ? ImVec4(1.0f, 0.45f, 0.40f, 1.0f) : ImVec4(0.75f, 0.95f, 0.75f, fade);
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s%s", notice.is_error ? "Error: " : "", notice.text.c_str());
  ImGui::PopStyleColor();
  if (notice.is_error && ImGui::SmallButton("Dismiss")) notice.clear();
}

constexpr ImGuiWindowFlags kOverlayFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                           ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;

// The render mode: each scene file's own, or one chosen here (as --render-mode does).
void render_mode_combo(ViewerState& state) {
  const RenderMode file_mode = state.scene ? state.scene->render_mode : RenderMode::kClassic;
  const std::string files = std::string("the file's (") + render_mode_name(file_mode) + ")";
  const char* choices[] = {files.c_str(), "classic", "mip"};
  const std::optional<RenderMode>& chosen = state.settings.render_mode;
  int choice = !chosen ? 0 : *chosen == RenderMode::kMip ? 2 : 1;
  if (ImGui::Combo("Render mode", &choice, choices, 3))
    state.settings.render_mode =
        choice == 0 ? std::nullopt : std::optional<RenderMode>(choice == 2 ? RenderMode::kMip : RenderMode::kClassic);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("mip: the antialiasing filter of Mip-Splatting and gsplat's antialiased mode,\n"
                      "for scenes trained with it (their files say so)");
}

// Keys 1-6: the views along the scene's axes, about the same target and distance.
void view_preset_buttons(ViewerState& state) {
  static constexpr struct {
    const char* label;
    ViewPreset preset;
  } kPresets[] = {{"Front (1)", ViewPreset::kFront}, {"Back (2)", ViewPreset::kBack},   {"Left (3)", ViewPreset::kLeft},
                  {"Right (4)", ViewPreset::kRight}, {"Top (5)", ViewPreset::kTop}, {"Bottom (6)", ViewPreset::kBottom}};
  // Two rows of three equal buttons, so they fit the narrowest panel.
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float width = std::max(40.0f, (ImGui::GetContentRegionAvail().x - 2 * spacing) / 3);
  for (int i = 0; i < 6; ++i) {
    if (i % 3 != 0) ImGui::SameLine();
    if (ImGui::Button(kPresets[i].label, ImVec2(width, 0))) show_view_preset(state, kPresets[i].preset);
  }
}

void view_and_rendering_tab(ViewerState& state, const ViewerActions& actions) {
  OrbitController& c = state.controller;
  ImGui::Checkbox("Auto-rotate (Space)", &c.auto_rotate);
  ImGui::SliderFloat("Orbit speed", &c.orbit_speed, -90.0f, 90.0f, "%.0f deg/s");
  float fovy = c.goal().fovy;
  if (ImGui::SliderFloat("Field of view", &fovy, 10.0f, 120.0f, "%.0f deg")) c.set_fovy(fovy);
  static const char* kUpNames[] = {"-y (COLMAP)", "+y", "-z", "+z", "-x", "+x"};
  static const glm::vec3 kUps[] = {{0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}, {-1, 0, 0}, {1, 0, 0}};
  int up_index = 0;
  for (int i = 0; i < 6; ++i)
    if (c.goal().up == kUps[i]) up_index = i;
  if (ImGui::Combo("Up axis (U)", &up_index, kUpNames, 6)) c.set_up(kUps[up_index]);
  if (ImGui::Button("Reset view (R)")) c.reset();
  ImGui::SameLine();
  if (ImGui::Button("Frame scene (F)")) actions.frame_scene();
  view_preset_buttons(state);

  ImGui::Separator();
  static const char* kBackends[] = {"auto", "cuda", "cpu"};
  int backend = static_cast<int>(state.backend);
  if (ImGui::Combo("Backend", &backend, kBackends, 3)) actions.switch_backend(static_cast<Backend>(backend));
  if (!state.backend_note.empty()) ImGui::TextWrapped("%s", state.backend_note.c_str());
  const int file_degree = state.scene ? state.scene->sh_degree : 0;
  int sh = std::min(state.settings.max_sh_degree, file_degree);
  if (ImGui::SliderInt("SH degree", &sh, 0, file_degree)) state.settings.max_sh_degree = sh;
  ImGui::SliderFloat("Scale modifier", &state.settings.scale_modifier, 0.05f, 2.0f, "%.2f");
  render_mode_combo(state);
  show_mode_combo(state);
  ImGui::ColorEdit3("Background", state.settings.background);
  ImGui::SliderFloat("Render scale", &state.render_scale, 0.25f, 1.0f, "%.2f");
  crop_section(state);
  ImGui::Separator();
  ImGui::Checkbox("Profile panel (P)", &state.layout.panel_visible);
  ImGui::SameLine();
  ImGui::Checkbox("on the left", &state.layout.panel_on_left);
  float panel = state.layout.panel_width;
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::SliderFloat("##panel", &panel, 0.0f, 900.0f, panel <= 0 ? "Panel width: automatic" : "Panel width: %.0f"))
    state.layout.panel_width = panel < 240.0f ? 0.0f : panel;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag the panel's edge, or slide to the left end for automatic");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("Left drag: orbit. Right or middle drag: pan. Wheel: zoom. Double-click: orbit about that point.");
  ImGui::PopStyleColor();
  ImGui::TextDisabled("Double-click: orbit about that point  H: hide panels  P: profile");
  ImGui::TextDisabled("S: screenshot  F11: fullscreen  1-6: view presets");
}

// The scene being loaded, in a window of its own beside the Controls (which may be collapsed): a bar
// with the MiB read and the Gaussians decoded, and Cancel. The scene on screen stays until the new
// one is complete.
void draw_loading(FileOpener& opener, ImVec2 view_min) {
  if (!opener.loading()) return;
  ImGui::SetNextWindowPos(ImVec2(view_min.x + kControlsWidth + 20, view_min.y + 10), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(kControlsWidth, 0), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.85f);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize;
  if (!ImGui::Begin("Loading", nullptr, kFlags)) {
    ImGui::End();
    return;
  }
  const LoadProgress p = opener.progress();
  ImGui::TextWrapped("%s", opener.loading_path().filename().string().c_str());
  const float fraction =
      p.bytes_total > 0 ? static_cast<float>(static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total)) : 0.0f;
  char label[96];
  std::snprintf(label, sizeof label, "%.0f / %.0f MiB, %.2f / %.2f M Gaussians", p.bytes_read / 1048576.0,
                p.bytes_total / 1048576.0, p.gaussians_decoded / 1e6, p.gaussians_total / 1e6);
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), label);
  if (ImGui::Button("Cancel")) opener.cancel();
  ImGui::End();
}

// A profile imported from a page lives only in memory: "Save As" writes it as TOML (never over a file).
void save_imported_profile(ViewerState& state) {
  if (!state.profile || !is_importable_profile_source(state.profile_path)) return;
  ImGui::Separator();
  ImGui::TextWrapped("The profile was imported from %s. Save it as TOML to keep and edit it:",
                     state.profile_path.filename().string().c_str());
  if (state.save_profile_field.empty())
    state.save_profile_field = (state.profile_path.parent_path() / (state.profile_path.stem().string() + ".toml")).string();
  char path[1024];
  std::snprintf(path, sizeof path, "%s", state.save_profile_field.c_str());
  ImGui::InputText("##save-profile", path, sizeof path);
  state.save_profile_field = path;
  ImGui::SameLine();
  if (ImGui::Button("Save As")) {
    const std::filesystem::path target(state.save_profile_field);
    const std::string toml = profile_to_toml(*state.profile, target.parent_path());
    if (auto error = write_text_file_safely(target, toml, false))
      state.message.error(error->message());
    else
      state.message.note("saved the profile to " + target.string());
  }
}

// The frame of SPZ files that name none (--spz-frame): older writers stored the PLY's, which the bytes
// cannot show. Changing it reopens the SPZ scene on screen.
void spz_frame_setting(ViewerState& state, const ViewerActions& actions) {
  SceneLoadOptions options = state.opener.load_options();
  int legacy = options.spz_frame == SpzFrame::kRdf ? 1 : 0;
  ImGui::TextDisabled("SPZ files that name no frame");
  bool changed = ImGui::RadioButton("standard (RUB)", &legacy, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("older writers (RDF)", &legacy, 1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("For SPZ files that open upside down (--spz-frame rdf)");
  if (!changed) return;
  options.spz_frame = legacy ? SpzFrame::kRdf : SpzFrame::kRub;
  state.opener.set_load_options(options);
  if (lower_extension(state.scene_path) == ".spz") actions.open_file(state.scene_path);
}

void open_tab(ViewerState& state, const ViewerActions& actions) {
  ImGui::TextWrapped("Drop a scene (.ply .splat .spz .sog) or a profile (.toml, or a homepage .md .html or .bib "
                     "to import) on the window, or type a path:");
  char path[1024];
  std::snprintf(path, sizeof path, "%s", state.open_path_field.c_str());
  if (state.focus_open_field) {
    ImGui::SetKeyboardFocusHere();
    state.focus_open_field = false;
  }
  if (ImGui::InputText("##path", path, sizeof path, ImGuiInputTextFlags_EnterReturnsTrue)) {
    state.open_path_field = path;
    actions.open_file(state.open_path_field);
  } else {
    state.open_path_field = path;
  }
  ImGui::SameLine();
  if (ImGui::Button("Open")) actions.open_file(state.open_path_field);
  if (ImGui::Button(state.file_dialog.running() ? "Choosing a file..." : "Open... (Ctrl+O)")) open_file_dialog(state);
  spz_frame_setting(state, actions);
  if (state.opener.loading()) ImGui::Text("Loading %s ...", state.opener.loading_path().filename().string().c_str());
  if (!state.recent_files.empty()) {
    ImGui::TextDisabled("Recent");
    for (const std::string& file : state.recent_files)
      if (ImGui::Selectable(file.c_str())) actions.open_file(file);
  }
  save_imported_profile(state);
}

void about_tab(const ViewerState& state) {
  ImGui::Text("splatview %s", SPLATVIEW_VERSION);
  ImGui::TextWrapped("A viewer for 3D Gaussian Splatting scenes.");
  ImGui::Separator();
  ImGui::Text("Scene: %s", state.scene_path.filename().string().c_str());
  const bool bundled = state.scene_path == bundled_scene_path();
  if (bundled)
    ImGui::TextWrapped("PLAYBOT by Stephane Agullo (https://sa3d.fr), CC BY 4.0, "
                       "https://superspl.at/view?id=ee6d8bc4, modified (decoded, SH bands and/or Gaussians "
                       "reduced, re-encoded).");
  for (const std::string& comment : state.scene_comments) {
    // The bundled file's own short credit line: the full credit above already says it.
    if (bundled && comment.starts_with("PLAYBOT")) continue;
    ImGui::TextWrapped("%s", comment.c_str());
  }
  ImGui::Separator();
  ImGui::TextWrapped("Built with: GLFW (zlib licence), Dear ImGui (MIT), glad (MIT; generated code), GLM (MIT), "
                     "stb (public domain / MIT), toml++ (MIT), oneTBB (Apache-2.0). Video export runs the "
                     "separate ffmpeg program (LGPL/GPL). Font: DejaVu (Bitstream Vera licence).");
}

}  // namespace

namespace {

// 6.1 M, 750 k, 940: a count as people say it.
std::string count_text(std::size_t n) {
  char text[32];
  if (n >= 1'000'000)
    std::snprintf(text, sizeof text, "%.1f M", static_cast<double>(n) / 1e6);
  else if (n >= 10'000)
    std::snprintf(text, sizeof text, "%.0f k", static_cast<double>(n) / 1e3);
  else
    std::snprintf(text, sizeof text, "%zu", n);
  return text;
}

}  // namespace

bool stats_overlay_on_top(ImVec2 view_min, ImVec2 view_max) {
  return view_max.x - view_min.x >= kControlsWidth + kStatsWidth + 40.0f;
}

void draw_stats_overlay(const ViewerState& state, ImVec2 view_min, ImVec2 view_max) {
  // Top right when the view is wide enough to hold it beside the Controls; else bottom right, so
  // the two never overlap.
  const bool wide = stats_overlay_on_top(view_min, view_max);
  if (wide)
    ImGui::SetNextWindowPos(ImVec2(view_max.x - 10, view_min.y + 10), ImGuiCond_Always, ImVec2(1, 0));
  else
    ImGui::SetNextWindowPos(ImVec2(view_max.x - 10, view_max.y - 10), ImGuiCond_Always, ImVec2(1, 1));
  ImGui::SetNextWindowBgAlpha(0.55f);
  if (ImGui::Begin("Stats", nullptr, kOverlayFlags)) {
    const FrameStats& s = state.stats;
    ImGui::Text("UI %.0f FPS   render %.1f ms   %s", state.ui_fps, s.total_ms, state.fly_mode ? "fly" : "orbit");
    if (state.levels_progress >= 0.0f)
      ImGui::Text("levels of detail: building, %.0f %%", 100.0 * state.levels_progress);
    else if (state.rendered_level > 0)
      ImGui::Text("level %d of %d: %s Gaussians (moving)", state.rendered_level, state.level_count,
                  count_text(state.rendered_gaussians).c_str());
    else
      ImGui::Text("exact frame%s", state.level_count > 0 ? " (level 0)" : "");
    if (!wide) {  // a small window: the lines that matter, not a block over the scene
      ImGui::Text("%s", state.device.c_str());
      ImGui::End();
      return;
    }
    ImGui::Text("preprocess %.1f  keys %.1f  sort %.1f", s.preprocess_ms, s.keys_ms, s.sort_ms);
    ImGui::Text("ranges %.1f  blend %.1f ms", s.ranges_ms, s.blend_ms);
    ImGui::Text("Gaussians %zu visible / %zu", s.visible, state.rendered_gaussians);
    ImGui::Text("tile entries %zu", s.tile_entries);
    if (state.scene)
      ImGui::Text("render mode %s (%s)", render_mode_name(render_mode_for(*state.scene, state.settings)),
                  state.settings.render_mode ? "chosen" : "the file's");
    inspect_stats_line(state);
    ImGui::Text("%dx%d%s", state.rendered_width, state.rendered_height, state.rendered_full ? "" : " (moving)");
    ImGui::Text("%s", state.device.c_str());
    ImGui::Text("%s", state.frame_via_gpu ? "to screen: CUDA-GL interop" : "to screen: host copy, glTexSubImage2D");
    ImGui::Text("renderer memory %.1f MiB", static_cast<double>(s.memory_bytes) / (1 << 20));
  }
  ImGui::End();
}

void draw_comparison_labels(const ViewerState& state, ImVec2 view_min, ImVec2 view_max) {
  if (!state.comparison || state.comparison->labels.size() != 2) return;
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const float margin = 12.0f, height = ImGui::GetTextLineHeight();
  for (int side = 0; side < 2; ++side) {
    const std::string& text = state.comparison->labels[side];
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 at(side == 0 ? view_min.x + margin : view_max.x - margin - size.x, view_max.y - margin - height);
    draw->AddRectFilled(ImVec2(at.x - 6, at.y - 3), ImVec2(at.x + size.x + 6, at.y + height + 3), IM_COL32(0, 0, 0, 150),
                        4.0f);
    draw->AddText(at, IM_COL32_WHITE, text.c_str());
  }
}

void draw_controls(ViewerState& state, const ViewerActions& actions, ImVec2 view_min, ImVec2 view_max) {
  ImGui::SetNextWindowPos(ImVec2(view_min.x + 10, view_min.y + 10), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(kControlsWidth, 0), ImGuiCond_FirstUseEver);
  // Where the stats overlay sits at the bottom (a narrow view), the Controls stop above it: its
  // three lines and padding, and the two margins.
  float bottom = view_max.y - 10;
  if (!stats_overlay_on_top(view_min, view_max))
    bottom -= 3 * ImGui::GetTextLineHeightWithSpacing() + 2 * ImGui::GetStyle().WindowPadding.y + 10;
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, std::max(100.0f, bottom - view_min.y - 10)));
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  const bool open_requested = state.focus_open_field;
  if (open_requested) ImGui::SetNextWindowCollapsed(false, ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.85f);
  if (ImGui::Begin("Controls", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings)) {
    draw_notice(state.message);
    if (ImGui::BeginTabBar("controls")) {
      if (ImGui::BeginTabItem("View")) {
        view_and_rendering_tab(state, actions);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Camera")) {
        camera_tab(state, actions.camera);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Export")) {
        export_tab(state, actions.exports);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Path")) {
        path_tab(state, actions.path);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Open", nullptr, open_requested ? ImGuiTabItemFlags_SetSelected : 0)) {
        open_tab(state, actions);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("About")) {
        about_tab(state);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
  draw_loading(state.opener, view_min);
}

void draw_quit_confirmation(ViewerState& state) {
  if (!state.asking_to_quit) return;
  ImGui::OpenPopup("Quit during an export?");
  if (ImGui::BeginPopupModal("Quit during an export?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("An export is still running. Quitting stops it, and nothing of it is kept.");
    if (ImGui::Button("Stop the export and quit")) state.quit_confirmed = true;
    ImGui::SameLine();
    if (ImGui::Button("Keep working") || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
      state.asking_to_quit = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace splatview
