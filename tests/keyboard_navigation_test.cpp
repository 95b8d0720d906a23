// Keyboard navigation of the panels against the view's own keys, on a bare ImGui context (no
// window, no GL): keys are pressed as a platform backend would report them.
#include <gtest/gtest.h>

#include <imgui.h>

#include "app/window/keyboard_navigation.h"

namespace splatview {
namespace {

class KeyboardNavigation : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    for (int key = 0; key < ImGuiKey_COUNT; ++key) io.KeyMap[key] = 100 + key;  // any free indices
    enable_keyboard_navigation(io);
    frame();  // the panel appears and takes focus, as the Controls window does at start
    frame();
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // One UI frame: a panel with two buttons well away from (10, 500), where the "view" is.
  void frame(int key_down = -1, bool click_view = false) {
    ImGuiIO& io = ImGui::GetIO();
    for (bool& down : io.KeysDown) down = false;
    if (key_down >= 0) io.KeysDown[io.KeyMap[key_down]] = true;
    io.MousePos = ImVec2(10, 500);
    io.MouseDown[0] = click_view;
    map_enter_to_activate(io);
    ImGui::NewFrame();
    owned = panels_own_keyboard();
    ImGui::SetNextWindowPos(ImVec2(400, 20));
    ImGui::SetNextWindowSize(ImVec2(200, 120));
    ImGui::Begin("Panel");
    if (ImGui::Button("First")) ++first_presses;
    if (ImGui::Button("Second")) ++second_presses;
    ImGui::End();
    ImGui::Render();
  }
  void press(int key) {
    frame(key);
    frame();
  }

  bool owned = false;
  int first_presses = 0, second_presses = 0;
};

TEST_F(KeyboardNavigation, AFocusedPanelLeavesTheKeysToTheView) {
  // ImGui itself claims the keyboard for a merely focused panel; the view must not lose it.
  EXPECT_TRUE(ImGui::GetIO().WantCaptureKeyboard);
  EXPECT_FALSE(owned);
}

TEST_F(KeyboardNavigation, ArrowsMoveBetweenWidgetsAndTheyThenOwnTheKeys) {
  press(ImGuiKey_DownArrow);
  EXPECT_TRUE(owned);
  EXPECT_EQ(first_presses + second_presses, 0);
}

TEST_F(KeyboardNavigation, EnterAndSpacePressTheWidgetUnderNavigation) {
  press(ImGuiKey_UpArrow);  // the first button (focus starts there; up cannot leave it)
  press(ImGuiKey_Enter);
  EXPECT_EQ(first_presses, 1);
  press(ImGuiKey_DownArrow);  // the second
  press(ImGuiKey_Space);
  EXPECT_EQ(second_presses, 1);
  EXPECT_EQ(first_presses, 1);
}

TEST_F(KeyboardNavigation, EnterPressesNothingWhileNoWidgetIsHighlighted) {
  press(ImGuiKey_Enter);
  EXPECT_EQ(first_presses + second_presses, 0);
  EXPECT_FALSE(owned);
}

TEST_F(KeyboardNavigation, AClickOnTheViewGivesTheKeysBack) {
  press(ImGuiKey_DownArrow);
  ASSERT_TRUE(owned);
  frame(-1, true);
  frame();
  frame();
  EXPECT_FALSE(owned);
}

TEST_F(KeyboardNavigation, EscapeGivesTheKeysBack) {
  press(ImGuiKey_DownArrow);
  ASSERT_TRUE(owned);
  press(ImGuiKey_Escape);
  frame();
  EXPECT_FALSE(owned);
}

}  // namespace
}  // namespace splatview
