#pragma once
// Builds a profile from what a researcher already has: homepage pages (Markdown or built HTML), a CV
// (plain text or Markdown) and a BibTeX file (docs/profile-format.md, "Import from your homepage").
// Each source is imported on its own into a partial profile with warnings ("SOURCE line N: ..."), then the
// parts are merged: BibTeX publications win over scraped ones with the same title, pages give the bio, news
// and links, the CV gives the sections. Structure that is not understood is skipped with a warning, never
// guessed into another field. Problems with a whole source (unreadable, binary, empty, too large,
// unbalanced BibTeX) are errors naming the file.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/profile.h"
#include "core/result.h"

namespace splatview {

// A homepage source may be large (a built page with inline scripts); a CV or .bib is far smaller.
inline constexpr std::size_t kMaxImportSourceBytes = 8u << 20;

enum class SourceKind { kMarkdownPage, kHtmlPage, kCv, kBibtex };

// The kind of a source from its name: .md/.markdown (a CV when the name says cv/resume/vita), .html/.htm,
// .txt (a CV), .bib; nothing for other names. A "cv:" prefix on the path forces a CV.
std::optional<SourceKind> source_kind_for(const std::filesystem::path& path);

// One imported source: what it gave, and what it saw but could not map.
struct ImportPart {
  SourceKind kind = SourceKind::kMarkdownPage;
  std::string source;                 // the name used in warnings
  std::filesystem::path folder;       // where relative photo paths are resolved
  std::string base_url;               // relative links are made absolute against it; dropped when empty
  Profile profile;                    // only the fields this source gave
  std::vector<std::string> marked_authors;  // authors marked as the owner (<u>, bold) in publication lists
  std::vector<std::string> warnings;  // each "SOURCE line N: what"
};

// Imports one source held in memory. `source` names it in messages; relative photos resolve in `folder`,
// relative links against `base_url` (the site's address; they are dropped with a warning when it is empty).
Result<ImportPart> import_source_text(std::string_view text, SourceKind kind, const std::string& source,
                                      const std::filesystem::path& folder, const std::string& base_url = {});

// Reads (at most kMaxImportSourceBytes) and imports one file.
Result<ImportPart> import_source_file(const std::filesystem::path& path, SourceKind kind,
                                      const std::string& base_url = {});

struct ImportOptions {
  std::optional<std::string> name;  // overrides what the sources say
  std::string base_url;             // the site's address: relative links are made absolute against it
};

struct ImportedProfile {
  Profile profile;
  std::vector<std::string> warnings;
  std::string summary;  // "found: name, role, 9 links, ..." for standard error
};

// Merges the parts (in command-line order). A profile with no name is an error naming the first source.
Result<ImportedProfile> merge_imports(std::vector<ImportPart> parts, const ImportOptions& options);

// Imports and merges files; each path may carry a "cv:" prefix.
Result<ImportedProfile> import_profile(const std::vector<std::string>& sources, const ImportOptions& options);

// TOML text for `profile` in the format load_profile reads; the photo is written relative to `toml_folder`.
std::string profile_to_toml(const Profile& profile, const std::filesystem::path& toml_folder);

// Writes `text` to `path` through write_file_safely (core/safe_write.h: a temporary beside it, fsynced,
// renamed); an existing `path` is an error unless `replace`.
std::optional<Error> write_text_file_safely(const std::filesystem::path& path, std::string_view text, bool replace);

// A profile from a .toml file, or from a page, CV or .bib imported in memory and checked through the same
// loader (the warnings hold the import's warnings first).
Result<LoadedProfile> load_any_profile(const std::filesystem::path& path);

// True when `path` names something load_any_profile imports rather than reads as TOML.
bool is_importable_profile_source(const std::filesystem::path& path);

}  // namespace splatview
