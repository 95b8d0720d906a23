// Merging imported sources into one profile. Who wins: --name, then a page, then a CV, then the author a
// page marks as its owner; pages give role, photo, bio, quote and news; links come from every source
// (each address once, in a fixed order of kinds); the CV gives the sections (a page's section is kept when
// the CV has none of that title); BibTeX publications replace scraped ones with the same title (their
// links are added to the BibTeX's), the others are appended.
#include <algorithm>
#include <map>

#include "core/profile_import/import_text.h"
#include "core/profile_import/profile_import.h"

namespace splatview {

namespace {

using namespace import_detail;

bool is_page(const ImportPart& part) {
  return part.kind == SourceKind::kMarkdownPage || part.kind == SourceKind::kHtmlPage;
}

std::string url_key(std::string url) {
  url = lower_ascii(url);
  while (!url.empty() && url.back() == '/') url.pop_back();
  for (std::string_view prefix : {"https://", "http://"})
    if (url.rfind(prefix, 0) == 0) url.erase(0, prefix.size());
  if (url.rfind("www.", 0) == 0) url.erase(0, 4);
  return url;
}

void merge_publication(Publication& scraped, Publication bib) {
  for (const ProfileLink& link : scraped.links) {
    const bool known = std::any_of(bib.links.begin(), bib.links.end(), [&](const ProfileLink& l) {
      return url_key(l.url) == url_key(link.url) || l.label == link.label;
    });
    if (!known) bib.links.push_back(link);
  }
  if (bib.note.empty()) bib.note = scraped.note;
  if (bib.authors.empty()) bib.authors = scraped.authors;
  if (bib.venue.empty()) bib.venue = scraped.venue;
  scraped = std::move(bib);
}

std::string count_text(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

Result<ImportedProfile> merge_imports(std::vector<ImportPart> parts, const ImportOptions& options) {
  ImportedProfile out;
  Profile& profile = out.profile;
  if (parts.empty()) return Error{"--import-profile", "no source given", "pass a homepage page, a CV or a .bib file"};

  // The order in which sources are asked for each single field.
  std::vector<const ImportPart*> by_priority;
  for (const ImportPart& part : parts) if (is_page(part)) by_priority.push_back(&part);
  for (const ImportPart& part : parts) if (part.kind == SourceKind::kCv) by_priority.push_back(&part);
  for (const ImportPart& part : parts) if (part.kind == SourceKind::kBibtex) by_priority.push_back(&part);

  // Name.
  std::string name_source;
  if (options.name && !trim(*options.name).empty()) {
    profile.name = trim(*options.name);
  } else {
    for (const ImportPart* part : by_priority) {
      if (!part->profile.name.empty()) {
        profile.name = part->profile.name;
        name_source = part->source;
        break;
      }
    }
    if (profile.name.empty()) {
      std::map<std::string, std::size_t> marks;
      std::string best;
      for (const ImportPart& part : parts)
        for (const std::string& author : part.marked_authors) {
          std::string bare = author;
          while (!bare.empty() && std::string_view("*#").find(bare.back()) != std::string_view::npos) bare.pop_back();
          if (!looks_like_name(bare)) continue;
          if (++marks[bare] > marks[best] || best.empty()) best = bare;
        }
      if (!best.empty() && marks[best] >= 1) profile.name = best;
    }
  }
  if (profile.name.empty())
    return Error{parts.front().source, "no name found (no name heading, page title or owner marked in the "
                                       "publication lists)",
                 "pass --name \"Your Name\""};
  for (const ImportPart* part : by_priority) {
    if (!part->profile.name.empty() && part->source != name_source && !is_same_person(part->profile.name, profile.name))
      out.warnings.push_back(part->source + ": names '" + part->profile.name + "', not '" + profile.name +
                             "' (the profile uses '" + profile.name + "')");
  }

  for (const ImportPart* part : by_priority) {
    if (profile.role.empty()) profile.role = part->profile.role;
    if (profile.photo.empty()) profile.photo = part->profile.photo;
    if (profile.bio.empty() && part->kind != SourceKind::kCv) profile.bio = part->profile.bio;
    if (profile.quote.empty()) profile.quote = part->profile.quote;
  }
  if (profile.bio.empty())
    for (const ImportPart* part : by_priority) if (profile.bio.empty()) profile.bio = part->profile.bio;

  // Links: every address once; the site's address is the homepage.
  std::vector<ProfileLink> links;
  const auto add_link = [&](const ProfileLink& link) {
    for (const ProfileLink& known : links)
      if (url_key(known.url) == url_key(link.url)) return;
    links.push_back(link);
  };
  for (const ImportPart* part : by_priority) for (const ProfileLink& link : part->profile.links) add_link(link);
  if (!options.base_url.empty()) {
    std::string home = absolute_url(options.base_url, "");
    if (home.empty()) home = "https://" + trim(options.base_url);
    if (!link_problem(home)) add_link(ProfileLink{"Homepage", home});
  }
  std::stable_sort(links.begin(), links.end(), [](const ProfileLink& a, const ProfileLink& b) {
    return link_kind_rank(a.label) < link_kind_rank(b.label);
  });
  profile.links = std::move(links);

  // News from every page, each once.
  for (const ImportPart* part : by_priority) {
    for (const NewsItem& item : part->profile.news) {
      const bool known = std::any_of(profile.news.begin(), profile.news.end(), [&](const NewsItem& n) {
        return n.date == item.date && n.text == item.text;
      });
      if (!known) profile.news.push_back(item);
    }
  }

  // Publications: pages first (a CV's only when no page has any), then BibTeX.
  const auto add_publications = [&](SourceKind kind) {
    for (const ImportPart& part : parts) {
      if (part.kind != kind && !(kind == SourceKind::kMarkdownPage && part.kind == SourceKind::kHtmlPage)) continue;
      for (const Publication& publication : part.profile.publications) {
        const std::string key = title_key(publication.title);
        const bool known = std::any_of(profile.publications.begin(), profile.publications.end(),
                                       [&](const Publication& p) { return title_key(p.title) == key; });
        if (!known) profile.publications.push_back(publication);
      }
    }
  };
  add_publications(SourceKind::kMarkdownPage);
  std::size_t cv_publications = 0;
  for (const ImportPart& part : parts)
    if (part.kind == SourceKind::kCv) cv_publications += part.profile.publications.size();
  if (profile.publications.empty()) {
    add_publications(SourceKind::kCv);
  } else if (cv_publications) {
    out.warnings.push_back("the CV's " + count_text(cv_publications, "publication is", "publications are") +
                           " not imported: the page's list is used (import a .bib to replace it)");
  }
  std::size_t from_bib = 0;
  for (ImportPart& part : parts) {
    if (part.kind != SourceKind::kBibtex) continue;
    for (Publication& publication : part.profile.publications) {
      const std::string key = title_key(publication.title);
      auto same = std::find_if(profile.publications.begin(), profile.publications.end(),
                               [&](const Publication& p) { return title_key(p.title) == key; });
      ++from_bib;
      if (same != profile.publications.end()) merge_publication(*same, std::move(publication));
      else profile.publications.push_back(std::move(publication));
    }
  }
  for (Publication& publication : profile.publications) {
    const bool equal = std::any_of(publication.authors.begin(), publication.authors.end(),
                                   [](const std::string& a) { return !a.empty() && a.back() == '*'; });
    if (equal && !contains_ci(publication.note, "equal contribution"))
      append_with(publication.note, " \u00b7 ", "* Equal Contribution");
  }

  // Sections: the CV's, then a page's whose title the CV does not have.
  for (const ImportPart& part : parts)
    if (part.kind == SourceKind::kCv)
      for (const CvSection& section : part.profile.sections) profile.sections.push_back(section);
  for (const ImportPart* part : by_priority) {
    if (part->kind == SourceKind::kCv) continue;
    for (const CvSection& section : part->profile.sections) {
      const std::string key = title_key(section.title);
      const bool known = std::any_of(profile.sections.begin(), profile.sections.end(),
                                     [&](const CvSection& s) { return title_key(s.title) == key; });
      if (!known) profile.sections.push_back(section);
    }
  }

  std::vector<std::string> all;
  for (ImportPart& part : parts) all.insert(all.end(), part.warnings.begin(), part.warnings.end());
  all.insert(all.end(), out.warnings.begin(), out.warnings.end());
  out.warnings = std::move(all);

  std::size_t entries = 0;
  for (const CvSection& section : profile.sections) entries += section.entries.size();
  std::size_t paragraphs = profile.bio.empty() ? 0 : 1;
  for (std::size_t at = profile.bio.find("\n\n"); at != std::string::npos; at = profile.bio.find("\n\n", at + 2)) ++paragraphs;
  out.summary = "name '" + profile.name + "'" + (profile.role.empty() ? ", no role" : ", role") +
                (profile.photo.empty() ? ", no photo" : ", photo") + ", bio " +
                count_text(paragraphs, "paragraph", "paragraphs") + (profile.quote.empty() ? "" : ", quote") + ", " +
                count_text(profile.links.size(), "link", "links") + ", " +
                count_text(profile.news.size(), "news item", "news items") + ", " +
                count_text(profile.publications.size(), "publication", "publications") +
                (from_bib ? " (" + std::to_string(from_bib) + " from BibTeX)" : "") + ", " +
                count_text(profile.sections.size(), "section", "sections") + " (" +
                count_text(entries, "entry", "entries") + "), " +
                count_text(out.warnings.size(), "warning", "warnings");
  return out;
}

}  // namespace splatview
