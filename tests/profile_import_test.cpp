// Importing a profile from homepages, CVs and BibTeX (core/profile_import): the seed homepage and CV against
// the bundled profile typed by hand from them, one small page per site generator and a .bib with every name
// form and link field (each with its expected profile written here by hand), merging, and bad input. Every
// import goes through the TOML writer and back through the loader, as --import-profile's output would.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/profile.h"
#include "core/profile_import/import_text.h"
#include "core/profile_import/profile_import.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

std::filesystem::path fixture(const std::string& name) {
  return test::source_path("tests/data/profile_import/" + name);
}

std::filesystem::path seed(const std::string& name) { return test::source_path("../shared/seeds/" + name); }

struct Imported {
  Profile profile;
  std::vector<std::string> warnings;
};

// Imports, writes TOML and reads it back through the loader (which must accept it without a warning).
Imported import_ok(const std::vector<std::string>& sources, ImportOptions options = {}) {
  auto imported = import_profile(sources, options);
  EXPECT_TRUE(imported.ok()) << (imported.ok() ? "" : imported.error().message());
  if (!imported.ok()) return {};
  const std::filesystem::path folder = fixture("");
  const std::string toml = profile_to_toml(imported.value().profile, folder);
  auto loaded = parse_profile(toml, folder / "imported.toml");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message()) << "\n" << toml;
  if (!loaded.ok()) return {};
  for (const std::string& warning : loaded.value().warnings) ADD_FAILURE() << "loader warning: " << warning << "\n" << toml;
  return Imported{loaded.value().profile, imported.value().warnings};
}

Error import_error(const std::vector<std::string>& sources, ImportOptions options = {}) {
  auto imported = import_profile(sources, options);
  EXPECT_FALSE(imported.ok());
  return imported.ok() ? Error{} : imported.error();
}

bool any_warning(const std::vector<std::string>& warnings, const std::string& needle) {
  for (const std::string& warning : warnings)
    if (warning.find(needle) != std::string::npos) return true;
  return false;
}

void expect_links(const std::vector<ProfileLink>& actual, const std::vector<ProfileLink>& expected,
                  const std::string& where) {
  ASSERT_EQ(actual.size(), expected.size()) << where;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].label, expected[i].label) << where << " link " << i;
    EXPECT_EQ(actual[i].url, expected[i].url) << where << " link " << i;
  }
}

void expect_publication(const Publication& actual, const Publication& expected) {
  EXPECT_EQ(actual.title, expected.title);
  EXPECT_EQ(actual.authors, expected.authors) << expected.title;
  EXPECT_EQ(actual.venue, expected.venue) << expected.title;
  EXPECT_EQ(actual.note, expected.note) << expected.title;
  expect_links(actual.links, expected.links, expected.title);
}

void expect_entry(const CvEntry& actual, const CvEntry& expected) {
  EXPECT_EQ(actual.heading, expected.heading);
  EXPECT_EQ(actual.place, expected.place) << expected.heading;
  EXPECT_EQ(actual.dates, expected.dates) << expected.heading;
  EXPECT_EQ(actual.detail, expected.detail) << expected.heading;
  EXPECT_EQ(actual.url, expected.url) << expected.heading;
}

const CvSection* section_titled(const Profile& profile, const std::string& title) {
  for (const CvSection& section : profile.sections)
    if (section.title == title) return &section;
  return nullptr;
}

void expect_news(const std::vector<NewsItem>& actual, const std::vector<NewsItem>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].date, expected[i].date);
    EXPECT_EQ(actual[i].text, expected[i].text);
    EXPECT_EQ(actual[i].url, expected[i].url);
  }
}

// ---- the seed homepage and CV against the bundled profile ----

