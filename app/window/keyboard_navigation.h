#pragma once
// Tab and the arrow keys move between the panels' widgets, Space or Enter presses one; the view's
// own keys (R, F, 1-6, Space ...) keep working whenever the user is not doing that.
#include <imgui.h>

namespace splatview {

// Turns ImGui's keyboard navigation on (once, where ImGui is set up).
void enable_keyboard_navigation(ImGuiIO& io);

// Call between the platform backend's new frame (which clears io.NavInputs) and ImGui::NewFrame.
// ImGui 1.86 presses a widget with Space only and keeps Enter for text entry; users expect Enter
// to press a button too.
void map_enter_to_activate(ImGuiIO& io);

// True while the panels, not the view, own the keyboard: a text field or a dragged widget has it,
// a popup is open, or the user is moving between widgets (where Space and Enter press the widget).
// ImGui's own WantCaptureKeyboard will not do here: with navigation on it is true whenever a
// panel merely has focus, which would leave the view's keys dead after any click on a panel.
bool panels_own_keyboard();

}  // namespace splatview
