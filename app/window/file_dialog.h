#pragma once
// Ctrl+O and the Open tab's "Open..." button: the desktop's own file dialog (kdialog on KDE, else
// zenity, else whichever is installed), started from an argument vector without a shell
// (app/subprocess.h) and polled each frame, so the UI never waits for the user to choose. Where
// neither program is installed the caller falls back to the Open tab's path field.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/subprocess.h"
#include "app/window/notice.h"

namespace splatview {

enum class DialogProgram { kZenity, kKdialog };

// The dialog for this desktop (`desktop`: $XDG_CURRENT_DESKTOP), among those `installed` says are
// there; nothing when neither is.
std::optional<DialogProgram> choose_dialog_program(std::string_view desktop,
                                                   const std::function<bool(const std::string&)>& installed);

// The program and its arguments: one file, starting in `folder`, scenes and profiles listed first.
std::vector<std::string> dialog_arguments(DialogProgram program, const std::filesystem::path& folder);

// The file the dialog printed (one line) when it exited with 0; nothing when the user cancelled
// or it printed nothing.
std::optional<std::filesystem::path> chosen_file(int exit_status, std::string_view output);

class FileDialog {
 public:
  // Opens the dialog unless one is open already. False when no dialog program is installed (the
  // caller shows its path field instead) or it could not start (`message` says why).
  bool open(const std::filesystem::path& folder, Notice& message);
  bool running() const { return child_.has_value(); }
  // Call every frame: the chosen file, once, when the dialog has closed with one. `message` gets
  // the error of a dialog that failed.
  std::optional<std::filesystem::path> poll(Notice& message);

 private:
  std::optional<Subprocess> child_;  // killed if the window closes while the dialog is open
  DialogProgram program_ = DialogProgram::kZenity;
};

}  // namespace splatview