TEST(ProfileImport, SeedHomepageAndCvMatchTheBundledProfileExceptItsHandEdits) {
  if (!std::filesystem::exists(seed("homepage-hexu-zhao-2025.md"))) GTEST_SKIP() << "no ../shared/seeds here";
  ImportOptions options;
  options.base_url = "https://tarzanzhao.github.io/";  // the bundled file wrote relative links against it
  const Imported imported =
      import_ok({seed("homepage-hexu-zhao-2025.md").string(), seed("cv-hexu-zhao-2025.md").string()}, options);
  auto bundled_loaded = load_profile(test::source_path("data/profiles/hexu-zhao.toml"));
  ASSERT_TRUE(bundled_loaded.ok());
  const Profile& bundled = bundled_loaded.value().profile;
  const Profile& got = imported.profile;

  EXPECT_EQ(got.name, bundled.name);
  EXPECT_EQ(got.role, bundled.role);
  EXPECT_EQ(got.photo, bundled.photo);  // none: the homepage shows a splat scene, not a portrait
  EXPECT_EQ(got.bio, bundled.bio);      // the commented-out paragraph is not imported
  EXPECT_EQ(got.quote, bundled.quote);  // and neither is the commented-out quote
  expect_links(got.links, bundled.links, "profile");
  expect_news(got.news, bundled.news);

  ASSERT_EQ(got.publications.size(), bundled.publications.size());
  for (std::size_t i = 0; i < bundled.publications.size(); ++i) {
    Publication expected = bundled.publications[i];
    // Hand edit: the bundled ICLR note adds "(Top 0.5%) · GitHub (600+ stars)" from the CV to the homepage's
    // "ICLR2025 Oral"; the import keeps the homepage's words.
    if (expected.title == "On Scaling Up 3D Gaussian Splatting Training") expected.note = "Oral · * Equal Contribution";
    expect_publication(got.publications[i], expected);
  }

  // Sections: the CV's, by title. Hand edits of the bundled file, each checked against what the import gives:
  // 1. order: the bundled file puts Research Interests first; the CV has Education first.
  std::vector<std::string> titles;
  for (const CvSection& section : got.sections) titles.push_back(section.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"Education", "Research Interests", "Academic Service", "Experience",
                                              "Awards and Honors"}));
  ASSERT_EQ(got.sections.size(), bundled.sections.size());
  for (const CvSection& expected : bundled.sections) {
    const CvSection* section = section_titled(got, expected.title);
    ASSERT_NE(section, nullptr) << expected.title;
    ASSERT_EQ(section->entries.size(), expected.entries.size()) << expected.title;
    for (std::size_t i = 0; i < expected.entries.size(); ++i) {
      CvEntry want = expected.entries[i];
      if (expected.title == "Education") {
        // 2. the bundled Education uses the homepage's wording and dates; the CV says:
        want.heading = i == 0 ? "Ph.D. in Machine Learning Systems, advised by Prof. Jinyang Li and Prof. Aurojit Panda"
                              : "Bachelor of Computer Science";
        want.place = i == 0 ? "Courant Institute, New York University" : "Tsinghua University (Honored Yao Class)";
        want.dates = i == 0 ? "2023 – Present" : "2019 – 2023";
      }
      if (expected.title == "Experience") {
        // 3. the bundled dates of the two internships are the homepage's; its NVIDIA link is the news item's.
        if (i == 0) want.dates = "May 2025 – Now", want.url.clear();
        if (i == 1) want.dates = "May 2024 – Aug 2024";
      }
      if (expected.title == "Awards and Honors" && i == 0) {
        // 4. the bundled file splits the fellowship's university into place.
        want.heading = "Henry Mitchell MacCracken PhD Fellowship, New York University";
        want.place.clear();
      }
      expect_entry(section->entries[i], want);
    }
  }
  // 5. the bundled [scene] names the bundled scene; no source says which scene to show.
  EXPECT_FALSE(got.scene.has_value());
  // The CV's referees are not imported, with a warning; so are its '#' placeholder links.
  EXPECT_TRUE(any_warning(imported.warnings, "ACADEMIC REFEREES"));
  EXPECT_TRUE(any_warning(imported.warnings, "'Homepage' has no address"));
}

