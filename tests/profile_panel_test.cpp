// The profile panel in a headless Dear ImGui context (no window, no GL): it draws the bundled profile and
// hostile ones (huge strings, thousands of entries, empty fields, refused links) without tripping ImGui's
// asserts, produces geometry, passes only allowed links to the click callback, and costs a bounded number
// of vertices however long the lists. Also the link opener's scheme filter and the font loader.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/panels/fonts.h"
#include "app/panels/open_link.h"
#include "app/panels/profile_panel.h"
#include "core/profile.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

// One ImGui context per test, its font atlas built on the CPU as a renderer backend would.
class HeadlessImGui {
 public:
  explicit HeadlessImGui(ImVec2 display = ImVec2(480, 900), const std::filesystem::path& fonts = kDejaVuFolder) {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // as the OpenGL 3 backend declares
    fonts_ = load_panel_fonts(*io.Fonts, kPanelFontPixels, 1.0f, fonts);
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(1)));
  }
  ~HeadlessImGui() { ImGui::DestroyContext(context_); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  const PanelFonts& fonts() const { return fonts_; }

  // One frame with the panel in a window filling the display; returns the frame's draw data.
  ImDrawData* frame(const Profile& profile, ProfilePanelState& state, const ProfilePanelInputs& inputs,
                    float scroll_y = 0.0f) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("Profile", nullptr, ImGuiWindowFlags_NoSavedSettings);
    if (scroll_y >= 0.0f) ImGui::SetScrollY(scroll_y);
    draw_profile_panel(profile, state, inputs);
    ImGui::End();
    ImGui::Render();
    return ImGui::GetDrawData();
  }

  void mouse(ImVec2 position, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = position;
    io.MouseDown[0] = down;
  }

 private:
  ImGuiContext* context_ = nullptr;
  PanelFonts fonts_;
};

Profile bundled_profile() {
  auto loaded = load_profile(test::source_path("data/profiles/hexu-zhao.toml"));
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message());
  return loaded.ok() ? loaded.value().profile : Profile{};
}

// Built directly, not through the loader, so it also holds what the loader would have refused.
Profile hostile_profile(std::size_t entries) {
  Profile profile;
  profile.name = std::string(2000, 'N') + " %s %n ## ### \xE2\x80\xA6";
  profile.role = "";
  profile.bio = std::string(20000, 'x');  // one unbreakable word
  profile.quote = std::string(5000, ' ') + "\n\n\n" + std::string(5000, 'q');
  for (std::size_t i = 0; i < entries; ++i) {
    profile.links.push_back({i % 3 == 0 ? "" : "link %d ##" + std::to_string(i),
                             i % 2 == 0 ? "javascript:alert(" + std::to_string(i) + ")" : "https://example.com/" +
                                                                                              std::to_string(i)});
    profile.news.push_back({std::string(300, '9'), std::string(i % 7, 'n'), i % 5 == 0 ? "file:///etc/passwd" : ""});
    Publication publication;
    publication.title = i % 4 == 0 ? "" : std::string(1000, 'T');
    for (std::size_t a = 0; a < (i < 100 ? 200u : 3u); ++a) {
      publication.authors.push_back(a % 50 == 0 ? profile.name : "A. Author");
    }
    publication.venue = std::string(i % 2 == 0 ? 1500 : 0, 'V');
    publication.note = std::string(i % 3 == 0 ? 3000 : 0, 'o');
    publication.links = {{"", "https://example.com"}, {"Bad", "javascript:x"}, {std::string(900, 'L'), "mailto:a@b"}};
    profile.publications.push_back(std::move(publication));
  }
  for (std::size_t s = 0; s < 60; ++s) {
    CvSection section;
    section.title = s % 2 == 0 ? "" : "Section ##" + std::to_string(s);
    for (std::size_t e = 0; e < entries; ++e) {
      section.entries.push_back({std::string(e % 3, 'h'), std::string(e < 100 ? 400 : 4, 'd'), "",
                                 std::string(e % 2, 'y'), e % 4 == 0 ? "data:text/html,x" : ""});
    }
    profile.sections.push_back(std::move(section));
  }
  profile.sections.push_back({"Empty", {}});
  return profile;
}

