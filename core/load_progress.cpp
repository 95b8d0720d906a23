#include "core/load_progress.h"

namespace splatview {

namespace {
constexpr const char* kCancelled = "loading cancelled";
}

Error load_cancelled(const std::string& name) { return Error{name, kCancelled, ""}; }

bool is_load_cancelled(const Error& error) { return error.what == kCancelled && error.hint.empty(); }

}  // namespace splatview