TEST(ProfileImport, SeedHomepageWithoutTheSiteAddressDropsRelativeLinksWithAWarning) {
  if (!std::filesystem::exists(seed("homepage-hexu-zhao-2025.md"))) GTEST_SKIP() << "no ../shared/seeds here";
  const Imported imported = import_ok({seed("homepage-hexu-zhao-2025.md").string()});
  EXPECT_EQ(imported.profile.name, "Hexu Zhao");
  EXPECT_EQ(imported.profile.links.size(), 7u);  // no CV (relative) and no Homepage (unknown)
  EXPECT_TRUE(any_warning(imported.warnings, "'assets/HexuZhao_CV_20251105.pdf' is relative"));
  EXPECT_TRUE(any_warning(imported.warnings, "homepage-hexu-zhao-2025.md line 206"));  // the first paper's arXiv
  EXPECT_TRUE(imported.profile.publications[0].links.empty());
  // Without the CV, the homepage's own Education and Experience are the sections.
  ASSERT_EQ(imported.profile.sections.size(), 2u);
  expect_entry(imported.profile.sections[0].entries[0],
               CvEntry{"Ph.D. in Computer Science, advised by Prof. Jinyang Li and Prof. Aurojit Panda", "",
                       "New York University Courant Institute", "Sept. 2023 – Present", ""});
  expect_entry(imported.profile.sections[1].entries[1],
               CvEntry{"Research Scientist Intern", "", "Microsoft Deepspeed", "May. 2024 – Aug. 2024", ""});
}

// ---- one page per site generator ----

TEST(ProfileImport, AcademicpagesAboutPageFindsTheNameFromTheMarkedAuthor) {
  const Imported got = import_ok({fixture("academicpages/about.md").string()});
  const Profile& p = got.profile;
  EXPECT_EQ(p.name, "Mira Okafor");  // _config.yml holds it; the publication list marks it with <u>
  EXPECT_EQ(p.role, "Fourth-year Ph.D. candidate in Robotics at Example Institute of Technology");
  EXPECT_EQ(p.bio,
            "I am a fourth-year Ph.D. candidate in Robotics at Example Institute of Technology, working with Prof. "
            "Grace Hopper on learning-based perception for legged robots. Before that I studied Electrical "
            "Engineering at Example State University, where I built autonomous boats.");
  expect_links(p.links,
               {{"Email", "mailto:mira.okafor@example.edu"},
                {"Google Scholar", "https://scholar.google.com/citations?user=ABCDEF"},
                {"ORCID", "https://orcid.org/0000-0002-1825-0097"},
                {"GitHub", "https://github.com/miraokafor"},
                {"X", "https://x.com/miraokafor"}},
               "profile");
  expect_news(p.news, {{"2025-03", "Our paper on terrain-aware locomotion was accepted to RSS 2025!",
                        "https://roboticsconference.org"},
                       {"2024-09", "I started an internship at Example Robotics.", ""}});
  ASSERT_EQ(p.publications.size(), 2u);
  expect_publication(p.publications[0],
                     {"Terrain-Aware Locomotion from Sparse Depth", {"Mira Okafor", "Tomas Lindqvist*", "Grace Hopper"},
                      "RSS 2025", "* Equal Contribution",
                      {{"Paper", "https://arxiv.org/abs/2503.00001"}, {"Code", "https://github.com/miraokafor/terrain"}}});
  expect_publication(p.publications[1], {"Learning to Walk on Ice", {"Tomas Lindqvist", "Mira Okafor", "Grace Hopper"},
                                         "ICRA 2024", "Spotlight", {{"PDF", "https://example.edu/papers/ice.pdf"}}});
  ASSERT_EQ(p.sections.size(), 2u);
  EXPECT_EQ(p.sections[0].title, "Education");
  ASSERT_EQ(p.sections[0].entries.size(), 2u);
  expect_entry(p.sections[0].entries[0],
               {"Ph.D. in Robotics, Example Institute of Technology", "", "", "2021 – present", ""});
  expect_entry(p.sections[0].entries[1],
               {"B.S. in Electrical Engineering, Example State University", "", "", "2017 – 2021", ""});
  EXPECT_EQ(p.sections[1].title, "Teaching");
  ASSERT_EQ(p.sections[1].entries.size(), 1u);
  expect_entry(p.sections[1].entries[0], {"Teaching assistant, Introduction to Robotics", "", "", "Fall 2023", ""});
  // The Liquid loop that lists _publications/ cannot be run here: one warning names its line.
  EXPECT_TRUE(any_warning(got.warnings, "about.md line 29: 4 template tags"));
  EXPECT_EQ(got.warnings.size(), 1u);
}