TEST(ProfilePanel, DrawsTheBundledProfile) {
  HeadlessImGui imgui;
  const Profile profile = bundled_profile();
  ProfilePanelState state;
  ProfilePanelInputs inputs;
  inputs.fonts = &imgui.fonts();
  ImDrawData* data = nullptr;
  for (int i = 0; i < 3; ++i) data = imgui.frame(profile, state, inputs);  // let the layout settle
  ASSERT_NE(data, nullptr);
  EXPECT_GT(data->TotalVtxCount, 1000);
  EXPECT_GT(data->CmdListsCount, 0);
}

TEST(ProfilePanel, DrawsInANarrowWindowAndWithoutFonts) {
  HeadlessImGui imgui(ImVec2(60, 200));
  const Profile profile = bundled_profile();
  ProfilePanelState state;
  for (int i = 0; i < 3; ++i) EXPECT_GT(imgui.frame(profile, state, ProfilePanelInputs{})->TotalVtxCount, 0);
}

TEST(ProfilePanel, DrawsTheCallersPhotoInsteadOfTheInitials) {
  HeadlessImGui imgui;
  Profile profile = bundled_profile();
  ProfilePanelState state;
  ProfilePanelInputs inputs;
  const auto photo = reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(77));
  inputs.photo = photo;
  inputs.photo_size = ImVec2(640, 480);
  ImDrawData* data = imgui.frame(profile, state, inputs);
  bool used = false;
  for (int list = 0; list < data->CmdListsCount; ++list) {
    for (const ImDrawCmd& command : data->CmdLists[list]->CmdBuffer) used = used || command.TextureId == photo;
  }
  EXPECT_TRUE(used);
}

TEST(ProfilePanel, SurvivesAHostileProfileAtBoundedCost) {
  HeadlessImGui imgui;
  ProfilePanelState state;
  ProfilePanelInputs inputs;
  inputs.fonts = &imgui.fonts();
  const Profile small = hostile_profile(kPanelPageSize + 10);
  const Profile huge = hostile_profile(10000);

  // The same scroll positions in both: the top (name, bio), the publications and the CV sections.
  const float scrolls[] = {0.0f, 12000.0f, 40000.0f, 1e9f};
  ProfilePanelState small_state;
  auto slowest = std::chrono::steady_clock::duration::zero();
  for (const float scroll : scrolls) {
    int small_vertices = 0;
    int huge_vertices = 0;
    for (int i = 0; i < 2; ++i) {
      small_vertices = imgui.frame(small, small_state, inputs, scroll)->TotalVtxCount;
      const auto started = std::chrono::steady_clock::now();
      huge_vertices = imgui.frame(huge, state, inputs, scroll)->TotalVtxCount;
      if (i > 0) slowest = std::max(slowest, std::chrono::steady_clock::now() - started);
    }
    SCOPED_TRACE(scroll);
    EXPECT_GT(small_vertices, 0);
    // Paging: 10,000 entries per list cost what 60 do.
    EXPECT_GT(huge_vertices, small_vertices / 2);
    EXPECT_LT(huge_vertices, small_vertices * 2);
  }
  std::printf("slowest frame of the hostile profile, once laid out: %.1f ms\n",
              std::chrono::duration<double, std::milli>(slowest).count());
  EXPECT_LT(slowest, std::chrono::milliseconds(50));  // about 1 ms; generous for sanitizer builds
}

TEST(ProfilePanel, DrawsAnEmptyProfile) {
  HeadlessImGui imgui;
  ProfilePanelState state;
  Profile empty;
  EXPECT_GT(imgui.frame(empty, state, ProfilePanelInputs{})->TotalVtxCount, 0);  // the avatar circle at least
}

