#include "app/window/viewer_window.h"

#include <glad/gl.h>
// glad first: it refuses a GL header included before it.
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "app/panels/fonts.h"
#include "app/panels/open_link.h"
#include "app/panels/profile_panel.h"
#include "app/stop_signal.h"
#include "app/view_setup.h"
#include "core/formats/scene_loader.h"
#include "app/window/background_tasks.h"
#include "app/window/first_window.h"
#include "app/window/inspect_panel.h"
#include "app/window/keyboard_navigation.h"
#include "app/window/viewer_panels.h"

namespace splatview {

namespace {

constexpr int kMinWindowWidth = 640, kMinWindowHeight = 400;
constexpr float kAutoPanelFraction = 0.3f;
// The profile panel's width limits, in unscaled pixels.
constexpr float kMinPanelWidth = 240.0f;
constexpr float kMaxPanelWidth = 900.0f;

}  // namespace

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

OrbitView home_view(const CliOptions& options, const SceneFraming& framing, float aspect) {
  OrbitView view;
  view.target = options.target.value_or(framing.center);
  view.up = options.up;
  view.azimuth = options.azimuth;
  view.elevation = options.elevation;
  view.fovy = options.fovy;
  view.distance = options.distance.value_or(
      framing_distance(framing.radius, options.fovy, static_cast<int>(1000 * aspect), 1000));
  return view;
}

int Viewer::run() {
  state_.layout = load_window_layout();
  state_.panels_visible = true;
  if (!open_window()) return 1;
  init_ui();

  auto selected = make_renderer(launch_.options.backend, launch_.options.threads);
  if (!selected) {
    std::fprintf(stderr, "splatview: %s\n", selected.error().message().c_str());
    shutdown();
    return 2;
  }
  state_.backend = launch_.options.backend;
  state_.backend_note = selected.value().note;
  if (!state_.backend_note.empty()) std::fprintf(stderr, "splatview: %s\n", state_.backend_note.c_str());
  direct_upload_ = make_direct_upload();  // needs the GL context: after open_window
  texture_.on_storage_change([this] {
    if (direct_upload_) direct_upload_->release();
  });
  worker_ = std::make_unique<RenderWorker>(std::move(selected.value().renderer), direct_upload_.get(),
                                           launch_.options.threads);
  state_.device = worker_->renderer_description();
  state_.settings = settings_from_options(launch_.options);
  state_.opener.set_load_options(load_options_from(launch_.options));
  if (launch_.profile) show_profile(std::move(launch_.profile->profile), launch_.options.profile.value_or(""));
  show_scene(std::make_shared<const GaussianScene>(std::move(launch_.scene.scene)), launch_.scene_path,
             std::move(launch_.scene.other_files), true);
  state_.controller.orbit_speed = launch_.orbit_speed;
  if (launch_.options.path) load_path(*launch_.options.path);
  if (launch_.options.compare) load_comparison(*launch_.options.compare);

  const int exit_code = loop();
  save_window_layout(state_.layout);
  shutdown();
  return exit_code;
}

bool Viewer::open_window() {
  if (!glfwInit()) {
    std::fprintf(stderr,
                 "splatview: cannot open a window: %s (without a display use --screenshot or --turntable, "
                 "or run under xvfb-run)\n",
                 last_glfw_error("no display").c_str());
    return false;
  }
  fit_to_work_area();
  // OpenGL 4.5 core where the driver has it, else 3.3 core (all the app needs).
  const int versions[][2] = {{4, 5}, {3, 3}};
  for (const auto& v : versions) {
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, v[0]);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, v[1]);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    window_ = glfwCreateWindow(state_.layout.width, state_.layout.height, "splatview", nullptr, nullptr);
    if (window_) break;
  }
  if (!window_) {
    std::fprintf(stderr, "splatview: cannot create an OpenGL 3.3 window: %s\n", last_glfw_error("no reason given").c_str());
    glfwTerminate();
    return false;
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "splatview: cannot load the OpenGL functions\n");
    return false;
  }
  glfwSetWindowUserPointer(window_, this);
  if (place_window_) glfwSetWindowPos(window_, windowed_x_, windowed_y_);
  glfwSetWindowSizeLimits(window_, kMinWindowWidth, kMinWindowHeight, GLFW_DONT_CARE, GLFW_DONT_CARE);
  glfwSetKeyCallback(window_, on_key);
  glfwSetDropCallback(window_, on_drop);
  return true;
}