TEST(ProfileImport, AcadHomepageReadsPaperBoxesBadgesAndHtmlPublicationLists) {
  const Imported got = import_ok({fixture("acadhomepage/about.md").string()});
  const Profile& p = got.profile;
  EXPECT_EQ(p.name, "Lena Fischer");  // bold in one paper box, <u> in the HTML list
  EXPECT_EQ(p.role, "Research scientist at Example Labs working on neural rendering and 3D reconstruction");
  EXPECT_EQ(p.bio,
            "I am a research scientist at Example Labs working on neural rendering and 3D reconstruction. I received "
            "my Ph.D. from Example University in 2022, advised by Prof. Alan Turing. My work has appeared at CVPR, "
            "ICCV and SIGGRAPH.");
  EXPECT_TRUE(p.links.empty());  // the citation badge's Scholar link is inside the bio, not a contact link
  expect_news(p.news, {{"2024.06", "Two papers accepted to ECCV 2024.", ""},
                       {"2023.10", "Joined Example Labs as a research scientist.", ""}});
  ASSERT_EQ(p.publications.size(), 2u);
  expect_publication(p.publications[0], {"Fast Radiance Fields for Dynamic Scenes",
                                         {"Lena Fischer", "Ravi Patel", "Alan Turing"},
                                         "CVPR 2024",
                                         "A real-time method for dynamic scenes.",
                                         {{"Paper", "https://arxiv.org/abs/2404.00002"},
                                          {"Project", "https://example.github.io/fastrf"}}});
  expect_publication(p.publications[1],
                     {"Relightable Gaussian Avatars", {"Ravi Patel*", "Lena Fischer*", "Alan Turing"}, "ICCV 2023",
                      "* Equal Contribution",
                      {{"arXiv", "https://arxiv.org/abs/2308.00003"}, {"Code", "https://github.com/lenafischer/avatars"}}});
  ASSERT_EQ(p.sections.size(), 3u);
  EXPECT_EQ(p.sections[0].title, "Honors and Awards");  // the emoji is not part of the title
  ASSERT_EQ(p.sections[0].entries.size(), 2u);
  expect_entry(p.sections[0].entries[0], {"Best Thesis Award, Example University", "", "", "2022.05", ""});
  expect_entry(p.sections[0].entries[1], {"National Scholarship", "", "", "2019.10", ""});
  EXPECT_EQ(p.sections[1].title, "Educations");
  expect_entry(p.sections[1].entries.at(0),
               {"Ph.D. in Computer Science, Example University", "", "", "2017.09 - 2022.06", ""});
  EXPECT_EQ(p.sections[2].title, "Invited Talks");
  expect_entry(p.sections[2].entries.at(0), {"Fast radiance fields, Example Graphics Seminar", "", "", "2023.11", ""});
}

TEST(ProfileImport, HugoAcademicAuthorPageReadsItsFrontMatterAndAvatar) {
  const Imported got =
      import_ok({fixture("hugo-academic/_index.md").string(), fixture("hugo-academic/cite.bib").string()});
  const Profile& p = got.profile;
  EXPECT_EQ(p.name, "Priya Raman");
  EXPECT_EQ(p.role, "Associate Professor of Computer Graphics, Example Polytechnic");
  EXPECT_EQ(p.photo, fixture("hugo-academic/avatar.png"));
  EXPECT_EQ(p.bio,
            "Priya Raman is an associate professor at Example Polytechnic, where she leads the Visual Computing Group. "
            "Her group studies how to reconstruct, edit and render real scenes from casual captures, with a focus on "
            "methods that run on a laptop.");
  expect_links(p.links,
               {{"Email", "mailto:priya.raman@example-poly.edu"},
                {"Google Scholar", "https://scholar.google.com/citations?user=PR00001"},
                {"ORCID", "https://orcid.org/0000-0003-0000-0001"},
                {"GitHub", "https://github.com/priyaraman"},
                {"X", "https://twitter.com/priyaraman"}},
               "profile");
  EXPECT_TRUE(any_warning(got.warnings, "'uploads/resume.pdf' (cv)"));  // relative, and no --base-url
  ASSERT_EQ(p.publications.size(), 1u);
  expect_publication(p.publications[0], {"Editable 3D Worlds from Casual Photographs",
                                         {"Priya Raman", "Kwame Osei", "Sofie Lund"},
                                         "SIGGRAPH Asia 2024",
                                         "",
                                         {{"DOI", "https://doi.org/10.1145/0000000.0000001"},
                                          {"Code", "https://github.com/priyaraman/editable3d"}}});
  ASSERT_EQ(p.sections.size(), 2u);
  EXPECT_EQ(p.sections[0].title, "Research Interests");
  expect_entry(p.sections[0].entries.at(0),
               {"", "Neural Rendering, Geometry Processing, Computational Photography", "", "", ""});
  EXPECT_EQ(p.sections[1].title, "Education");
  ASSERT_EQ(p.sections[1].entries.size(), 2u);
  expect_entry(p.sections[1].entries[0], {"PhD in Computer Science", "", "Example University", "2015", ""});
  expect_entry(p.sections[1].entries[1], {"BTech in Computer Engineering", "", "Example Institute of Technology", "2009", ""});
}