// Clicks every few pixels over the panel, as a monkey would, and records what reaches open_link.
std::vector<std::string> click_everywhere(HeadlessImGui& imgui, const Profile& profile, ImVec2 area) {
  std::vector<std::string> opened;
  ProfilePanelState state;
  ProfilePanelInputs inputs;
  inputs.fonts = &imgui.fonts();
  inputs.open_link = [&](const std::string& url) { opened.push_back(url); };
  imgui.frame(profile, state, inputs);
  for (float y = 4.0f; y < area.y; y += 9.0f) {
    for (float x = 8.0f; x < area.x; x += 24.0f) {
      imgui.mouse(ImVec2(x, y), false);
      imgui.frame(profile, state, inputs, -1.0f);
      imgui.mouse(ImVec2(x, y), true);
      imgui.frame(profile, state, inputs, -1.0f);
      imgui.mouse(ImVec2(x, y), false);
      imgui.frame(profile, state, inputs, -1.0f);
    }
  }
  return opened;
}

TEST(ProfilePanel, ClickingALinkOpensItsUrl) {
  HeadlessImGui imgui;
  const Profile profile = bundled_profile();
  const auto opened = click_everywhere(imgui, profile, ImVec2(480, 260));
  ASSERT_FALSE(opened.empty());
  std::set<std::string> known;
  for (const auto& link : profile.links) known.insert(link.url);
  for (const auto& url : opened) EXPECT_TRUE(known.count(url)) << url;
  EXPECT_TRUE(std::set<std::string>(opened.begin(), opened.end()).count("mailto:hz3496@nyu.edu"));
}

TEST(ProfilePanel, RefusedLinksAreNeverPassedToTheCallback) {
  HeadlessImGui imgui;
  Profile profile;
  profile.name = "Ada Example";
  for (int i = 0; i < 12; ++i) {
    profile.links.push_back({"Bad " + std::to_string(i), i % 2 ? "javascript:alert(1)" : "file:///etc/passwd"});
  }
  Publication publication;
  publication.title = "Paper";
  publication.links = {{"Run", "javascript:run()"}, {"Disk", "file:///x"}, {"Web", "https://example.com/ok"}};
  profile.publications.push_back(publication);
  const auto opened = click_everywhere(imgui, profile, ImVec2(480, 400));
  for (const auto& url : opened) EXPECT_EQ(url, "https://example.com/ok");
}

TEST(ProfilePanel, ShowMoreAddsAPage) {
  HeadlessImGui imgui;
  const Profile profile = hostile_profile(kPanelPageSize * 3);
  ProfilePanelState state;
  ProfilePanelInputs inputs;
  imgui.frame(profile, state, inputs);
  std::size_t pages = 0;
  for (const auto& [id, count] : state.shown) pages += count;
  EXPECT_GT(pages, 0u);
  // Every list starts at one page (authors at kPanelAuthorsShown, links inside cards at 20).
  for (const auto& [id, count] : state.shown) EXPECT_LE(count, kPanelPageSize);
}

// ---- The link opener's filter and the fonts ---------------------------------------------------------

TEST(OpenLink, OnlyHttpHttpsAndMailtoMayBeOpened) {
  EXPECT_TRUE(may_open_link("https://tarzanzhao.github.io/CLM-GS/"));
  EXPECT_TRUE(may_open_link("http://example.com"));
  EXPECT_TRUE(may_open_link("mailto:hz3496@nyu.edu"));
  EXPECT_TRUE(may_open_link("HTTPS://EXAMPLE.COM"));
  EXPECT_FALSE(may_open_link("javascript:alert(1)"));
  EXPECT_FALSE(may_open_link("JAVASCRIPT:alert(1)"));
  EXPECT_FALSE(may_open_link("file:///etc/passwd"));
  EXPECT_FALSE(may_open_link("data:text/html,<b>x</b>"));
  EXPECT_FALSE(may_open_link("ssh://host"));
  EXPECT_FALSE(may_open_link("--version"));  // would be an option to xdg-open
  EXPECT_FALSE(may_open_link("https://example.com/ --version"));
  EXPECT_FALSE(may_open_link("relative/path.pdf"));
  EXPECT_FALSE(may_open_link(""));
}

