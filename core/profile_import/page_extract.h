#pragma once
// Reads a researcher's profile out of a page's blocks (core/profile_import/page_blocks.h): the name
// heading, the contact links and role before the first section, then each section by its heading — bio,
// news, publications, contact, and CV sections (Education, Experience, Awards, ...). A section it does not
// know is skipped with one warning. Used for homepages and CVs alike. Internal to core.
#include <cstddef>
#include <string>

#include "core/profile_import/page_blocks.h"
#include "core/profile_import/profile_import.h"

namespace splatview::import_detail {

// Fills `part.profile` (only what the page gives) and `part.warnings` ("SOURCE line N: ...").
void extract_page(const PageBlocks& page, ImportPart& part);

// Records a warning "SOURCE line N: what" (or "SOURCE: what" when `line` is 0).
void warn(ImportPart& part, std::size_t line, const std::string& what);

}  // namespace splatview::import_detail