TEST(ProfileImport, PlainHtmlPageReadsHeaderPhotoLinksAndSkipsCommentsScriptsAndUnknownSections) {
  ImportOptions options;
  options.base_url = "https://jonas.example.edu/";
  const Imported got = import_ok({fixture("plain-html/index.html").string()}, options);
  const Profile& p = got.profile;
  EXPECT_EQ(p.name, "Jonas Weber");
  EXPECT_EQ(p.role, "Assistant Professor, Department of Computer Science, Example University");
  EXPECT_EQ(p.photo, fixture("plain-html/photo.png"));
  EXPECT_EQ(p.bio,
            "I study efficient graphics systems: how to render and train 3D scenes on commodity GPUs. Previously I was a "
            "postdoc at Example Lab.");
  expect_links(p.links,
               {{"Email", "mailto:jonas.weber@example.edu"},
                {"Homepage", "https://jonas.example.edu/"},
                {"CV", "https://jonas.example.edu/cv.pdf"},
                {"Google Scholar", "https://scholar.google.com/citations?user=JW0001"},
                {"DBLP", "https://dblp.org/pid/00/0001.html"},
                {"LinkedIn", "https://www.linkedin.com/in/jonasweber"}},
               "profile");
  expect_news(p.news, {{"Jan 2025", "Our renderer paper won the best paper award at HPG 2025.", "https://hpg.example.org/"},
                       {"Sep 2024", "Joined Example University.", ""}});
  ASSERT_EQ(p.publications.size(), 2u);
  expect_publication(p.publications[0],
                     {"Tile-Based Splatting at Scale", {"Jonas Weber", "Ana Costa\u2020", "Lee Min"}, "HPG 2025",
                      "Best Paper",
                      {{"arXiv", "https://arxiv.org/abs/2501.00004"}, {"Code", "https://github.com/jweber/tiles"}}});
  expect_publication(p.publications[1], {"Streaming Gaussians over Slow Networks", {"Lee Min", "Jonas Weber"},
                                         "EGSR 2024", "", {{"PDF", "https://example.org/streaming.pdf"}}});
  ASSERT_EQ(p.sections.size(), 1u);
  EXPECT_EQ(p.sections[0].title, "Teaching");
  expect_entry(p.sections[0].entries.at(0), {"CS 101: Introduction to Computing", "", "", "Fall 2024", ""});
  EXPECT_TRUE(any_warning(got.warnings, "index.html line 34: section 'Hobbies' skipped"));
  for (const std::string& text : {p.bio, p.role})
    EXPECT_EQ(text.find("hidden"), std::string::npos) << "commented-out text imported";
}

TEST(ProfileImport, WarningsNameTheSourceLineInsideMarkdownBlocksOfHtml) {
  const std::string page = "---\ntitle: x\n---\n# Ada Example\n\n## Publications\n\n"
                           "<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n**A Title**\n\n"
                           "Ada Example, Bo Other\n\n*CVPR 2024* [Code](code/x)\n</div></div>\n";
  auto part = import_source_text(page, SourceKind::kMarkdownPage, "p.md", ".");
  ASSERT_TRUE(part.ok());
  ASSERT_EQ(part.value().profile.publications.size(), 1u);
  EXPECT_EQ(part.value().profile.publications[0].venue, "CVPR 2024");
  ASSERT_EQ(part.value().warnings.size(), 1u);
  EXPECT_EQ(part.value().warnings[0].rfind("p.md line 13: publication link 'Code' 'code/x' is relative", 0), 0u)
      << part.value().warnings[0];
}

