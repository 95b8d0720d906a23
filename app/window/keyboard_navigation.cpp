#include "app/window/keyboard_navigation.h"

namespace splatview {

void enable_keyboard_navigation(ImGuiIO& io) { io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard; }

void map_enter_to_activate(ImGuiIO& io) {
  auto down = [&io](ImGuiKey key) {
    const int index = io.KeyMap[key];
    return index >= 0 && index < IM_ARRAYSIZE(io.KeysDown) && io.KeysDown[index];
  };
  if (down(ImGuiKey_Enter) || down(ImGuiKey_KeyPadEnter)) io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

bool panels_own_keyboard() {
  const ImGuiIO& io = ImGui::GetIO();
  return io.WantTextInput || io.NavVisible || ImGui::IsAnyItemActive() ||
         ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
}

}  // namespace splatview
