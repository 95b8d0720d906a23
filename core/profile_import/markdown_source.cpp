// Markdown pages (mkdocs-material, Jekyll academicpages/AcadHomepage, Hugo academic): YAML front matter
// through yaml-cpp, the body through cmark-gfm to HTML (raw HTML blocks kept, source positions on every
// block), then the shared page reader. HTML comments vanish in the HTML parser, so commented-out content
// is not imported.
#include "core/profile_import/sources.h"

#include <cstdlib>
#include <memory>
#include <vector>

#include <cmark-gfm.h>
#include <yaml-cpp/yaml.h>

#include "core/profile_import/import_text.h"
#include "core/profile_import/page_blocks.h"
#include "core/profile_import/page_extract.h"

namespace splatview::import_detail {

namespace {

struct FrontMatter {
  std::string yaml;
  std::size_t lines = 0;  // lines before the body, the closing fence included
  bool toml = false;      // Hugo's "+++" front matter (not read)
};

FrontMatter split_front_matter(std::string_view text, std::string_view& body) {
  FrontMatter front;
  body = text;
  for (std::string_view fence : {"---", "+++"}) {
    if (text.rfind(fence, 0) != 0) continue;
    const std::size_t first_end = text.find('\n');
    if (first_end == std::string_view::npos || trim(text.substr(0, first_end)) != fence) continue;
    std::size_t line_start = first_end + 1;
    std::size_t lines = 1;
    while (line_start < text.size()) {
      std::size_t line_end = text.find('\n', line_start);
      if (line_end == std::string_view::npos) line_end = text.size();
      ++lines;
      const std::string line = trim(text.substr(line_start, line_end - line_start));
      if (line == fence || (fence == "---" && line == "...")) {
        front.yaml = std::string(text.substr(first_end + 1, line_start - first_end - 1));
        front.lines = lines;
        front.toml = fence == "+++";
        body = text.substr(std::min(text.size(), line_end + 1));
        return front;
      }
      line_start = line_end + 1;
    }
  }
  return front;
}

std::string scalar(const YAML::Node& node) {
  if (!node || !node.IsScalar()) return {};
  return collapse_space(node.Scalar());
}

// What a Hugo academic author page (content/authors/admin/_index.md) and other front matter give.
void read_front_matter(const FrontMatter& front, ImportPart& part, std::string& front_name, std::string& front_bio) {
  YAML::Node root;
  try {
    root = YAML::Load(front.yaml);
  } catch (const YAML::Exception& e) {
    warn(part, e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 2 : 1,
         "front matter is not valid YAML (" + e.msg + "); it is skipped");
    return;
  }
  if (!root.IsMap()) return;
  try {
    for (const char* key : {"name", "author", "title"}) {
      YAML::Node value = root[key];
      std::string candidate = value && value.IsMap() ? scalar(value["name"]) : scalar(value);
      if (looks_like_name(candidate)) {
        front_name = candidate;
        break;
      }
    }
    std::string role = scalar(root["role"]);
    if (const YAML::Node orgs = root["organizations"]; orgs && orgs.IsSequence()) {
      for (const YAML::Node& org : orgs) append_with(role, ", ", org.IsMap() ? scalar(org["name"]) : scalar(org));
    }
    part.profile.role = role;
    front_bio = scalar(root["bio"]);
    if (const std::string email = scalar(root["email"]); !email.empty() && email.find('@') != std::string::npos)
      part.profile.links.push_back(ProfileLink{"Email", "mailto:" + email});
    if (const YAML::Node social = root["social"]; social && social.IsSequence()) {
      for (const YAML::Node& item : social) {
        if (!item.IsMap()) continue;
        std::string link = scalar(item["link"]);
        if (link.empty()) link = scalar(item["url"]);
        const std::string icon = scalar(item["icon"]);
        const std::string url = absolute_url(link, part.base_url);
        if (url.empty() || link_problem(url)) {
          warn(part, 1, "front matter social link '" + link + "' (" + icon + ") is not a full https or mailto link (dropped)");
          continue;
        }
        std::string label = link_kind(url, icon);
        if (label.empty() && icon == "graduation-cap") label = "Google Scholar";
        if (label.empty()) label = icon.empty() ? "Link" : fix_all_caps(icon);
        part.profile.links.push_back(ProfileLink{label, url});
      }
    }
    if (const YAML::Node interests = root["interests"]; interests && interests.IsSequence() && interests.size() > 0) {
      CvEntry entry;
      for (const YAML::Node& interest : interests) append_with(entry.detail, ", ", scalar(interest));
      if (!entry.detail.empty()) part.profile.sections.push_back(CvSection{"Research Interests", {entry}});
    }
    if (const YAML::Node education = root["education"]; education && education.IsMap()) {
      CvSection section{"Education", {}};
      if (const YAML::Node courses = education["courses"]; courses && courses.IsSequence()) {
        for (const YAML::Node& course : courses) {
          if (!course.IsMap()) continue;
          CvEntry entry;
          entry.heading = scalar(course["course"]);
          entry.place = scalar(course["institution"]);
          entry.dates = scalar(course["year"]);
          if (!entry.heading.empty() || !entry.place.empty()) section.entries.push_back(std::move(entry));
        }
      }
      if (!section.entries.empty()) part.profile.sections.push_back(std::move(section));
    }
    for (const char* key : {"avatar", "photo", "image"}) {
      const std::string src = scalar(root[key]);
      if (src.empty()) continue;
      std::error_code ignored;
      const std::filesystem::path path = part.folder / std::filesystem::path(src).relative_path();
      if (std::filesystem::is_regular_file(path, ignored)) part.profile.photo = path;
      break;
    }
    // Hugo academic keeps the author's picture beside the page as avatar.*.
    if (part.profile.photo.empty() && (root["superuser"] || root["social"])) {
      for (const char* name : {"avatar.jpg", "avatar.jpeg", "avatar.png", "avatar.webp"}) {
        std::error_code ignored;
        if (std::filesystem::is_regular_file(part.folder / name, ignored)) {
          part.profile.photo = part.folder / name;
          break;
        }
      }
    }
  } catch (const YAML::Exception& e) {
    warn(part, 1, std::string("front matter could not be read (") + e.what() + ")");
  }
}

// kramdown reads Markdown inside an HTML block marked markdown="1" (AcadHomepage's paper boxes);
// CommonMark only does after a blank line, so one is added after such a tag.
// `added` gets the (1-based) line numbers of the added blank lines in the result.
std::string open_markdown_blocks(std::string_view body, std::vector<std::size_t>& added) {
  std::size_t line = 0;
  std::string out;
  out.reserve(body.size() + 64);
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view text_line = body.substr(start, end - start);
    out.append(text_line);
    out += '\n';
    ++line;
    if (text_line.find("markdown=\"1\"") != std::string_view::npos ||
        text_line.find("markdown='1'") != std::string_view::npos ||
        text_line.find("markdown=\"block\"") != std::string_view::npos) {
      out += '\n';
      added.push_back(++line);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<ImportPart> import_markdown(std::string_view text, ImportPart part) {
  if (const std::size_t line = markdown_line_nested_too_deep(text))
    return Error{part.source, "line " + std::to_string(line) + ": more than " + std::to_string(kMaxMarkdownPrefix) +
                                  " quotes or lists nested on one line",
                 "a homepage does not nest that deep; is this the right file?"};
  if (const std::size_t line = line_nested_too_deep(text))
    return Error{part.source, "line " + std::to_string(line) + ": HTML elements nested more than " +
                                  std::to_string(kMaxSourceNesting) + " deep",
                 "a homepage does not nest that deep; is this the right file?"};
  std::string_view body;
  const FrontMatter front = split_front_matter(text, body);
  std::string front_name, front_bio;
  if (front.toml)
    warn(part, 1, "TOML front matter (+++) is not read; convert it to YAML (---) to import its fields");
  else if (!front.yaml.empty())
    read_front_matter(front, part, front_name, front_bio);
  std::vector<std::size_t> added_lines;
  const std::string prepared = open_markdown_blocks(body, added_lines);
  const int options = CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS;
  std::unique_ptr<cmark_node, void (*)(cmark_node*)> document(
      cmark_parse_document(prepared.data(), prepared.size(), options), cmark_node_free);
  if (!document) return Error{part.source, "the Markdown parser ran out of memory", ""};
  std::unique_ptr<char, void (*)(void*)> html(cmark_render_html(document.get(), options, nullptr), std::free);
  if (!html) return Error{part.source, "the Markdown parser ran out of memory", ""};
  const PageBlocks page = blocks_from_html(html.get(), true, front.lines, added_lines);
  // Front matter values come first; the page fills what they leave empty.
  Profile front_profile = std::move(part.profile);
  part.profile = Profile{};
  extract_page(page, part);
  if (!front_name.empty()) part.profile.name = front_name;
  if (!front_profile.role.empty()) part.profile.role = front_profile.role;
  if (part.profile.photo.empty()) part.profile.photo = front_profile.photo;
  if (part.profile.bio.empty()) part.profile.bio = front_bio;
  part.profile.links.insert(part.profile.links.begin(), front_profile.links.begin(), front_profile.links.end());
  part.profile.sections.insert(part.profile.sections.end(), front_profile.sections.begin(), front_profile.sections.end());
  return part;
}

Result<ImportPart> import_html(std::string_view text, ImportPart part) {
  if (const std::size_t line = line_nested_too_deep(text))
    return Error{part.source, "line " + std::to_string(line) + ": HTML elements nested more than " +
                                  std::to_string(kMaxSourceNesting) + " deep",
                 "a homepage does not nest that deep; is this the right file?"};
  const PageBlocks page = blocks_from_html(text, false, 0);
  extract_page(page, part);
  return part;
}

}  // namespace splatview::import_detail
