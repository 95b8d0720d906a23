#include "app/panels/profile_panel.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/panels/panel_widgets.h"

namespace splatview {
namespace {

using namespace widgets;

// Everything a part of the panel needs: the layout in force, the profile and what the caller gave.
struct Panel : Layout {
  const Profile& profile;
  const ProfilePanelInputs& inputs;

  ImFont* font(ImFont* PanelFonts::*which) const { return inputs.fonts ? inputs.fonts->*which : nullptr; }
};

void link_pill(const Panel& panel, Flow& flow, std::string_view label, const std::string& url) {
  const auto problem = link_problem(url);
  const std::string tooltip = problem ? "Not opened: " + *problem : url;
  if (pill(panel, flow, label, tooltip, !problem) && panel.inputs.open_link) panel.inputs.open_link(url);
}

void links_row(const Panel& panel, const std::vector<ProfileLink>& links, std::size_t first_page = kPanelPageSize) {
  ImGui::PushID("links");
  const std::size_t count = std::min(links.size(), shown(panel, "list", first_page));
  Flow flow(panel);
  for (std::size_t i = 0; i < count; ++i) {
    ImGui::PushID(static_cast<int>(i));
    link_pill(panel, flow, links[i].label, links[i].url);
    ImGui::PopID();
  }
  if (links.size() > count) {
    flow.before(text_size("Show 0000 more (0000 of 0000 shown)").x);
    show_more(panel, "list", links.size(), kPanelPageSize, first_page);
  }
  ImGui::PopID();
}

std::uint32_t name_hash(std::string_view name) {
  std::uint32_t hash = 2166136261u;  // FNV-1a
  for (const char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

void avatar(const Panel& panel, float size) {
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size, size));
  if (!ImGui::IsItemVisible()) return;
  const ImVec2 max(min.x + size, min.y + size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 photo = panel.inputs.photo_size;
  if (panel.inputs.photo != nullptr && photo.x > 0.0f && photo.y > 0.0f) {
    // The centred square of the photo, in a circle.
    ImVec2 uv_min(0.0f, 0.0f);
    ImVec2 uv_max(1.0f, 1.0f);
    if (photo.x > photo.y) {
      uv_min.x = 0.5f * (1.0f - photo.y / photo.x);
      uv_max.x = 1.0f - uv_min.x;
    } else {
      uv_min.y = 0.5f * (1.0f - photo.x / photo.y);
      uv_max.y = 1.0f - uv_min.y;
    }
    draw->AddImageRounded(panel.inputs.photo, min, max, uv_min, uv_max, IM_COL32_WHITE, size * 0.5f);
    return;
  }
  // Initials on a colour of their own, the same for the same name.
  float r = 0.0f;
  float g = 0.0f;
  float b = 0.0f;
  ImGui::ColorConvertHSVtoRGB(static_cast<float>(name_hash(panel.profile.name) % 360u) / 360.0f, 0.45f, 0.65f, r, g,
                              b);
  const ImVec2 centre(min.x + size * 0.5f, min.y + size * 0.5f);
  draw->AddCircleFilled(centre, size * 0.5f, ImGui::GetColorU32(ImVec4(r, g, b, 1.0f)), 48);
  const std::string letters = initials(panel.profile.name);
  ImFont* font = panel.font(&PanelFonts::heading);
  if (font == nullptr) font = ImGui::GetFont();
  const float font_size = size * 0.4f;
  const ImVec2 letters_size = font->CalcTextSizeA(font_size, size, 0.0f, letters.c_str());
  draw->AddText(font, font_size, ImVec2(centre.x - letters_size.x * 0.5f, centre.y - letters_size.y * 0.5f),
                IM_COL32_WHITE, letters.c_str());
}

void identity(const Panel& panel) {
  const float avatar_size = std::max(32.0f, ImGui::GetFontSize() * 4.5f);
  avatar(panel, avatar_size);
  ImGui::SameLine();
  ImGui::BeginGroup();
  {
    FontScope heading(panel.font(&PanelFonts::heading));
    wrapped(panel, panel.profile.name);
  }
  if (!panel.profile.role.empty()) wrapped(panel, panel.profile.role, dim_color());
  ImGui::EndGroup();
}

void quote(const Panel& panel) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float bar = std::max(2.0f, ImGui::GetFontSize() * 0.2f);
  const float indent = bar + style.ItemSpacing.x;
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::Indent(indent);
  {
    FontScope italic(panel.font(&PanelFonts::italic));
    wrapped(panel, panel.profile.quote, color(ImGuiCol_Text, 0.85f));
  }
  ImGui::Unindent(indent);
  const float end_y = ImGui::GetItemRectMax().y;
  ImGui::GetWindowDrawList()->AddRectFilled(start, ImVec2(start.x + bar, end_y), accent_color(), bar * 0.5f);
}

// A news item: its date in a column of its own when it is short, then the text and its link.
void news_item(const Panel& panel, const NewsItem& item, float date_width) {
  if (!item.date.empty()) {
    const float width = text_size(item.date).x;
    const bool fits = width < date_width - ImGui::GetStyle().ItemSpacing.x;
    ColorScope dim(ImGuiCol_Text, dim_color());
    if (fits) {
      text(item.date);
      ImGui::SameLine(0.0f, date_width - width);
    } else {
      wrapped(panel, item.date);
    }
  }
  ImGui::BeginGroup();
  wrapped(panel, item.text);
  if (!item.url.empty()) {
    Flow flow(panel);
    link_pill(panel, flow, "Link", item.url);
  }
  ImGui::EndGroup();
}

void news(const Panel& panel) {
  const auto& items = panel.profile.news;
  ImGui::PushID("news");
  const std::size_t count = std::min(items.size(), shown(panel, "list"));
  const float date_width = ImGui::GetFontSize() * 5.0f;
  for (std::size_t i = 0; i < count; ++i) {
    const NewsItem& item = items[i];
    ImGui::PushID(static_cast<int>(i));
    entry(panel, "item", [&] { news_item(panel, item, date_width); });
    ImGui::PopID();
  }
  show_more(panel, "list", items.size(), kPanelPageSize);
  ImGui::PopID();
}

void authors(const Panel& panel, const Publication& publication) {
  ImGui::PushID("authors");
  const auto& names = publication.authors;
  const std::size_t count = std::min(names.size(), shown(panel, "list", kPanelAuthorsShown));
  const float space = text_size(" ").x;
  Flow flow(panel, space);
  const float comma = text_size(",").x;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& name = names[i];
    const bool last = i + 1 == names.size();
    const bool own = is_same_person(name, panel.profile.name);
    float width = 0.0f;
    {
      FontScope bold(own ? panel.font(&PanelFonts::bold) : nullptr);
      width = text_size(name).x;
    }
    flow.before(width + (last ? 0.0f : comma));
    {
      FontScope bold(own ? panel.font(&PanelFonts::bold) : nullptr);
      ColorScope highlight(ImGuiCol_Text, own ? accent_color() : color(ImGuiCol_Text, 0.85f));
      if (width > panel.available_width()) {
        wrapped(panel, name);
      } else {
        text(name);
      }
    }
    if (own) {  // underlined, as on the homepage
      const ImVec2 min = ImGui::GetItemRectMin();
      const ImVec2 max = ImGui::GetItemRectMax();
      ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, max.y), max, accent_color());
    }
    if (!last) {
      ImGui::SameLine(0.0f, 0.0f);
      ColorScope plain(ImGuiCol_Text, color(ImGuiCol_Text, 0.85f));
      text(",");
    }
    flow.after();
  }
  if (names.size() > count) {
    flow.before(text_size("Show 0000 more (0000 of 0000 shown)").x);
    show_more(panel, "list", names.size(), kPanelPageSize * 20, kPanelAuthorsShown);
  }
  ImGui::PopID();
}

