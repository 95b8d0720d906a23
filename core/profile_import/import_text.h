#pragma once
// Text helpers shared by the importers: checking what a source is before parsing it, and the small
// normalisations every importer needs (white space, case, dates, names, link kinds). Internal to core.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace splatview::import_detail {

// Refuses a binary or empty source and repairs invalid UTF-8 (each bad sequence becomes U+FFFD);
// `repaired` counts the replacements. The error names `source`.
Result<std::string> checked_text(std::string_view bytes, const std::string& source, std::size_t& repaired);

std::string trim(std::string_view text);
// Runs of white space (including no-break spaces and line breaks) become one space; trimmed.
std::string collapse_space(std::string_view text);
std::string lower_ascii(std::string_view text);
bool starts_with_ci(std::string_view text, std::string_view prefix);
bool contains_ci(std::string_view text, std::string_view part);

// Leading and trailing emoji, symbols and punctuation removed ("🔥 News" → "News", "Bio:" → "Bio").
std::string strip_decoration(std::string_view text);

// Only the leading decoration removed ("🎉🎉 Our paper ...!" → "Our paper ...!").
std::string strip_leading_decoration(std::string_view text);

// "HEXU ZHAO" → "Hexu Zhao", "AWARDS AND HONORS" → "Awards and Honors"; text with lower case is kept.
std::string fix_all_caps(std::string_view text);

// True when the text could be a person's name: 2 to 6 words, letters, no sentence punctuation.
bool looks_like_name(std::string_view text);

// True when `text` reads as a date or a date range ("01/2025", "2022.02", "Sept. 2019 -- June 2023",
// "May 2025 – Now", "2024").
bool looks_like_date(std::string_view text);
// "--" between dates becomes "–".
std::string normalise_dates(std::string_view text);

// A title reduced for comparison: letters and digits, lower case, one space between words.
std::string title_key(std::string_view title);

// Moves equal-contribution and affiliation marks to the end of a name ("*Hexu Zhao" → "Hexu Zhao*") and
// drops superscript affiliation digits.
std::string normalise_author(std::string_view author);

// Splits an author list at commas, semicolons, " and " and "&"; drops empty parts and "et al.".
std::vector<std::string> split_authors(std::string_view text);

// What a contact link is, from its URL (and an icon or text hint): "Email", "Google Scholar", "DBLP",
// "GitHub", "LinkedIn", "ORCID", "X", "Zhihu", "CV", ...; empty when unknown.
std::string link_kind(std::string_view url, std::string_view hint);
// Where a kind sorts in the links list (known kinds first, in a fixed order).
int link_kind_rank(std::string_view label);

// The label of a publication link with no text of its own, from an icon name or its URL.
std::string publication_link_label(std::string_view url, std::string_view hint);

// A URL made absolute against `base_url` when it is relative; empty when it cannot be ("#", "", or
// relative with no base).
std::string absolute_url(std::string_view url, std::string_view base_url);

// "ICLR2025" → "ICLR 2025"; words after the year such as "Oral" or "Spotlight" are moved to `note`.
std::string normalise_venue(std::string_view venue, std::string& note);

// Appends `part` to `text` with `separator` when both are non-empty.
void append_with(std::string& text, std::string_view separator, std::string_view part);

}  // namespace splatview::import_detail