// ---- BibTeX ----

TEST(ProfileImport, BibtexReadsEveryNameFormLatexAccentAndLinkField) {
  ImportOptions options;
  options.name = "Jonas Weber";  // a .bib alone does not say whose it is
  const Imported got = import_ok({fixture("papers.bib").string()}, options);
  const Profile& p = got.profile;
  EXPECT_EQ(p.name, "Jonas Weber");
  ASSERT_EQ(p.publications.size(), 3u);
  expect_publication(p.publications[0],
                     {"Tile-Based Splatting at Scale", {"Jonas Weber", "Ana Costa", "Lee Min"},
                      "High-Performance Graphics (HPG) 2025", "",
                      {{"arXiv", "https://arxiv.org/abs/2501.00004"},
                       {"Code", "https://github.com/jweber/tiles"},
                       {"Project Page", "https://jonas.example.edu/tiles/"}}});
  expect_publication(p.publications[1],
                     {"Straße und Gefühl: Études in Naïve Rendering",
                      {"José García", "Anna van der Berg", "Hans Müller Jr.", "The Splat Consortium", "et al."},
                      "International Conference on Learning Representations (ICLR) 2024", "Spotlight",
                      {{"Paper", "https://example.org/paper.html"},
                       {"DOI", "https://doi.org/10.1000/xyz.2024.001"},
                       {"PDF", "https://example.org/paper-full.pdf"},
                       {"Video", "https://www.youtube.com/watch?v=abc"}}});
  expect_publication(p.publications[2],
                     {"CLM: Removing the GPU Memory Barrier for 3D Gaussian Splatting",
                      {"Hexu Zhao*", "Xiwen Min*", "Xiaoteng Liu"}, "ASPLOS 2026", "* Equal Contribution",
                      {{"arXiv", "https://arxiv.org/abs/2511.04951"}}});
  EXPECT_TRUE(any_warning(got.warnings, "papers.bib line 37: unknown entry type @patentish"));
  EXPECT_TRUE(any_warning(got.warnings, "papers.bib line 38: entry 'notitle' has no title"));
}

TEST(ProfileImport, LatexTextToUtf8) {
  using import_detail::normalise_author;
  auto one = [](const std::string& bib) {
    auto part = import_source_text("@misc{k, title = {" + bib + "}}", SourceKind::kBibtex, "t.bib", ".");
    EXPECT_TRUE(part.ok());
    return part.ok() ? part.value().profile.publications.at(0).title : std::string();
  };
  EXPECT_EQ(one(R"(Erd\H{o}s and \v{S}koda)"), "Erdős and Škoda");
  EXPECT_EQ(one(R"({\c{C}}a\u{g}lar \'{\i} \`a \^o \~n \=a \.z \k{e} \r{u})"), "Çağlar í à ô ñ ā ż ę ů");
  EXPECT_EQ(one(R"(Smith \& Sons 50\% \emph{fast} pages 1--10 --- done~now)"), "Smith & Sons 50% fast pages 1–10 — done now");
  EXPECT_EQ(one(R"({\o}ystein {\aa}se {\L}ukasz \ss)"), "øystein åse Łukasz ß");
  EXPECT_EQ(normalise_author("*Hexu Zhao"), "Hexu Zhao*");
  EXPECT_EQ(normalise_author("\u2020Ana Costa"), "Ana Costa\u2020");
  EXPECT_EQ(normalise_author("Jie Zhou."), "Jie Zhou");
  EXPECT_EQ(normalise_author("Eric P."), "Eric P.");
}

// ---- merging ----