void publication_card(Panel& panel, const Publication& publication) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float padding = std::max(6.0f, style.FramePadding.x * 1.5f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float right = panel.right_edge();

  // The card's background goes under its content, which is only known once drawn: draw the content into
  // channel 1, then the background into channel 0.
  draw->ChannelsSplit(2);
  draw->ChannelsSetCurrent(1);
  ImGui::Indent(padding);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + padding);
  panel.right_margin += padding;
  ImGui::BeginGroup();
  {
    FontScope bold(panel.font(&PanelFonts::bold));
    wrapped(panel, publication.title);
  }
  if (!publication.authors.empty()) authors(panel, publication);
  if (!publication.venue.empty()) badge(panel, publication.venue);
  if (!publication.note.empty()) {
    if (!publication.venue.empty() && ImGui::GetItemRectSize().x < panel.available_width() * 0.5f) ImGui::SameLine();
    wrapped(panel, publication.note, dim_color());
  }
  if (!publication.links.empty()) links_row(panel, publication.links, 20);
  ImGui::EndGroup();
  panel.right_margin -= padding;
  ImGui::Unindent(padding);
  const ImVec2 end(right, ImGui::GetItemRectMax().y + padding);

  draw->ChannelsSetCurrent(0);
  const float rounding = ImGui::GetFontSize() * 0.4f;
  draw->AddRectFilled(start, end, color(ImGuiCol_FrameBg, 0.6f), rounding);
  draw->AddRect(start, end, color(ImGuiCol_Border), rounding);
  draw->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start.x, end.y));
  ImGui::Dummy(ImVec2(0.0f, style.ItemSpacing.y * 0.5f));
}

