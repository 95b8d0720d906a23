#pragma once
// Opens a profile's links in the system browser: `xdg-open URL` started with an argument vector (no
// shell, so nothing in the URL is ever interpreted), and only for http, https and mailto links.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace splatview {

// True when `url` may be opened: the scheme filter every click goes through (core's is_allowed_link).
bool may_open_link(std::string_view url);

// Starts xdg-open for `url` in its own session and returns without waiting for the browser. An Error
// when the URL is refused (nothing is started) or xdg-open cannot be started.
std::optional<Error> open_link(const std::string& url);

}  // namespace splatview