TEST(ProfileImport, PageAndBibWithOverlappingPapersGiveEachPaperOnceWithTheBibtexFields) {
  if (!std::filesystem::exists(seed("homepage-hexu-zhao-2025.md"))) GTEST_SKIP() << "no ../shared/seeds here";
  ImportOptions options;
  options.base_url = "https://tarzanzhao.github.io/";
  const Imported got = import_ok({seed("homepage-hexu-zhao-2025.md").string(), fixture("papers.bib").string()}, options);
  const Profile& p = got.profile;
  EXPECT_EQ(p.name, "Hexu Zhao");
  ASSERT_EQ(p.publications.size(), 6u + 2u);  // CLM is in both
  int clm = 0;
  for (const Publication& publication : p.publications)
    clm += import_detail::title_key(publication.title) == import_detail::title_key(
                                                                "CLM: Removing the GPU Memory Barrier for 3D Gaussian Splatting");
  EXPECT_EQ(clm, 1);
  // In the page's place, with the BibTeX's authors and venue; the page's links the .bib lacks are kept.
  expect_publication(p.publications[1],
                     {"CLM: Removing the GPU Memory Barrier for 3D Gaussian Splatting",
                      {"Hexu Zhao*", "Xiwen Min*", "Xiaoteng Liu"}, "ASPLOS 2026", "* Equal Contribution",
                      {{"arXiv", "https://arxiv.org/abs/2511.04951"},
                       {"Code", "https://github.com/nyu-systems/CLM-GS"},
                       {"Project Page", "https://tarzanzhao.github.io/CLM-GS/"}}});
  EXPECT_EQ(p.publications[6].title, "Tile-Based Splatting at Scale");
  EXPECT_EQ(p.publications[7].title, "Straße und Gefühl: Études in Naïve Rendering");
}

TEST(ProfileImport, NameOptionOverridesAndDisagreeingSourcesAreWarnedAbout) {
  ImportOptions options;
  options.name = "M. Okafor";
  const Imported got = import_ok({fixture("academicpages/about.md").string()}, options);
  EXPECT_EQ(got.profile.name, "M. Okafor");
  const Imported both = import_ok({fixture("plain-html/index.html").string(), fixture("hugo-academic/_index.md").string()});
  EXPECT_EQ(both.profile.name, "Jonas Weber");  // the first page
  EXPECT_TRUE(any_warning(both.warnings, "names 'Priya Raman', not 'Jonas Weber'"));
}

// ---- bad input ----

class ProfileImportBadInput : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::fresh_temp_dir("profile_import_bad"); }
  std::string write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return (dir_ / name).string();
  }
  std::filesystem::path dir_;
};