void Viewer::init_ui() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the window remembers only its size and panel layout (window.ini)
  enable_keyboard_navigation(io);
  ImGui::StyleColorsDark();
  float scale_x = 1.0f, scale_y = 1.0f;
  glfwGetWindowContentScale(window_, &scale_x, &scale_y);
  ui_scale_ = std::max(1.0f, scale_y);
  ImGui::GetStyle().ScaleAllSizes(ui_scale_);
  ImGui::GetStyle().WindowRounding = 6.0f;
  load_fonts();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);  // chains to our key and drop callbacks
  ImGui_ImplOpenGL3_Init("#version 330 core");
  std::string error;
  if (!texture_.create(error)) std::fprintf(stderr, "splatview: %s\n", error.c_str());
}

void Viewer::load_fonts() {
  // DejaVu (fonts-dejavu-core) at a readable size for the screen's scale; the first font added,
  // the regular one, is the default for every panel. ImGui's own font when DejaVu is missing. The
  // profile's CJK characters come from the fallback font, only those it uses.
  const Profile* profile = state_.profile ? &*state_.profile : launch_.profile ? &launch_.profile->profile : nullptr;
  extra_glyphs_ = profile ? glyphs_beyond_panel_fonts(profile_text(*profile)) : std::vector<ImWchar>{};
  state_.fonts = load_panel_fonts(*ImGui::GetIO().Fonts, kPanelFontPixels, ui_scale_, kDejaVuFolder,
                                  extra_glyphs_.empty() ? nullptr : extra_glyphs_.data());
}

// A new profile may need other glyphs: the atlas is rebuilt between frames.
void Viewer::reload_fonts_if_needed() {
  if (!fonts_stale_) return;
  fonts_stale_ = false;
  ImGui::GetIO().Fonts->Clear();
  load_fonts();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void Viewer::shutdown() {
  state_.export_task.reset();  // cancels a running export and removes its temporary files
  worker_.reset();
  if (direct_upload_) direct_upload_->release();  // while the GL context is still current
  direct_upload_.reset();
  if (ImGui::GetCurrentContext()) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (window_) glfwDestroyWindow(window_);
  glfwTerminate();
}

void Viewer::show_scene(std::shared_ptr<const GaussianScene> scene, const std::filesystem::path& path,
                        std::vector<std::filesystem::path> other_files, bool from_options) {
  state_.scene = std::move(scene);
  state_.scene_path = path;
  state_.scene_other_files = std::move(other_files);
  state_.scene_comments = state_.scene->comments;
  state_.framing = frame_scene(*state_.scene);
  int w = 0, h = 0;
  glfwGetWindowSize(window_, &w, &h);
  CliOptions options = from_options ? launch_.options : CliOptions{};
  if (!from_options) options.up = state_.controller.goal().up;
  const OrbitView home = home_view(options, state_.framing, std::max(1.0f, view_width(w)) / std::max(1, h));
  state_.controller = OrbitController(home);
  state_.fly_mode = false;
  if (auto error = state_.training_cameras.load_for(path)) state_.message.error(error->message());
  worker_->set_scene(state_.scene);
  // A large scene gets levels of detail for moving views, built beside the UI.
  level_builder_.reset();
  state_.level_count = 0;
  state_.levels_progress = -1.0f;
  if (LevelBuilder::needed_for(*state_.scene)) {
    level_builder_ = std::make_unique<LevelBuilder>(state_.scene);
    state_.levels_progress = 0.0f;
  }
  update_title();
}

void Viewer::hand_over_levels() {
  if (!level_builder_) return;
  state_.levels_progress = level_builder_->progress();
  if (!level_builder_->finished()) return;
  const std::shared_ptr<const SceneLevels> levels = level_builder_->take();
  state_.level_count = levels ? static_cast<int>(levels->size()) : 0;
  state_.levels_progress = -1.0f;
  worker_->set_levels(level_builder_->scene(), levels);
  level_builder_.reset();
}

void Viewer::update_title() {
  std::string title = "splatview \xE2\x80\x94 " + state_.scene_path.filename().string();
  if (state_.profile) title += " \xE2\x80\x94 " + state_.profile->name;
  glfwSetWindowTitle(window_, title.c_str());
}

void Viewer::show_profile(Profile profile, const std::filesystem::path& path) {
  if (state_.photo_texture) glDeleteTextures(1, &state_.photo_texture);
  state_.photo_texture = 0;
  state_.profile = std::move(profile);
  state_.profile_path = path;
  fonts_stale_ = window_ != nullptr && glyphs_beyond_panel_fonts(profile_text(*state_.profile)) != extra_glyphs_;
  state_.profile_panel = {};
  state_.save_profile_field.clear();
  if (!state_.profile->photo.empty()) {
    state_.photo_texture = load_texture(state_.profile->photo, state_.photo_size);
    if (!state_.photo_texture) state_.message.error(state_.profile->photo.string() + ": cannot read the photo");
  }
  if (window_ && state_.scene) update_title();
}

// --size WxH, else the remembered size, fitted to the monitor's work area (first_window.h).
void Viewer::fit_to_work_area() {
  const CliOptions& options = launch_.options;
  FirstWindowRequest request{state_.layout.width, state_.layout.height, options.was_given("--size"), kMinWindowWidth,
                             kMinWindowHeight};
  if (request.asked) {
    request.width = options.size.width;
    request.height = options.size.height;
  }
  WorkArea area;
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor())
    glfwGetMonitorWorkarea(monitor, &area.x, &area.y, &area.width, &area.height);
  const FirstWindow window = first_window(request, area);
  if (window.shrunk && !options.quiet)
    std::fprintf(stderr, "splatview: note: --size %dx%d is more than the screen holds; the window opens at %dx%d\n",
                 request.width, request.height, window.width, window.height);
  state_.layout.width = window.width;
  state_.layout.height = window.height;
  windowed_x_ = window.x;
  windowed_y_ = window.y;
  place_window_ = window.centre;
}

