#pragma once
// The three importers, each from checked UTF-8 text into `part` (which names the source, its folder and the
// site's address). Internal to core; core/profile_import/import.cpp checks the text and picks one.
#include <string_view>

#include "core/profile_import/profile_import.h"

namespace splatview::import_detail {

Result<ImportPart> import_markdown(std::string_view text, ImportPart part);  // markdown_source.cpp
Result<ImportPart> import_html(std::string_view text, ImportPart part);      // markdown_source.cpp
Result<ImportPart> import_bibtex(std::string_view text, ImportPart part);    // bibtex.cpp

}  // namespace splatview::import_detail
