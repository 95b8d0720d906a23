#pragma once
// The profile panel: a function of the profile that draws into the current Dear ImGui window — photo or
// initials avatar, name, role, links, bio, quote, news, publications as cards, and the CV sections under
// collapsing headers. It owns nothing: the caller supplies the photo texture, the fonts and what a click
// on a link does.
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

#include <imgui.h>

#include "app/panels/fonts.h"
#include "core/profile.h"

namespace splatview {

// Long lists are drawn a page at a time ("Show more" adds a page), so a profile with thousands of
// entries costs a frame no more than one with a few dozen.
inline constexpr std::size_t kPanelPageSize = 50;
inline constexpr std::size_t kPanelAuthorsShown = 40;  // per publication until "show all" is clicked

struct ProfilePanelInputs {
  // Called with the URL of a clicked link; only allowed links (http, https, mailto) are ever passed.
  std::function<void(const std::string& url)> open_link;
  ImTextureID photo = nullptr;  // the photo, uploaded by the caller; nullptr draws the initials avatar
  ImVec2 photo_size{0, 0};      // its size in pixels: the avatar shows its centred square
  const PanelFonts* fonts = nullptr;  // nullptr: the current font throughout
};

// What the panel remembers between frames. Reset it (= {}) when another profile is loaded.
struct ProfilePanelState {
  std::unordered_map<ImGuiID, std::size_t> shown;  // per list: how many entries are drawn
  // Per entry: the width it was laid out at and the height it took. An entry measured at the current
  // width that lies outside the visible area is skipped (its space reserved), so a frame costs what is
  // on screen, not what is in the profile.
  std::unordered_map<ImGuiID, ImVec2> measured;
};

void draw_profile_panel(const Profile& profile, ProfilePanelState& state, const ProfilePanelInputs& inputs);

// Every piece of text the panel shows for `profile`, joined (to know which glyphs it needs).
std::string profile_text(const Profile& profile);

}  // namespace splatview