void Viewer::load_comparison(const std::filesystem::path& file) {
  auto loaded = load_scene(file, state_.opener.load_options());
  if (!loaded) {
    state_.message.error(loaded.error().message());
    return;
  }
  Comparison comparison;
  comparison.scene = std::make_shared<const GaussianScene>(std::move(loaded.value().scene));
  comparison.layout = launch_.options.compare_layout;
  comparison.line = launch_.options.compare_line;
  comparison.draw_line = launch_.options.compare_line_drawn;
  comparison.labels = launch_.options.labels;
  state_.comparison = std::move(comparison);
  worker_->set_comparison(view_comparison());
}

// The comparison as the view shows it: its labels are drawn by the window at the view's bottom
// corners (draw_comparison_labels), clear of the panels; exports draw them into their frames.
std::optional<Comparison> Viewer::view_comparison() const {
  std::optional<Comparison> shown = state_.comparison;
  if (shown) shown->labels.clear();
  return shown;
}

// The view on screen: the path's camera while it plays or is scrubbed, else the orbit.
Camera Viewer::shown_camera(int width, int height) const {
  if (auto camera = state_.path_editor.preview_camera(width, height)) return *camera;
  if (state_.fly_mode) return state_.fly.camera(width, height);
  return state_.controller.camera(width, height);
}

// What the panels' buttons do.
ViewerActions Viewer::panel_actions() {
  ViewerActions actions;
  actions.open_file = [this](const std::filesystem::path& p) { open_file(p); };
  actions.exports.take_screenshot = [this] { take_screenshot(); };
  actions.exports.export_screenshot = [this] { export_screenshot(); };
  actions.exports.start_turntable = [this] { start_turntable(); };
  actions.exports.copy_command_line = [this] { copy_command_line(); };
  actions.frame_scene = [this] { frame_view(); };
  actions.switch_backend = [this](Backend backend) {
    auto selected = make_renderer(backend, launch_.options.threads);
    if (!selected) {
      state_.message.error(selected.error().message());
      return;
    }
    state_.backend = backend;
    state_.backend_note = selected.value().note;
    worker_->set_renderer(std::move(selected.value().renderer));
    state_.device = worker_->renderer_description();
  };
  actions.path.add_current_view = [this] {
    int w = 0, h = 0;
    glfwGetWindowSize(window_, &w, &h);
    state_.path_editor.add_keyframe(shown_camera(std::max(1, static_cast<int>(view_width(w))), std::max(1, h)));
  };
  actions.camera.toggle_fly_mode = [this] { toggle_fly_mode(); };
  actions.path.save = [this] { save_path(); };
  actions.path.load = [this] { load_path(state_.path_file); };
  actions.path.export_video = [this] { start_path_video(); };
  return actions;
}

float Viewer::panel_width() const {
  const bool shown = state_.profile && state_.panels_visible && state_.layout.panel_visible;
  if (!shown) return 0.0f;
  int win_w = 0, win_h = 0;
  glfwGetWindowSize(window_, &win_w, &win_h);
  // Until the user drags it, the panel is a fraction of the window; never more than half of it.
  const float wanted = state_.layout.panel_width > 0 ? state_.layout.panel_width * ui_scale_
                                                     : kAutoPanelFraction * static_cast<float>(win_w);
  const float most = std::max(kMinPanelWidth * ui_scale_, 0.5f * static_cast<float>(win_w));
  return std::clamp(wanted, kMinPanelWidth * ui_scale_, std::min(most, kMaxPanelWidth * ui_scale_));
}

