// Picking an importer for a source, the checks every source gets first (size, binary, empty, UTF-8), and
// loading an importable file as a profile through the TOML loader.
#include <string>

#include "core/file_bytes.h"
#include "core/profile_import/import_text.h"
#include "core/path_names.h"
#include "core/profile_import/page_extract.h"
#include "core/profile_import/profile_import.h"
#include "core/profile_import/sources.h"

namespace splatview {

namespace {

constexpr std::string_view kCvPrefix = "cv:";


bool names_a_cv(const std::filesystem::path& path) {
  const std::string stem = import_detail::lower_ascii(path.stem().string());
  for (std::string_view word : {"cv", "resume", "vita", "curriculum"}) {
    for (std::size_t at = stem.find(word); at != std::string::npos; at = stem.find(word, at + 1)) {
      const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(stem[at - 1]));
      const bool ends = at + word.size() == stem.size() || !std::isalpha(static_cast<unsigned char>(stem[at + word.size()]));
      if (starts && ends) return true;
    }
  }
  return false;
}

std::string size_text(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

}  // namespace

std::optional<SourceKind> source_kind_for(const std::filesystem::path& path) {
  const std::string text = path.string();
  if (text.rfind(kCvPrefix, 0) == 0) return SourceKind::kCv;
  const std::string extension = lower_extension(path);
  if (extension == ".md" || extension == ".markdown")
    return names_a_cv(path) ? SourceKind::kCv : SourceKind::kMarkdownPage;
  if (extension == ".html" || extension == ".htm" || extension == ".xhtml") return SourceKind::kHtmlPage;
  if (extension == ".txt" || extension == ".text") return SourceKind::kCv;
  if (extension == ".bib" || extension == ".bibtex") return SourceKind::kBibtex;
  return std::nullopt;
}

bool is_importable_profile_source(const std::filesystem::path& path) {
  return source_kind_for(path).has_value();
}

Result<ImportPart> import_source_text(std::string_view bytes, SourceKind kind, const std::string& source,
                                      const std::filesystem::path& folder, const std::string& base_url) {
  if (bytes.size() > kMaxImportSourceBytes)
    return Error{source, "the file is larger than the " + size_text(kMaxImportSourceBytes) + " a page, CV or .bib may be",
                 "import the page itself, not an archive or a site bundle"};
  std::size_t repaired = 0;
  auto text = import_detail::checked_text(bytes, source, repaired);
  if (!text) return text.error();
  ImportPart part;
  part.kind = kind;
  part.source = source;
  part.folder = folder;
  part.base_url = base_url;
  if (repaired)
    import_detail::warn(part, 0, "invalid UTF-8 (" + std::to_string(repaired) +
                                     " bytes) replaced with U+FFFD; save the file as UTF-8");
  switch (kind) {
    case SourceKind::kMarkdownPage:
    case SourceKind::kCv:
      return import_detail::import_markdown(text.value(), std::move(part));
    case SourceKind::kHtmlPage:
      return import_detail::import_html(text.value(), std::move(part));
    case SourceKind::kBibtex:
      return import_detail::import_bibtex(text.value(), std::move(part));
  }
  return Error{source, "unknown source kind", ""};
}

Result<ImportPart> import_source_file(const std::filesystem::path& path, SourceKind kind, const std::string& base_url) {
  auto bytes = FileBytes::open(path, kMaxImportSourceBytes, "a homepage page (.md, .html), a CV or a .bib file");
  if (!bytes) return bytes.error();
  const auto span = bytes.value().bytes();
  const std::string_view text(reinterpret_cast<const char*>(span.data()), span.size());
  return import_source_text(text, kind, path.string(), path.parent_path(), base_url);
}

Result<ImportedProfile> import_profile(const std::vector<std::string>& sources, const ImportOptions& options) {
  std::vector<ImportPart> parts;
  for (const std::string& source : sources) {
    std::filesystem::path path = source.rfind(kCvPrefix, 0) == 0 ? source.substr(kCvPrefix.size()) : source;
    const auto kind = source_kind_for(source);
    if (!kind)
      return Error{source, "not a source splatview imports",
                   "pass a homepage page (.md, .markdown, .html, .htm), a CV (.txt, or .md named cv/resume, or "
                   "cv:FILE) or a BibTeX file (.bib)"};
    auto part = import_source_file(path, *kind, options.base_url);
    if (!part) return part.error();
    parts.push_back(std::move(part.value()));
  }
  return merge_imports(std::move(parts), options);
}

Result<LoadedProfile> load_any_profile(const std::filesystem::path& path) {
  if (!is_importable_profile_source(path)) return load_profile(path);
  auto imported = import_profile({path.string()}, ImportOptions{});
  if (!imported) return imported.error();
  const std::string toml = profile_to_toml(imported.value().profile, path.parent_path());
  auto loaded = parse_profile(toml, path);
  if (!loaded) return loaded.error();
  // Callers name the file before each warning, as they do for TOML ("me.md: line 4: ...").
  std::vector<std::string> warnings;
  const std::string source = path.string();
  for (std::string& warning : imported.value().warnings) {
    if (warning.rfind(source, 0) == 0) warning = import_detail::trim(std::string_view(warning).substr(source.size()));
    if (!warning.empty() && warning[0] == ':') warning = import_detail::trim(std::string_view(warning).substr(1));
    warnings.push_back(std::move(warning));
  }
  for (std::string& warning : loaded.value().warnings) warnings.push_back("imported profile: " + warning);
  loaded.value().warnings = std::move(warnings);
  return loaded;
}

}  // namespace splatview
