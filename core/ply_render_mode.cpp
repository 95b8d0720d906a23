#include "core/ply_render_mode.h"

#include <cctype>

#include "core/ply_header.h"

namespace splatview {

namespace {

constexpr std::string_view kKey = "SplatRenderMode:";

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

}  // namespace

bool is_render_mode_comment(std::string_view comment) { return comment.substr(0, kKey.size()) == kKey; }

RenderMode render_mode_from_comments(const std::vector<std::string>& comments, std::vector<std::string>& warnings) {
  for (const std::string& comment : comments) {
    if (!is_render_mode_comment(comment)) continue;
    const std::string_view value = trimmed(std::string_view(comment).substr(kKey.size()));
    if (equal_ignoring_case(value, "mip")) return RenderMode::kMip;
    if (equal_ignoring_case(value, "default")) return RenderMode::kClassic;
    // A warning, not a refusal: a comment is free text that every other reader ignores, so the file's
    // Gaussians are still what it holds; classic is how every other viewer draws it, and
    // --render-mode mip is one flag away.
    warnings.push_back("unknown render mode " + ply::in_quotes(value) +
                       " in the header (SplatRenderMode: mip or default); rendering classic (--render-mode "
                       "overrides)");
    return RenderMode::kClassic;
  }
  return RenderMode::kClassic;
}

std::string render_mode_comment(RenderMode mode) {
  return std::string(kKey) + (mode == RenderMode::kMip ? " mip" : " default");
}

}  // namespace splatview