float Viewer::view_width(int window_width) const { return static_cast<float>(window_width) - panel_width(); }

// The UI's frame rate cap: smooth motion, and the rest of the CPU for rendering.
constexpr double kMaxUiFps = 60.0;

int Viewer::loop() {
  double last = now_seconds();
  double fps_clock = last;
  int fps_frames = 0, scene_frames = 0;
  int frame_index = 0;
  install_stop_handlers();  // SIGINT/SIGTERM close the window the normal way, cleaning up
  for (;;) {
    // Draw only when something changes: asleep until an event (or a short tick, for a fading
    // note and an export's progress) while the view is still and nothing runs.
    const bool still = !state_.controller.auto_rotate && state_.controller.settled() && worker_->idle() &&
                       !(state_.fly_mode && state_.fly.interacting(now_seconds())) &&
                       !state_.opener.loading() && !(state_.export_task && state_.export_task->running()) &&
                       !level_builder_ && !launch_.capture;
    if (still)
      glfwWaitEventsTimeout(0.25);
    else
      glfwPollEvents();
    if (stop_requested()) return exit_code_for_stop();
    if (glfwWindowShouldClose(window_)) {
      if (!state_.export_task || !state_.export_task->running()) break;
      glfwSetWindowShouldClose(window_, GLFW_FALSE);  // an export is running: ask first
      state_.asking_to_quit = true;
    }
    if (state_.quit_confirmed) break;
    const double now = now_seconds();
    const double dt = std::min(0.1, now - last);
    last = now;
    if (++fps_frames, now - fps_clock > 0.25) {
      state_.ui_fps = static_cast<float>(fps_frames / (now - fps_clock));
      state_.scene_fps = static_cast<float>(scene_frames / (now - fps_clock));
      fps_clock = now;
      fps_frames = 0;
      scene_frames = 0;
    }

    reload_fonts_if_needed();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    map_enter_to_activate(ImGui::GetIO());
    ImGui::NewFrame();

    int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
    glfwGetWindowSize(window_, &win_w, &win_h);
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    if (!state_.fullscreen && win_w > 0 && win_h > 0) {
      state_.layout.width = win_w;
      state_.layout.height = win_h;
    }
    if (panel_width() > 0) draw_profile_panel_window(static_cast<float>(win_h));
    const float panel = panel_width();
    const ImVec2 view_min(state_.layout.panel_on_left ? panel : 0.0f, 0.0f);
    const ImVec2 view_max(state_.layout.panel_on_left ? static_cast<float>(win_w) : win_w - panel,
                          static_cast<float>(win_h));

    handle_drops_and_loading();
    hand_over_levels();
    handle_keys();
    handle_view_input(now, view_min, view_max);
    state_.controller.update(dt, now);
    state_.path_editor.advance(dt);

    if (state_.panels_visible) {
      draw_path_marks(state_, shown_camera(static_cast<int>(view_max.x - view_min.x), static_cast<int>(view_max.y - view_min.y)),
                      view_min, view_max);
      draw_crop_box(state_, shown_camera(static_cast<int>(view_max.x - view_min.x), static_cast<int>(view_max.y - view_min.y)),
                    view_min, view_max);
      draw_comparison_labels(state_, view_min, view_max);
      draw_stats_overlay(state_, view_min, view_max);
      draw_controls(state_, panel_actions(), view_min, view_max);
    }
    draw_quit_confirmation(state_);

    // Ask for the view at the window's pixel density, reduced while the user moves it.
    const float fb_scale = win_w > 0 ? static_cast<float>(fb_w) / win_w : 1.0f;
    const bool interacting = state_.fly_mode ? state_.fly.interacting(now) : state_.controller.interacting(now);
    const float scale = fb_scale * state_.render_scale * (interacting ? state_.moving_scale : 1.0f);
    const int render_w = std::max(1, static_cast<int>((view_max.x - view_min.x) * scale));
    const int render_h = std::max(1, static_cast<int>((view_max.y - view_min.y) * scale));
    // Still (no input, no auto-rotate, no path playing, the view settled): the exact frame.
    const bool full_resolution = !interacting && !state_.path_editor.playing();
    worker_->request(shown_camera(render_w, render_h), state_.settings, full_resolution,
                     full_resolution && state_.controller.settled());
    if (worker_->fell_back_to_cpu() && state_.backend != Backend::kCpu) {
      // The worker has already logged why; the stats line and the exports follow it to the CPU.
      state_.backend = Backend::kCpu;
      state_.device = worker_->renderer_description();
      state_.message.error("the GPU failed a frame: rendering on the CPU (Controls > View > Backend switches back)");
    }
    if (worker_->take(shown_) && show_frame(shown_)) {
      state_.stats = shown_.stats;
      state_.rendered_width = shown_.camera.width;
      state_.rendered_height = shown_.camera.height;
      state_.rendered_full = shown_.full_resolution;
      state_.rendered_level = shown_.level;
      state_.rendered_gaussians = shown_.gaussians;
      ++scene_frames;
      has_full_frame_ = has_full_frame_ || shown_.full_resolution;
    }

    ImGui::Render();
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(state_.settings.background[0], state_.settings.background[1], state_.settings.background[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    texture_.draw(static_cast<int>(view_min.x * fb_scale), 0, static_cast<int>((view_max.x - view_min.x) * fb_scale),
                  fb_h);
    glViewport(0, 0, fb_w, fb_h);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    // --capture-window: once N frames have passed with a full-resolution image on screen.
    if (launch_.capture && has_full_frame_ && ++frame_index >= launch_.frames_before_capture) {
      const bool ok = capture_window(*launch_.capture);
      return ok ? 0 : 2;
    }
    glfwSwapBuffers(window_);
    // At most kMaxUiFps frames a second even where the swap does not wait for the display (Xvfb,
    // vsync off): the time is the render thread's, which makes the new images.
    const double spare = 1.0 / kMaxUiFps - (now_seconds() - now);
    if (spare > 0) std::this_thread::sleep_for(std::chrono::duration<double>(spare));
  }
  return 0;
}

// Puts a finished frame into the scene texture: uploaded from host memory, or copied on the GPU
// for a frame the renderer left there. False when a GPU copy failed: the worker then renders the
// view again through host memory, and the old image stays until it arrives.
bool Viewer::show_frame(RenderedFrame& frame) {
  if (!frame.device_source) {
    texture_.upload(frame.image);
    state_.frame_via_gpu = false;
    return true;
  }
  texture_.allocate(frame.camera.width, frame.camera.height);
  std::string error;
  const bool copied = direct_upload_->copy_to_texture(*frame.device_source, texture_.name(), error);
  // A lasting failure has logged its reason already; say so for a one-off one too.
  if (!copied && direct_upload_->available())
    std::fprintf(stderr, "splatview: %s: frames go through host memory and glTexSubImage2D\n", error.c_str());
  frame.device_source.reset();
  worker_->device_frame_done(copied);
  state_.frame_via_gpu = copied;
  return copied;
}

void Viewer::draw_profile_panel_window(float height) {
  const float width = panel_width();
  int win_w = 0, win_h = 0;
  glfwGetWindowSize(window_, &win_w, &win_h);
  const float x = state_.layout.panel_on_left ? 0.0f : static_cast<float>(win_w) - width;
  ImGui::SetNextWindowPos(ImVec2(x, 0), ImGuiCond_Always);
  // The user resizes the panel by dragging its inner edge; the layout's width (window.ini, the
  // Panel width slider) is imposed only when it changed elsewhere, so it does not undo the drag.
  ImGui::SetNextWindowSizeConstraints(ImVec2(kMinPanelWidth * ui_scale_, height),
                                      ImVec2(kMaxPanelWidth * ui_scale_, height));
  if (std::abs(width - shown_panel_width_) > 0.5f) ImGui::SetNextWindowSize(ImVec2(width, height), ImGuiCond_Always);
  ImGui::Begin("Profile", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoTitleBar |
                                       ImGuiWindowFlags_NoSavedSettings);
  // A width other than the one imposed is the user's drag: from then on it is theirs.
  if (std::abs(ImGui::GetWindowWidth() - width) > 0.5f) state_.layout.panel_width = ImGui::GetWindowWidth() / ui_scale_;
  shown_panel_width_ = ImGui::GetWindowWidth();
  ProfilePanelInputs inputs;
  inputs.open_link = [this](const std::string& url) {
    if (auto error = open_link(url)) state_.message.error(error->message());
  };
  inputs.photo = state_.photo_texture ? reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(state_.photo_texture))
                                      : nullptr;
  inputs.photo_size = state_.photo_size;
  inputs.fonts = &state_.fonts;
  draw_profile_panel(*state_.profile, state_.profile_panel, inputs);
  ImGui::End();
}

int run_viewer(ViewerLaunch launch) {
  Viewer viewer(std::move(launch));
  return viewer.run();
}

}  // namespace splatview