TEST(OpenLink, RefusedUrlsReturnAnErrorWithoutStartingAnything) {
  for (const char* url : {"javascript:alert(1)", "file:///etc/passwd", "--help", ""}) {
    const auto error = open_link(url);
    ASSERT_TRUE(error.has_value()) << url;
    EXPECT_EQ(error->what.rfind("not opened: ", 0), 0u) << error->what;
  }
}

TEST(PanelFonts, LoadsDejaVuWhenInstalled) {
  if (!std::filesystem::exists(std::filesystem::path(kDejaVuFolder) / "DejaVuSans.ttf")) {
    GTEST_SKIP() << "fonts-dejavu-core is not installed";
  }
  ImFontAtlas atlas;
  const PanelFonts fonts = load_panel_fonts(atlas, 16.0f, 2.0f);
  EXPECT_TRUE(fonts.system_font);
  ASSERT_NE(fonts.regular, nullptr);
  EXPECT_NE(fonts.bold, fonts.regular);
  EXPECT_NE(fonts.italic, fonts.regular);
  EXPECT_TRUE(atlas.Build());
  EXPECT_FLOAT_EQ(fonts.regular->FontSize, 32.0f);  // 16 px at a HiDPI scale of 2
  EXPECT_GT(fonts.heading->FontSize, fonts.regular->FontSize);
  EXPECT_NE(fonts.regular->FindGlyphNoFallback(0x2013), nullptr);  // the en dash of "2019 – 2023"
  EXPECT_NE(fonts.regular->FindGlyphNoFallback(0x2019), nullptr);  // the apostrophe of "bachelor’s"
}

// Issue 17: CJK names and titles come from the fallback font, only the characters the profile uses.
TEST(PanelFonts, CjkTextGetsItsGlyphsFromTheFallbackFont) {
  const std::vector<ImWchar> ranges = glyphs_beyond_panel_fonts("Hexu Zhao \xE8\xB5\xB5 caf\xC3\xA9 \xE2\x80\x93");
  ASSERT_EQ(ranges.size(), 3u);  // one range (赵 U+8D75) and the terminating zero
  EXPECT_EQ(ranges[0], 0x8D75);
  EXPECT_EQ(ranges[1], 0x8D75);
  EXPECT_TRUE(glyphs_beyond_panel_fonts("only Latin, \xC3\xA9 and \xE2\x80\x99").empty());
  if (!std::filesystem::exists(kFallbackFont) ||
      !std::filesystem::exists(std::filesystem::path(kDejaVuFolder) / "DejaVuSans.ttf"))
    GTEST_SKIP() << "fonts-wqy-microhei or fonts-dejavu-core is not installed";
  ImFontAtlas atlas;
  const PanelFonts fonts = load_panel_fonts(atlas, 16.0f, 1.0f, kDejaVuFolder, ranges.data());
  ASSERT_TRUE(atlas.Build());
  for (ImFont* font : {fonts.regular, fonts.bold, fonts.italic, fonts.heading})
    EXPECT_NE(font->FindGlyphNoFallback(0x8D75), nullptr);
  EXPECT_EQ(fonts.regular->FindGlyphNoFallback(0x8D76), nullptr);  // nothing the text does not use
}

TEST(PanelFonts, FallsBackToTheBuiltInFont) {
  const auto dir = test::fresh_temp_dir("panel-fonts");
  std::FILE* fake = std::fopen((dir / "DejaVuSans.ttf").c_str(), "wb");
  ASSERT_NE(fake, nullptr);
  std::fputs("<html>not a font</html>", fake);
  std::fclose(fake);
  for (const auto& folder : {dir, dir / "missing"}) {
    ImFontAtlas atlas;
    const PanelFonts fonts = load_panel_fonts(atlas, 16.0f, 1.0f, folder);
    EXPECT_FALSE(fonts.system_font);
    ASSERT_NE(fonts.regular, nullptr);
    ASSERT_NE(fonts.bold, nullptr);
    ASSERT_NE(fonts.italic, nullptr);
    ASSERT_NE(fonts.heading, nullptr);
    EXPECT_TRUE(atlas.Build());
  }
}

}  // namespace
}  // namespace splatview
