#include "app/window/view_command_line.h"

#include <charconv>

#include "core/render_mode.h"

namespace splatview {

std::string float_text(float value) {
  if (value == 0.0f) value = 0.0f;  // no "-0"
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

namespace {

std::string vec3_text(glm::vec3 v) { return float_text(v.x) + "," + float_text(v.y) + "," + float_text(v.z); }

bool plain_shell_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-_./,:+=@%").find(c) != std::string_view::npos;
}

}  // namespace

std::vector<std::string> view_command_words(const CommandLineView& view) {
  const Camera& c = view.camera;
  std::vector<std::string> words = {"splatview",
                                    view.scene.string(),
                                    "--eye",
                                    vec3_text(c.eye),
                                    "--target",
                                    vec3_text(c.target),
                                    "--up",
                                    vec3_text(c.up),
                                    "--fovy",
                                    float_text(c.fovy_degrees),
                                    "--size",
                                    std::to_string(c.width) + "x" + std::to_string(c.height)};
  const RenderSettings& s = view.settings;
  if (view.transparent) {
    words.insert(words.end(), {"--background", "transparent"});
  } else if (s.background[0] != 0.0f || s.background[1] != 0.0f || s.background[2] != 0.0f) {
    words.insert(words.end(), {"--background", vec3_text({s.background[0], s.background[1], s.background[2]})});
  }
  if (s.max_sh_degree < view.scene_sh_degree) words.insert(words.end(), {"--sh-degree", std::to_string(s.max_sh_degree)});
  if (s.scale_modifier != 1.0f) words.insert(words.end(), {"--scale-modifier", float_text(s.scale_modifier)});
  if (s.render_mode) words.insert(words.end(), {"--render-mode", render_mode_name(*s.render_mode)});
  words.insert(words.end(), {"--screenshot", view.output.string()});
  return words;
}

std::string shell_quoted(std::string_view word) {
  bool plain = !word.empty();
  for (char c : word) plain = plain && plain_shell_char(c);
  if (plain) return std::string(word);
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string view_command_line(const CommandLineView& view) {
  std::string line;
  for (const std::string& word : view_command_words(view)) {
    if (!line.empty()) line += ' ';
    line += shell_quoted(word);
  }
  return line;
}

}  // namespace splatview
