#include "core/profile_import/page_blocks.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <cstdlib>
#include <memory>

#include <gumbo.h>

#include "core/profile_import/import_text.h"

namespace splatview::import_detail {

namespace {

bool is_skipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_NAV: case GUMBO_TAG_IFRAME: case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_MATH: case GUMBO_TAG_INPUT: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
      return true;
    default:
      return false;
  }
}

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_HR: case GUMBO_TAG_PRE:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HGROUP: case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

int heading_level(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
  }
}

const char* attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
  return a ? a->value : nullptr;
}

// Removes what site generators leave in page text: icon shortcodes (kept in `icon`), mkdocs attribute
// lists ("{ align=right }"), and Liquid/Hugo template tags (counted).
std::string clean_inline(std::string_view text, std::string& icon, std::size_t& templates) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '{' && i + 1 < text.size() && (text[i + 1] == '{' || text[i + 1] == '%')) {
      const std::string_view close = text[i + 1] == '%' ? "%}" : "}}";
      const std::size_t end = text.find(close, i + 2);
      if (end != std::string_view::npos) {
        ++templates;
        i = end + 2;
        continue;
      }
    }
    if (c == '{') {
      const std::size_t end = text.find('}', i + 1);
      if (end != std::string_view::npos && end - i < 400) {
        const std::string inner = trim(text.substr(i + 1, end - i - 1));
        if (!inner.empty() && (inner[0] == '.' || inner[0] == '#' || inner[0] == ':' || inner.find('=') != std::string::npos)) {
          i = end + 1;
          continue;
        }
      }
    }
    if (c == ':') {
      std::size_t j = i + 1;
      bool dash = false;
      while (j < text.size() && (std::islower(static_cast<unsigned char>(text[j])) ||
                                 std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '-')) {
        dash = dash || text[j] == '-';
        ++j;
      }
      if (dash && j < text.size() && text[j] == ':' && j - i > 3) {
        const std::string name(text.substr(i + 1, j - i - 1));
        if (name.rfind("fontawesome", 0) == 0 || name.rfind("academicons", 0) == 0 || name.rfind("material", 0) == 0 ||
            name.rfind("octicons", 0) == 0 || name.rfind("simple", 0) == 0 || name.rfind("fa-", 0) == 0 ||
            name.rfind("fab-", 0) == 0 || name.rfind("fas-", 0) == 0 || name.rfind("ai-", 0) == 0) {
          if (icon.empty()) icon = name;
          i = j + 1;
          continue;
        }
      }
    }
    out += c;
    ++i;
  }
  return out;
}

struct Context {
  unsigned flags = 0;
  std::string href;
  bool quote = false;
  int list_depth = 0;
  std::size_t line = 0;
  std::size_t group = 0;
  int depth = 0;
};

class Walker {
 public:
  Walker(bool markdown_positions, std::size_t line_offset, const std::vector<std::size_t>& added_lines)
      : markdown_positions_(markdown_positions), line_offset_(line_offset), added_lines_(added_lines) {}

  PageBlocks take() { return std::move(page_); }

  void read_head(const GumboNode* node, int depth) {
    if (node->type != GUMBO_NODE_ELEMENT || depth > kMaxPageDepth) return;
    const GumboElement& element = node->v.element;
    if (element.tag == GUMBO_TAG_TITLE && page_.title.empty()) {
      std::string title;
      for (unsigned i = 0; i < element.children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
        if (child->type == GUMBO_NODE_TEXT) title += child->v.text.text;
      }
      page_.title = collapse_space(title);
    }
    if (element.tag == GUMBO_TAG_META) {
      const char* name = attribute(element, "name");
      const char* content = attribute(element, "content");
      if (name && content && lower_ascii(name) == "author") page_.meta_author = collapse_space(content);
    }
    for (unsigned i = 0; i < element.children.length; ++i)
      read_head(static_cast<const GumboNode*>(element.children.data[i]), depth + 1);
  }

  // A block container: consecutive inline children gather into one anonymous paragraph.
  void container(const GumboNode* node, Context context) {
    const GumboElement& element = node->v.element;
    std::size_t open = kNone;
    for (unsigned i = 0; i < element.children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
      if (child->type == GUMBO_NODE_ELEMENT && (is_block(child->v.element.tag) || is_skipped(child->v.element.tag))) {
        open = kNone;
        block(child, context);
        continue;
      }
      if (child->type == GUMBO_NODE_COMMENT || child->type == GUMBO_NODE_WHITESPACE) continue;
      if (open == kNone) {
        open = new_block(BlockType::kParagraph, 0, context, line_of(child, context));
      }
      inline_content(child, context, open);
    }
  }