TEST_F(ProfileImportBadInput, BinaryFileIsAnErrorNamingIt) {
  const std::string path = write("photo.md", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  const Error error = import_error({path});
  EXPECT_EQ(error.file, path);
  EXPECT_NE(error.what.find("binary data"), std::string::npos);
}

TEST_F(ProfileImportBadInput, EmptyAndBlankPagesAreErrors) {
  EXPECT_NE(import_error({write("empty.md", "")}).what.find("empty"), std::string::npos);
  EXPECT_NE(import_error({write("blank.html", " \n\t\n")}).what.find("empty"), std::string::npos);
}

TEST_F(ProfileImportBadInput, PageWithNoNameSaysToPassName) {
  const std::string path = write("about.md", "## Bio\n\nI like rendering and have no heading with my name.\n");
  const Error error = import_error({path});
  EXPECT_EQ(error.file, path);
  EXPECT_NE(error.what.find("no name found"), std::string::npos);
  EXPECT_NE(error.hint.find("--name"), std::string::npos);
  ImportOptions options;
  options.name = "Ada Example";
  EXPECT_EQ(import_ok({path}, options).profile.bio, "I like rendering and have no heading with my name.");
}

TEST_F(ProfileImportBadInput, UnbalancedBracesInBibtexAreAnErrorNamingTheEntry) {
  const std::string path = write("refs.bib", "@article{good, title = {Fine}}\n\n@article{broken,\n  title = {Never {closed},\n");
  const Error error = import_error({path}, ImportOptions{std::string("A B"), ""});
  EXPECT_NE(error.what.find("line 3: entry 'broken' never closes"), std::string::npos) << error.message();
}

TEST_F(ProfileImportBadInput, BibtexWithOnlyUnknownEntryTypesIsAnError) {
  const Error error = import_error({write("refs.bib", "@gizmo{a, title = {X}}\n@gadget{b, title = {Y}}\n")},
                                   ImportOptions{std::string("A B"), ""});
  EXPECT_NE(error.what.find("no BibTeX entry"), std::string::npos);
}

TEST_F(ProfileImportBadInput, HugeFileIsAnErrorSayingTheLimit) {
  const std::string path = write("huge.html", std::string(kMaxImportSourceBytes + 1, 'a'));
  const Error error = import_error({path});
  EXPECT_EQ(error.file, path);
  EXPECT_NE(error.what.find("over the limit of 8,388,608"), std::string::npos) << error.message();
}

TEST_F(ProfileImportBadInput, InvalidUtf8IsReplacedWithAWarning) {
  const std::string path = write("page.md", "# Ada Ex\xff" "ample\n\n## Bio\n\nCaf\xc3 bar \xed\xa0\x80 end.\n");
  ImportOptions options;
  options.name = "Ada Example";
  const Imported got = import_ok({path}, options);
  EXPECT_TRUE(any_warning(got.warnings, "invalid UTF-8 (5 bytes) replaced"));
  EXPECT_EQ(got.profile.bio, "Caf\uFFFD bar \uFFFD\uFFFD\uFFFD end.");
}

TEST_F(ProfileImportBadInput, UnreadableOrUnknownSourcesAreErrors) {
  EXPECT_EQ(import_error({(dir_ / "missing.md").string()}).file, (dir_ / "missing.md").string());
  std::filesystem::create_directories(dir_ / "folder.md");
  EXPECT_EQ(import_error({(dir_ / "folder.md").string()}).file, (dir_ / "folder.md").string());
  const Error unknown = import_error({write("notes.docx", "x")});
  EXPECT_NE(unknown.what.find("not a source"), std::string::npos);
}

TEST_F(ProfileImportBadInput, PerEntryProblemsAreWarningsAndTheRestIsImported) {
  const std::string path = write("refs.bib",
                                 "@article{a, title = {Kept}, author = {A, B}, url = {javascript:alert(1)}}\n"
                                 "@article{b, author = {No Title}}\n@article{c, title = {Also kept}, year = bogus}\n");
  const Imported got = import_ok({path}, ImportOptions{std::string("B A"), ""});
  ASSERT_EQ(got.profile.publications.size(), 2u);
  EXPECT_TRUE(got.profile.publications[0].links.empty());
  EXPECT_TRUE(any_warning(got.warnings, "line 1: entry 'a' Paper link"));
  EXPECT_TRUE(any_warning(got.warnings, "line 2: entry 'b' has no title"));
  EXPECT_TRUE(any_warning(got.warnings, "'bogus' is not a defined @string"));
}

// ---- writing ----

TEST_F(ProfileImportBadInput, SafeWriteNeverReplacesWithoutPermissionAndLeavesNoTemporaryFile) {
  const std::filesystem::path target = dir_ / "me.toml";
  ASSERT_FALSE(write_text_file_safely(target, "name = \"A\"\n", false).has_value());
  const auto refused = write_text_file_safely(target, "name = \"B\"\n", false);
  ASSERT_TRUE(refused.has_value());
  EXPECT_NE(refused->hint.find("--force"), std::string::npos);
  ASSERT_FALSE(write_text_file_safely(target, "name = \"C\"\n", true).has_value());
  std::ifstream in(target);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "name = \"C\"\n");
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) files += entry.is_regular_file();
  EXPECT_EQ(files, 1u);
  EXPECT_TRUE(write_text_file_safely(dir_ / "no-such-folder" / "me.toml", "x", false).has_value());
}

TEST_F(ProfileImportBadInput, LoadAnyProfileImportsPagesInMemoryAndReadsTomlAsBefore) {
  auto page = load_any_profile(fixture("plain-html/index.html"));
  ASSERT_TRUE(page.ok()) << page.error().message();
  EXPECT_EQ(page.value().profile.name, "Jonas Weber");
  EXPECT_TRUE(any_warning(page.value().warnings, "line 34: section 'Hobbies' skipped"));
  auto toml = load_any_profile(test::source_path("data/profiles/hexu-zhao.toml"));
  ASSERT_TRUE(toml.ok());
  EXPECT_EQ(toml.value().profile.name, "Hexu Zhao");
}

}  // namespace
}  // namespace splatview
