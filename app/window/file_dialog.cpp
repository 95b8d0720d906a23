#include "app/window/file_dialog.h"

#include <cstdlib>

namespace splatview {

namespace {

// The files the window opens: scenes, and profiles or the pages a profile is imported from.
constexpr const char* kPatterns = "*.ply *.splat *.spz *.sog *.glb *.gltf *.json *.toml *.md *.html *.htm *.bib";
constexpr const char* kTitle = "Open a scene or profile - splatview";

const char* program_name(DialogProgram program) { return program == DialogProgram::kKdialog ? "kdialog" : "zenity"; }

}  // namespace

std::optional<DialogProgram> choose_dialog_program(std::string_view desktop,
                                                   const std::function<bool(const std::string&)>& installed) {
  const bool kde = desktop.find("KDE") != std::string_view::npos;
  const DialogProgram first = kde ? DialogProgram::kKdialog : DialogProgram::kZenity;
  const DialogProgram second = kde ? DialogProgram::kZenity : DialogProgram::kKdialog;
  if (installed(program_name(first))) return first;
  if (installed(program_name(second))) return second;
  return std::nullopt;
}

std::vector<std::string> dialog_arguments(DialogProgram program, const std::filesystem::path& folder) {
  // A trailing slash makes zenity open the folder rather than pre-select a file named like it.
  const std::string start = folder.empty() ? std::string("./") : (folder / "").string();
  if (program == DialogProgram::kKdialog)
    return {"kdialog", "--title", kTitle, "--getopenfilename", start, std::string(kPatterns) + "|Scenes and profiles"};
  return {"zenity",
          "--file-selection",
          std::string("--title=") + kTitle,
          "--filename=" + start,
          std::string("--file-filter=Scenes and profiles | ") + kPatterns,
          "--file-filter=All files | *"};
}

std::optional<std::filesystem::path> chosen_file(int exit_status, std::string_view output) {
  if (exit_status != 0) return std::nullopt;
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.remove_suffix(1);
  // One file was asked for; should a dialog print more lines, the first is the choice.
  output = output.substr(0, output.find('\n'));
  if (output.empty()) return std::nullopt;
  return std::filesystem::path(std::string(output));
}

bool FileDialog::open(const std::filesystem::path& folder, Notice& message) {
  if (child_) return true;  // already open: the user is choosing
  const char* desktop = std::getenv("XDG_CURRENT_DESKTOP");
  const auto program = choose_dialog_program(desktop ? desktop : "", program_on_path);
  if (!program) return false;
  auto started = Subprocess::start_reading_output(dialog_arguments(*program, folder));
  if (!started) {
    message.error(started.error().message());
    return false;
  }
  program_ = *program;
  child_.emplace(std::move(started.value()));
  return true;
}

std::optional<std::filesystem::path> FileDialog::poll(Notice& message) {
  if (!child_) return std::nullopt;
  const std::optional<int> status = child_->try_finish();
  if (!status) return std::nullopt;
  std::optional<std::filesystem::path> chosen = chosen_file(*status, child_->output());
  // 1 is Cancel (or the window closed) for both programs: nothing to say.
  if (*status != 0 && *status != 1) {
    std::string why = child_->error_output();
    while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
    why = why.substr(why.find_last_of('\n') == std::string::npos ? 0 : why.find_last_of('\n') + 1);
    message.error(std::string(program_name(program_)) + ": the file dialog failed (exit status " +
                  std::to_string(*status) + (why.empty() ? "" : ": " + why) + "); type the path in the Open tab");
  }
  child_.reset();
  return chosen;
}

}  // namespace splatview