  void block(const GumboNode* node, Context context) {
    const GumboElement& element = node->v.element;
    if (is_skipped(element.tag)) return;
    if (++context.depth > kMaxPageDepth) {
      ++page_.too_deep;
      return;
    }
    context.line = line_of(node, context);
    if (const char* classes = attribute(element, "class")) {
      const std::string c = lower_ascii(classes);
      if (context.group == 0 && (c.find("paper") != std::string::npos || c.find("pub") != std::string::npos ||
                                 c.find("entry") != std::string::npos))
        context.group = ++groups_;
      if (c.find("badge") != std::string::npos) context.flags |= kBadge;
    }
    if (const int level = heading_level(element.tag)) {
      const std::size_t index = new_block(BlockType::kHeading, level, context, context.line);
      children_inline(node, context, index);
      return;
    }
    switch (element.tag) {
      case GUMBO_TAG_P: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
      case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_PRE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CAPTION: {
        const std::size_t index = new_block(BlockType::kParagraph, 0, context, context.line);
        children_inline(node, context, index);
        return;
      }
      case GUMBO_TAG_SUMMARY: {
        const std::size_t index = new_block(BlockType::kHeading, 0, context, context.line);
        children_inline(node, context, index);
        return;
      }
      case GUMBO_TAG_HR:
        return;
      case GUMBO_TAG_BLOCKQUOTE:
        context.quote = true;
        container(node, context);
        return;
      case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        ++context.list_depth;
        container(node, context);
        return;
      case GUMBO_TAG_LI:
        list_item(node, context);
        return;
      default:
        container(node, context);
    }
  }

  // A list item's own text is one block; a paragraph inside it joins that text after a break, and a nested
  // list becomes blocks of its own after it.
  void list_item(const GumboNode* node, Context context) {
    const std::size_t index = new_block(BlockType::kListItem, 0, context, context.line);
    page_.blocks[index].list_depth = std::max(1, context.list_depth);
    const GumboElement& element = node->v.element;
    std::vector<const GumboNode*> nested;
    for (unsigned i = 0; i < element.children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
      if (child->type == GUMBO_NODE_ELEMENT) {
        const GumboTag tag = child->v.element.tag;
        if (is_skipped(tag)) continue;
        if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_LI || tag == GUMBO_TAG_BLOCKQUOTE ||
            tag == GUMBO_TAG_TABLE || heading_level(tag)) {
          nested.push_back(child);
          continue;
        }
        if (is_block(tag)) {
          if (!page_.blocks[index].runs.empty()) page_.blocks[index].runs.push_back(Run{"", kBreak, "", "", ""});
          children_inline(child, context, index);
          continue;
        }
      }
      inline_content(child, context, index);
    }
    for (const GumboNode* child : nested) block(child, context);
  }

  void children_inline(const GumboNode* node, Context context, std::size_t index) {
    const GumboElement& element = node->v.element;
    for (unsigned i = 0; i < element.children.length; ++i)
      inline_content(static_cast<const GumboNode*>(element.children.data[i]), context, index);
  }

  void inline_content(const GumboNode* node, Context context, std::size_t index) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
      Run run;
      run.text = clean_inline(node->v.text.text, run.icon, page_.template_tags);
      if (page_.template_tags && !page_.first_template_line) page_.first_template_line = context.line;
      run.flags = context.flags;
      run.href = context.href;
      if (!run.text.empty() || !run.icon.empty()) page_.blocks[index].runs.push_back(std::move(run));
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& element = node->v.element;
    if (is_skipped(element.tag)) return;
    if (++context.depth > kMaxPageDepth) {
      ++page_.too_deep;
      return;
    }
    switch (element.tag) {
      case GUMBO_TAG_STRONG: case GUMBO_TAG_B: context.flags |= kStrong; break;
      case GUMBO_TAG_EM: case GUMBO_TAG_I: case GUMBO_TAG_CITE: context.flags |= kEm; break;
      case GUMBO_TAG_U: case GUMBO_TAG_INS: context.flags |= kUnder; break;
      case GUMBO_TAG_CODE: case GUMBO_TAG_KBD: context.flags |= kCode; break;
      case GUMBO_TAG_SUP: context.flags |= kSup; break;
      case GUMBO_TAG_A:
        if (const char* href = attribute(element, "href")) context.href = href;
        break;
      case GUMBO_TAG_BR:
        page_.blocks[index].runs.push_back(Run{"", kBreak, "", "", ""});
        return;
      case GUMBO_TAG_IMG: {
        Run run;
        const char* src = attribute(element, "src");
        const char* alt = attribute(element, "alt");
        run.src = src ? src : "";
        run.text = alt ? alt : "";
        run.flags = context.flags | kImage;
        run.href = context.href;
        page_.blocks[index].runs.push_back(std::move(run));
        return;
      }
      default:
        break;
    }
    if (const char* classes = attribute(element, "class")) {
      const std::string c = lower_ascii(classes);
      if (c.find("badge") != std::string::npos) context.flags |= kBadge;
    }
    if (is_block(element.tag) && !page_.blocks[index].runs.empty())
      page_.blocks[index].runs.push_back(Run{"", kBreak, "", "", ""});
    children_inline(node, context, index);
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  std::size_t new_block(BlockType type, int level, const Context& context, std::size_t line) {
    Block block;
    block.type = type;
    block.level = level;
    block.quote = context.quote;
    block.list_depth = context.list_depth;
    block.line = line;
    block.group = context.group;
    page_.blocks.push_back(std::move(block));
    return page_.blocks.size() - 1;
  }

  std::size_t line_of(const GumboNode* node, const Context& context) const {
    if (markdown_positions_) {
      if (node->type == GUMBO_NODE_ELEMENT) {
        if (const char* position = attribute(node->v.element, "data-sourcepos")) {
          const std::size_t line = static_cast<std::size_t>(std::strtoul(position, nullptr, 10));
          const auto added = std::lower_bound(added_lines_.begin(), added_lines_.end(), line) - added_lines_.begin();
          return line - static_cast<std::size_t>(added) + line_offset_;
        }
      }
      return context.line;
    }
    if (node->type == GUMBO_NODE_ELEMENT) return node->v.element.start_pos.line;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) return node->v.text.start_pos.line;
    return context.line;
  }

  bool markdown_positions_;
  std::size_t line_offset_;
  const std::vector<std::size_t>& added_lines_;
  std::size_t groups_ = 0;
  PageBlocks page_;
};

}  // namespace

