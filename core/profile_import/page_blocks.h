#pragma once
// A homepage as a flat list of blocks (headings, paragraphs, list items) holding runs of formatted text,
// read from HTML with gumbo (an HTML5 parser). Markdown pages reach it through cmark's HTML, so both
// importers share one reader of page structure (core/profile_import/page_extract.cpp). Internal to core.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace splatview::import_detail {

enum RunFlag : unsigned {
  kStrong = 1u << 0,  // <strong>, <b>
  kEm = 1u << 1,      // <em>, <i>
  kUnder = 1u << 2,   // <u>: the owner in author lists
  kCode = 1u << 3,    // <code>: a venue in some themes
  kSup = 1u << 4,     // <sup>: affiliation digits or marks
  kBreak = 1u << 5,   // a line break (<br>, or a paragraph inside a list item)
  kImage = 1u << 6,   // an <img>: `src`, with `text` its alt text
  kBadge = 1u << 7,   // inside an element with class "badge" (a venue in AcadHomepage)
};

struct Run {
  std::string text;
  unsigned flags = 0;
  std::string href;  // the enclosing link, if any
  std::string icon;  // a shortcode icon in the text (":fontawesome-brands-github:" → "fontawesome-brands-github")
  std::string src;   // images only
};

enum class BlockType { kHeading, kParagraph, kListItem };

struct Block {
  BlockType type = BlockType::kParagraph;
  int level = 0;        // headings: 1..6; 0 for a <summary> (a disclosure's title)
  std::vector<Run> runs;
  std::size_t line = 0; // in the source file
  bool quote = false;   // inside <blockquote>
  int list_depth = 0;   // list items: 1 for a top-level list
  std::size_t group = 0;  // the enclosing publication/entry box (<div class="paper-box">), 0 when none
};

struct PageBlocks {
  std::vector<Block> blocks;
  std::string title;           // <title>
  std::string meta_author;     // <meta name="author">
  std::size_t template_tags = 0;   // Liquid/Hugo tags skipped ("{% ... %}", "{{< ... >}}")
  std::size_t too_deep = 0;        // elements skipped for nesting deeper than kMaxPageDepth
  std::size_t first_template_line = 0;
};

inline constexpr int kMaxPageDepth = 200;

// HTML parsers take time quadratic in the depth of open elements (gumbo scans its stack of open elements;
// cmark its open blocks), so sources nested deeper than this are refused before parsing. Real pages stay
// under a hundred.
inline constexpr std::size_t kMaxSourceNesting = 1000;

// The line where tags in `text` (HTML, or raw HTML in Markdown) first nest deeper than kMaxSourceNesting, or
// 0. Elements that close themselves (<p>, <li>, <td>, ...) and void elements (<br>, <img>) are not counted;
// comments, scripts and styles are skipped.
std::size_t line_nested_too_deep(std::string_view text);

// The line where a Markdown line opens more than kMaxMarkdownPrefix nested blocks at once
// ("> > > ...", "* 1. - ..."), or 0.
inline constexpr std::size_t kMaxMarkdownPrefix = 100;
std::size_t markdown_line_nested_too_deep(std::string_view text);

// `markdown_positions`: the HTML came from cmark with source positions (data-sourcepos) — lines come from
// there (offset by `line_offset`, the front matter's length, less the blank lines the Markdown importer
// added before each line in `added_lines`, sorted) rather than from the HTML text.
PageBlocks blocks_from_html(std::string_view html, bool markdown_positions, std::size_t line_offset,
                            const std::vector<std::size_t>& added_lines = {});

// The text of runs, white space collapsed; breaks become `break_text`.
std::string runs_text(const std::vector<Run>& runs, std::string_view break_text = " ");

}  // namespace splatview::import_detail