void publications(Panel& panel) {
  const auto& items = panel.profile.publications;
  ImGui::PushID("publications");
  const std::size_t count = std::min(items.size(), shown(panel, "list"));
  for (std::size_t i = 0; i < count; ++i) {
    ImGui::PushID(static_cast<int>(i));
    entry(panel, "card", [&] { publication_card(panel, items[i]); });
    ImGui::PopID();
  }
  show_more(panel, "list", items.size(), kPanelPageSize);
  ImGui::PopID();
}

void cv_entry(const Panel& panel, const CvEntry& entry) {
  if (!entry.heading.empty()) {
    FontScope bold(panel.font(&PanelFonts::bold));
    wrapped(panel, entry.heading);
  }
  std::string where = entry.place;
  if (!entry.place.empty() && !entry.dates.empty()) where += "  \xC2\xB7  ";  // a middle dot
  where += entry.dates;
  if (!where.empty()) wrapped(panel, where, dim_color());
  if (!entry.detail.empty()) wrapped(panel, entry.detail);
  if (!entry.url.empty()) {
    Flow flow(panel);
    link_pill(panel, flow, "Link", entry.url);
  }
  ImGui::Spacing();
}

void cv_sections(const Panel& panel) {
  const auto& sections = panel.profile.sections;
  ImGui::PushID("sections");
  const std::size_t count = std::min(sections.size(), shown(panel, "list"));
  for (std::size_t i = 0; i < count; ++i) {
    const CvSection& section = sections[i];
    ImGui::PushID(static_cast<int>(i));
    if (section_header("header", section.title)) {
      const std::size_t entries = std::min(section.entries.size(), shown(panel, "entries"));
      for (std::size_t j = 0; j < entries; ++j) {
        ImGui::PushID(static_cast<int>(j));
        entry(panel, "entry", [&] { cv_entry(panel, section.entries[j]); });
        ImGui::PopID();
      }
      show_more(panel, "entries", section.entries.size(), kPanelPageSize);
    }
    ImGui::PopID();
  }
  show_more(panel, "list", sections.size(), kPanelPageSize);
  ImGui::PopID();
}

}  // namespace

void draw_profile_panel(const Profile& profile, ProfilePanelState& state, const ProfilePanelInputs& inputs) {
  Panel panel{{state}, profile, inputs};
  FontScope regular(panel.font(&PanelFonts::regular));
  ImGui::PushID("profile_panel");

  identity(panel);
  if (!profile.links.empty()) {
    ImGui::Spacing();
    links_row(panel, profile.links);
  }
  if (!profile.bio.empty()) {
    ImGui::Spacing();
    entry(panel, "bio", [&] { wrapped(panel, profile.bio); });
  }
  if (!profile.quote.empty()) {
    ImGui::Spacing();
    entry(panel, "quote", [&] { quote(panel); });
  }
  ImGui::Spacing();
  if (!profile.news.empty() && section_header("news_header", "News")) news(panel);
  if (!profile.publications.empty() &&
      section_header("publications_header", "Publications (" + std::to_string(profile.publications.size()) + ")")) {
    publications(panel);
  }
  cv_sections(panel);

  ImGui::PopID();
}

std::string profile_text(const Profile& p) {
  std::string text = p.name + '\n' + p.role + '\n' + p.bio + '\n' + p.quote + '\n';
  const auto add = [&text](const std::string& piece) {
    text += piece;
    text += '\n';
  };
  for (const ProfileLink& link : p.links) add(link.label);
  for (const NewsItem& item : p.news) {
    add(item.date);
    add(item.text);
  }
  for (const Publication& pub : p.publications) {
    add(pub.title);
    for (const std::string& author : pub.authors) add(author);
    add(pub.venue);
    add(pub.note);
    for (const ProfileLink& link : pub.links) add(link.label);
  }
  for (const CvSection& section : p.sections) {
    add(section.title);
    for (const CvEntry& entry : section.entries) {
      add(entry.heading);
      add(entry.detail);
      add(entry.place);
      add(entry.dates);
    }
  }
  return text;
}

}  // namespace splatview