PageBlocks blocks_from_html(std::string_view html, bool markdown_positions, std::size_t line_offset,
                            const std::vector<std::size_t>& added_lines) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not reported; a page is read as a browser would
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&options, html.data(), html.size()),
      [](GumboOutput* out) { gumbo_destroy_output(&kGumboDefaultOptions, out); });
  Walker walker(markdown_positions, line_offset, added_lines);
  const GumboNode* root = output->root;
  const GumboElement& html_element = root->v.element;
  for (unsigned i = 0; i < html_element.children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(html_element.children.data[i]);
    if (child->type != GUMBO_NODE_ELEMENT) continue;
    if (child->v.element.tag == GUMBO_TAG_HEAD) walker.read_head(child, 0);
    if (child->v.element.tag == GUMBO_TAG_BODY) walker.container(child, Context{});
  }
  return walker.take();
}

std::size_t line_nested_too_deep(std::string_view text) {
  static constexpr std::string_view uncounted[] = {
      "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
      "caption", "rt", "rp", "html", "head", "body", "br", "img", "hr", "meta", "link", "input", "wbr", "col",
      "area", "base", "embed", "source", "track", "param"};
  std::size_t depth = 0, line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (text[i] != '<' || i + 1 >= text.size()) continue;
    if (text.compare(i, 4, "<!--") == 0) {
      const std::size_t end = text.find("-->", i + 4);
      const std::size_t stop = end == std::string_view::npos ? text.size() : end + 3;
      for (std::size_t k = i; k < stop; ++k) line += text[k] == '\n';
      i = stop - 1;
      continue;
    }
    const bool closing = text[i + 1] == '/';
    std::size_t j = i + 1 + (closing ? 1 : 0);
    const std::size_t name_start = j;
    while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
    if (j == name_start || !std::isalpha(static_cast<unsigned char>(text[name_start]))) continue;
    const std::string name = lower_ascii(text.substr(name_start, j - name_start));
    if (!closing && (name == "script" || name == "style")) {
      const std::size_t end = lower_ascii(text.substr(j)).find("</" + name);
      const std::size_t stop = end == std::string::npos ? text.size() : j + end;
      for (std::size_t k = i; k < stop; ++k) line += text[k] == '\n';
      i = stop - 1;
      continue;
    }
    if (std::find(std::begin(uncounted), std::end(uncounted), name) != std::end(uncounted)) continue;
    const std::size_t end = text.find('>', j);
    const bool self_closing = end != std::string_view::npos && end > 0 && text[end - 1] == '/';
    if (closing) {
      if (depth > 0) --depth;
    } else if (!self_closing && ++depth > kMaxSourceNesting) {
      return line;
    }
  }
  return 0;
}

std::size_t markdown_line_nested_too_deep(std::string_view text) {
  std::size_t line = 1;
  for (std::size_t start = 0; start < text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::size_t markers = 0;
    for (std::size_t i = start; i < end;) {
      const char c = text[i];
      if (c == ' ' || c == '\t') {
        ++i;
        continue;
      }
      if (c == '>' || c == '*' || c == '-' || c == '+') {
        ++markers, ++i;
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(c))) {
        std::size_t k = i;
        while (k < end && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
        if (k < end && (text[k] == '.' || text[k] == ')')) {
          ++markers, i = k + 1;
          continue;
        }
      }
      break;
    }
    if (markers > kMaxMarkdownPrefix) return line;
    start = end + 1;
  }
  return 0;
}

std::string runs_text(const std::vector<Run>& runs, std::string_view break_text) {
  std::string text;
  for (const Run& run : runs) {
    if (run.flags & kImage) continue;
    if (run.flags & kBreak) {
      text += break_text;
      continue;
    }
    text += run.text;
  }
  return break_text == " " ? collapse_space(text) : trim(text);
}

}  // namespace splatview::import_detail
