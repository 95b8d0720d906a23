#pragma once
// BibTeX field text to plain UTF-8: LaTeX accents (\'e, \"{o}, \c{c}, {\ss}), escaped specials (\&),
// dashes (-- and ---), ties (~), simple commands (\emph{...}) and braces. Internal to core.
#include <string>
#include <string_view>

namespace splatview::import_detail {

std::string latex_to_text(std::string_view latex);

}  // namespace splatview::import_detail
