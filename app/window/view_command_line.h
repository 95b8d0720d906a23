#pragma once
// The Export tab's "Copy as command line": the view on screen as the splatview command that renders
// it headless (`splatview SCENE --eye ... --target ... --up ... --fovy ... --size WxH ...
// --screenshot view.png`), with numbers as people write them and words quoted for a POSIX shell.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/camera.h"
#include "render/renderer.h"

namespace splatview {

struct CommandLineView {
  std::filesystem::path scene;
  Camera camera;              // its eye, target, up, field of view and size
  RenderSettings settings;    // background, SH degree cap, scale modifier, render mode
  int scene_sh_degree = 3;    // the scene's own degree: a cap at or above it is left out
  bool transparent = false;
  std::filesystem::path output = "view.png";
};

// The arguments, without quoting: what a shell hands the program.
std::vector<std::string> view_command_words(const CommandLineView& view);

// The words joined for a shell: a word with anything but letters, digits and -_./,:+=@% is put in
// single quotes (a quote inside as '\'').
std::string shell_quoted(std::string_view word);
std::string view_command_line(const CommandLineView& view);

// The shortest text that reads back as the same float ("0.1", "-2.5", "1e-05"); -0 is "0".
std::string float_text(float value);

}  // namespace splatview
