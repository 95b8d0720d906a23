// The profile loader: the bundled profile (checked against counts taken by hand from the seeds), and
// every kind of bad profile the format allows a user to write, each with its specific error or warning.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/photo.h"
#include "core/profile.h"
#include "core/profile_text.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

std::filesystem::path bundled_profile() { return test::source_path("data/profiles/hexu-zhao.toml"); }

LoadedProfile parse_ok(const std::string& text, const std::filesystem::path& name = "test.toml") {
  auto loaded = parse_profile(text, name);
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message());
  return loaded.ok() ? std::move(loaded).value() : LoadedProfile{};
}

Error parse_error(const std::string& text) {
  auto loaded = parse_profile(text, "bad.toml");
  EXPECT_FALSE(loaded.ok());
  return loaded.ok() ? Error{} : loaded.error();
}

// The one warning that contains `needle`; fails unless there is exactly one.
std::string warning_with(const LoadedProfile& loaded, const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& warning : loaded.warnings) {
    if (warning.find(needle) != std::string::npos) found.push_back(warning);
  }
  std::string all;
  for (const auto& warning : loaded.warnings) all += "\n  " + warning;
  EXPECT_EQ(found.size(), 1u) << "looking for '" << needle << "' in:" << all;
  return found.empty() ? std::string() : found.front();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// ---- The bundled profile ---------------------------------------------------------------------------

// Counted by hand in ../shared/seeds/homepage-hexu-zhao-2025.md and cv-hexu-zhao-2025.md:
// - publications: 6 (the homepage's list; the CV has the same six, four peer-reviewed and two under review)
// - publication links: 1 (arXiv) + 3 (arXiv, Code, Project Page) + 3 (same) + 1 (arXiv) + 1 (arXiv)
//   + 1 (Google Scholar) = 10; the homepage's commented-out links are not shown there and are not counted
// - profile links: the homepage's Office map, Work Email, CV, Google Scholar, DBLP, GitHub, LinkedIn and Zhihu
//   (the envelope icon repeats the email) and the CV's Homepage: 9
// - news: 2 (01/2025 NVIDIA, 03/2024 Microsoft)
// - Education 2, Experience 4 (NVIDIA, Microsoft, MBZUAI, ZhenFund), Service 1, Awards 3
constexpr std::size_t kSeedPublications = 6;
constexpr std::size_t kSeedPublicationLinks = 10;
constexpr std::size_t kSeedProfileLinks = 9;
constexpr std::size_t kSeedNews = 2;

TEST(ProfileLoader, BundledProfileLoadsWithoutWarnings) {
  auto loaded = load_profile(bundled_profile());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  for (const auto& warning : loaded.value().warnings) ADD_FAILURE() << warning;
  const Profile& profile = loaded.value().profile;
  EXPECT_EQ(profile.name, "Hexu Zhao");
  EXPECT_EQ(profile.role, "Ph.D. student of Computer Science at NYU Courant");
  EXPECT_TRUE(profile.photo.empty());  // the seeds have no portrait: the initials avatar shows
  EXPECT_EQ(profile.bio.rfind("I am a Ph.D. student of Computer Science at NYU Courant", 0), 0u);
  EXPECT_NE(profile.bio.find("System for Gaussian Splatting"), std::string::npos);
  EXPECT_EQ(profile.bio.find('\n'), std::string::npos);  // one paragraph: the line continuations joined
  EXPECT_EQ(profile.quote.rfind("I\xE2\x80\x99ve always had a taste for stepping away from the mainstream", 0), 0u);
}

TEST(ProfileLoader, BundledProfileHasEveryLinkOfTheSeeds) {
  auto loaded = load_profile(bundled_profile());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const auto& links = loaded.value().profile.links;
  ASSERT_EQ(links.size(), kSeedProfileLinks);
  const std::vector<std::string> labels = {"Email",    "Homepage", "CV",   "Google Scholar",
                                           "DBLP",     "GitHub",   "LinkedIn", "Zhihu",
                                           "Office: 424, 60 5th Ave, New York, NY 10011"};
  for (std::size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(links[i].label, labels[i]);
  EXPECT_EQ(links[0].url, "mailto:hz3496@nyu.edu");
  EXPECT_EQ(links[4].url, "https://dblp.org/pid/293/9714.html");
  EXPECT_EQ(links[5].url, "https://github.com/TarzanZhao");
  EXPECT_EQ(links[8].url, "https://maps.app.goo.gl/N7m2fM5EbM3TToB79");
  for (const auto& link : links) EXPECT_TRUE(is_allowed_link(link.url)) << link.url;
}

TEST(ProfileLoader, BundledProfileHasEveryNewsItem) {
  auto loaded = load_profile(bundled_profile());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const auto& news = loaded.value().profile.news;
  ASSERT_EQ(news.size(), kSeedNews);
  EXPECT_EQ(news[0].date, "01/2025");
  EXPECT_EQ(news[0].text, "I will join NVIDIA Spatial Intelligence Lab as a Research Scientist Intern in 2025 "
                          "Summer. See you in Santa Clara!");
  EXPECT_EQ(news[0].url, "https://research.nvidia.com/labs/sil/");
  EXPECT_EQ(news[1].date, "03/2024");
  EXPECT_EQ(news[1].text, "I will join Microsoft DeepSpeed Team as a Research Scientist Intern in 2024 Summer. "
                          "See you in Seattle!");
}

TEST(ProfileLoader, BundledProfileHasEveryPublicationWithAuthorsVenueAndLinks) {
  auto loaded = load_profile(bundled_profile());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const auto& publications = loaded.value().profile.publications;
  ASSERT_EQ(publications.size(), kSeedPublications);

  const std::vector<std::string> titles = {
      "Scaling Point-based Differentiable Rendering for Large-scale Reconstruction",
      "CLM: Removing the GPU Memory Barrier for 3D Gaussian Splatting",
      "On Scaling Up 3D Gaussian Splatting Training",
      "On Optimizing the Communication of Model Parallelism",
      "Fully Hyperbolic Neural Networks",
      "Development of a Doctor-in-the-loop Interpretation Framework for Insulin Titration in Diabetes: a "
      "Proof-of-concept Study"};
  const std::vector<std::size_t> author_counts = {9, 9, 7, 9, 8, 11};
  const std::vector<std::size_t> link_counts = {1, 3, 3, 1, 1, 1};
  const std::vector<std::string> venues = {"In submission", "ASPLOS 2026", "ICLR 2025", "MLSys 2023", "ACL 2022",
                                           "In submission to The Lancet Diabetes & Endocrinology Journal"};
  std::size_t total_links = 0;
  for (std::size_t i = 0; i < publications.size(); ++i) {
    SCOPED_TRACE(titles[i]);
    EXPECT_EQ(publications[i].title, titles[i]);
    EXPECT_EQ(publications[i].authors.size(), author_counts[i]);
    EXPECT_EQ(publications[i].links.size(), link_counts[i]);
    EXPECT_EQ(publications[i].venue, venues[i]);
    // Every paper is his: exactly one author is Hexu Zhao, with or without an equal-contribution mark.
    EXPECT_EQ(std::count_if(publications[i].authors.begin(), publications[i].authors.end(),
                            [](const std::string& author) { return is_same_person(author, "Hexu Zhao"); }),
              1);
    total_links += publications[i].links.size();
  }
  EXPECT_EQ(total_links, kSeedPublicationLinks);

  // Authors in order with the homepage's equal-contribution marks.
  const std::vector<std::string> clm = {"Hexu Zhao*", "Xiwen Min*", "Xiaoteng Liu", "Moonjun Gong", "Yiming Li",
                                        "Ang Li",     "Saining Xie", "Jinyang Li",  "Aurojit Panda"};
  EXPECT_EQ(publications[1].authors, clm);
  const std::vector<std::string> grendel = {"Hexu Zhao", "Haoyang Weng*", "Daohan Lu*", "Ang Li",
                                            "Jinyang Li", "Aurojit Panda", "Saining Xie"};
  EXPECT_EQ(publications[2].authors, grendel);
  EXPECT_EQ(publications[3].authors[0], "Yonghao Zhuang*");
  EXPECT_EQ(publications[3].authors[1], "Hexu Zhao*");
  EXPECT_EQ(publications[5].authors[7], "Hexu Zhao");

  // Links in the order the homepage gives them.
  ASSERT_EQ(publications[1].links.size(), 3u);
  EXPECT_EQ(publications[1].links[0].label, "arXiv");
  EXPECT_EQ(publications[1].links[0].url, "https://arxiv.org/abs/2511.04951");
  EXPECT_EQ(publications[1].links[1].label, "Code");
  EXPECT_EQ(publications[1].links[1].url, "https://github.com/nyu-systems/CLM-GS");
  EXPECT_EQ(publications[1].links[2].label, "Project Page");
  EXPECT_EQ(publications[1].links[2].url, "https://tarzanzhao.github.io/CLM-GS/");
  EXPECT_EQ(publications[2].links[1].url, "https://github.com/nyu-systems/Grendel-GS");
  EXPECT_EQ(publications[2].links[2].url, "https://daohanlu.github.io/scaling-up-3dgs/");
  EXPECT_EQ(publications[5].links[0].label, "Google Scholar");

  // The award and contribution notes.
  EXPECT_NE(publications[2].note.find("Oral"), std::string::npos);
  EXPECT_NE(publications[2].note.find("Top 0.5%"), std::string::npos);
  EXPECT_NE(publications[1].note.find("Equal Contribution"), std::string::npos);
}

TEST(ProfileLoader, BundledProfileHasTheCvSectionsAndScene) {
  auto loaded = load_profile(bundled_profile());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  const Profile& profile = loaded.value().profile;
  std::vector<std::pair<std::string, std::size_t>> sections;
  for (const auto& section : profile.sections) sections.emplace_back(section.title, section.entries.size());
  const std::vector<std::pair<std::string, std::size_t>> expected = {
      {"Research Interests", 1}, {"Education", 2}, {"Experience", 4}, {"Academic Service", 1},
      {"Awards and Honors", 3}};
  EXPECT_EQ(sections, expected);
  EXPECT_EQ(profile.sections[1].entries[1].place, "Tsinghua University");
  EXPECT_EQ(profile.sections[1].entries[1].dates, "Sept. 2019 \xE2\x80\x93 June 2023");
  EXPECT_EQ(profile.sections[2].entries[2].place, "MBZUAI");

  ASSERT_TRUE(profile.scene.has_value());
  EXPECT_TRUE(std::filesystem::equivalent(profile.scene->file, test::source_path("data/scenes/playbot-31k-sh1.ply")));
  EXPECT_EQ(profile.scene->up, "-y");
  EXPECT_EQ(profile.scene->up_vector, glm::vec3(0.0f, -1.0f, 0.0f));
  EXPECT_EQ(profile.scene->azimuth, 0.0f);
  EXPECT_EQ(profile.scene->elevation, 10.0f);
  EXPECT_FALSE(profile.scene->distance.has_value());
  EXPECT_GT(profile.scene->orbit_speed, 0.0f);
  EXPECT_LE(profile.scene->orbit_speed, 20.0f);  // slow
}

TEST(ProfileLoader, TheDocumentedExampleLoads) {
  std::ifstream in(test::source_path("docs/profile-format.md"));
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t start = doc.find("```toml\nname = \"Ada Example\"");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find("```", start + 7);
  ASSERT_NE(end, std::string::npos);
  const auto loaded = parse_ok(doc.substr(start + 8, end - start - 8), test::fresh_temp_dir("profile-doc") / "me.toml");
  // Only the example's files are missing here.
  ASSERT_EQ(loaded.warnings.size(), 2u);
  EXPECT_NE(loaded.warnings[0].find("photo 'ada.jpg' not found"), std::string::npos);
  EXPECT_NE(loaded.warnings[1].find("scene file 'scenes/my-lab.ply' not found"), std::string::npos);
  const Profile& profile = loaded.profile;
  EXPECT_EQ(profile.name, "Ada Example");
  EXPECT_EQ(profile.bio, "I study systems for neural rendering: how to train and render very large scenes on many "
                         "GPUs.\n\nBefore that I studied mathematics.");
  EXPECT_EQ(profile.links.size(), 2u);
  EXPECT_EQ(profile.news.size(), 2u);
  EXPECT_EQ(profile.news[1].date, "2024-09-01");
  ASSERT_EQ(profile.publications.size(), 2u);
  EXPECT_EQ(profile.publications[0].links.size(), 3u);
  EXPECT_EQ(profile.publications[1].links.size(), 2u);
  ASSERT_EQ(profile.sections.size(), 2u);
  EXPECT_EQ(profile.sections[0].entries.size(), 2u);
  EXPECT_EQ(profile.sections[1].entries[0].url, "https://example.edu/awards");
  ASSERT_TRUE(profile.scene.has_value());
  EXPECT_EQ(profile.scene->azimuth, 30.0f);
  EXPECT_EQ(profile.scene->orbit_speed, 8.0f);
}

// ---- Errors ------------------------------------------------------------------------------------------

TEST(ProfileLoader, NotTomlIsAnErrorWithLineAndColumn) {
  const Error error = parse_error("name = \"Ada\"\nrole = \"unterminated\n");
  EXPECT_EQ(error.file, "bad.toml");
  EXPECT_NE(error.what.find("line 2, column"), std::string::npos) << error.what;
  EXPECT_NE(error.what.find("not valid TOML"), std::string::npos) << error.what;
  EXPECT_NE(error.message().find("bad.toml: line 2"), std::string::npos);

  EXPECT_NE(parse_error("<html><body>not a profile</body></html>").what.find("not valid TOML"), std::string::npos);
  EXPECT_NE(parse_error(std::string("name = \"A\"\n\x89PNG\r\n\x1a\n\0\0", 20)).what.find("not valid TOML"),
            std::string::npos);
}

TEST(ProfileLoader, MissingNameIsAnError) {
  const Error error = parse_error("role = \"Ph.D. student\"\n");
  EXPECT_EQ(error.what, "the profile has no name");
  EXPECT_NE(error.hint.find("name = "), std::string::npos);
  EXPECT_EQ(parse_error("").what, "the profile has no name");
}

TEST(ProfileLoader, NameOfTheWrongTypeOrEmptyIsAnErrorWithItsLine) {
  EXPECT_EQ(parse_error("# me\nname = 42\n").what, "line 2: name must be text, not an integer");
  EXPECT_EQ(parse_error("name = [\"Ada\"]\n").what, "line 1: name must be text, not a list");
  EXPECT_EQ(parse_error("name = \"   \"\n").what, "line 1: name is empty");
  EXPECT_EQ(parse_error("[name]\nfirst = \"Ada\"\n").what, "line 1: name must be text, not a table");
}

TEST(ProfileLoader, MissingAndUnreadableFilesAreErrors) {
  const auto dir = test::fresh_temp_dir("profile-files");
  auto missing = load_profile(dir / "nope.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().file, (dir / "nope.toml").string());
  EXPECT_EQ(missing.error().what, "no such file");
  auto folder = load_profile(dir);
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error().what, "not a regular file");
}

TEST(ProfileLoader, TenMegabyteFileOrBioIsRefusedBeforeParsing) {
  const auto dir = test::fresh_temp_dir("profile-huge");
  const std::string bio(10u << 20, 'a');
  const std::string text = "name = \"Ada\"\nbio = \"" + bio + "\"\n";
  write_file(dir / "huge.toml", text);
  const auto started = std::chrono::steady_clock::now();
  auto loaded = load_profile(dir / "huge.toml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().what.find("more than the 4.0 MiB allowed"), std::string::npos) << loaded.error().what;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));

  const Error parsed = parse_error(text);
  EXPECT_NE(parsed.what.find("10.0 MiB"), std::string::npos) << parsed.what;
}

TEST(ProfileLoader, DeeplyNestedKeysAreRefusedBeforeToml) {
  // Tens of thousands of levels overflow toml++'s recursion; the pre-check refuses them first.
  std::string deep_key = "name = \"Ada\"\nx";
  for (int i = 0; i < 100000; ++i) deep_key += ".a";
  const Error error = parse_error(deep_key + " = 1\n");
  EXPECT_EQ(error.what, "line 2: a key with more than 16 dotted parts");

  std::string deep_header = "name = \"Ada\"\n\n[x";
  for (int i = 0; i < 100000; ++i) deep_header += ".\"q\"";
  EXPECT_EQ(parse_error(deep_header + "]\n").what, "line 3: a key with more than 16 dotted parts");

  EXPECT_EQ(parse_error("name = \"Ada\"\nx = " + std::string(100, '[') + std::string(100, ']') + "\n").what,
            "line 2: brackets or braces nested more than 16 deep");
  // Dots and brackets inside strings and comments do not count.
  const auto fine = parse_ok("name = \"A.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r\"  # [[[[[[[[[[[[[[[[[[[[ ............\n"
                             "bio = '''[[[[[[[[[[[[[[[[[[[[[[[[ . . . . . . . . . . . . . . . . . . . . . . . .'''\n");
  EXPECT_TRUE(fine.warnings.empty());
}

// ---- Warnings ----------------------------------------------------------------------------------------

TEST(ProfileLoader, WrongTypesAreWarningsWithLineNumbersAndTheValueIsIgnored) {
  const auto loaded = parse_ok(
      "name = \"Ada\"\n"
      "bio = 42\n"
      "quote = [\"a\"]\n"
      "links = \"https://example.com\"\n"
      "[[publications]]\n"
      "title = \"A paper\"\n"
      "authors = \"Ada, Bob\"\n"
      "venue = 2025\n"
      "[scene]\n"
      "elevation = \"high\"\n");
  EXPECT_EQ(warning_with(loaded, "bio"), "line 2: bio must be text, not an integer (ignored)");
  EXPECT_EQ(warning_with(loaded, "quote"), "line 3: quote must be text, not a list (ignored)");
  EXPECT_EQ(warning_with(loaded, "links must"),
            "line 4: links must be a list of tables ([[links]]), not text (ignored)");
  EXPECT_NE(warning_with(loaded, "authors").rfind("line 7: publication 1 authors must be a list of names", 0),
            std::string::npos);
  EXPECT_EQ(warning_with(loaded, "venue"), "line 8: publication 1 venue must be text, not an integer (ignored)");
  EXPECT_EQ(warning_with(loaded, "elevation"), "line 10: scene elevation must be a number, not text (ignored)");
  const Profile& profile = loaded.profile;
  EXPECT_TRUE(profile.bio.empty());
  EXPECT_TRUE(profile.links.empty());
  ASSERT_EQ(profile.publications.size(), 1u);
  EXPECT_TRUE(profile.publications[0].authors.empty());
  EXPECT_EQ(profile.scene->elevation, 10.0f);  // the default
}

TEST(ProfileLoader, UnknownKeysAreWarningsWithLineNumbersAndSuggestions) {
  const auto loaded = parse_ok(
      "name = \"Ada\"\n"
      "rol = \"Student\"\n"
      "\n"
      "[[publications]]\n"
      "titel = \"A paper\"\n"
      "title = \"A paper\"\n"
      "pages = 12\n"
      "[[sections]]\n"
      "title = \"Education\"\n"
      "[[sections.entries]]\n"
      "heading = \"Ph.D.\"\n"
      "year = 2020\n"
      "[scene]\n"
      "fov = 50\n");
  EXPECT_EQ(warning_with(loaded, "'rol'"), "line 2: unknown key 'rol' (ignored; did you mean 'role'?)");
  EXPECT_EQ(warning_with(loaded, "'titel'"),
            "line 5: unknown key 'titel' in publication 1 (ignored; did you mean 'title'?)");
  EXPECT_EQ(warning_with(loaded, "'pages'"), "line 7: unknown key 'pages' in publication 1 (ignored)");
  EXPECT_EQ(warning_with(loaded, "'year'"), "line 12: unknown key 'year' in section 'Education' entry 1 (ignored)");
  EXPECT_EQ(warning_with(loaded, "'fov'"), "line 14: unknown key 'fov' in [scene] (ignored)");
  EXPECT_EQ(loaded.warnings.size(), 5u);
  // In line order, whatever order toml++ keeps its keys in.
  EXPECT_TRUE(std::is_sorted(loaded.warnings.begin(), loaded.warnings.end(), [](const auto& a, const auto& b) {
    return std::stoi(a.substr(5)) < std::stoi(b.substr(5));
  }));
  EXPECT_EQ(loaded.profile.publications.at(0).title, "A paper");
}

TEST(ProfileLoader, JavascriptFileAndOtherSchemesAreDroppedWithAWarning) {
  const auto loaded = parse_ok(
      "name = \"Ada\"\n"
      "[[links]]\nlabel = \"Run\"\nurl = \"javascript:alert(1)\"\n"
      "[[links]]\nlabel = \"Disk\"\nurl = \"file:///etc/passwd\"\n"
      "[[links]]\nlabel = \"Data\"\nurl = \"data:text/html,<script>alert(1)</script>\"\n"
      "[[links]]\nlabel = \"Relative\"\nurl = \"assets/cv.pdf\"\n"
      "[[links]]\nlabel = \"Option\"\nurl = \"--help\"\n"
      "[[links]]\nlabel = \"Web\"\nurl = \"https://example.com/a?b=c#d\"\n"
      "[[links]]\nlabel = \"Mail\"\nurl = \"mailto:ada@example.com\"\n"
      "[[links]]\nlabel = \"Plain\"\nurl = \"HTTP://example.com\"\n"
      "[[publications]]\ntitle = \"P\"\n"
      "links = { Code = \"JavaScript:void(0)\", Paper = \"https://example.com/p.pdf\" }\n");
  EXPECT_EQ(warning_with(loaded, "javascript:alert"),
            "line 4: link 1 url 'javascript:alert(1)' is not allowed: the scheme 'javascript:' is not allowed "
            "(only http, https and mailto links are opened) (dropped)");
  EXPECT_NE(warning_with(loaded, "file:///etc/passwd").find("the scheme 'file:' is not allowed"), std::string::npos);
  EXPECT_NE(warning_with(loaded, "data:text").find("the scheme 'data:' is not allowed"), std::string::npos);
  EXPECT_NE(warning_with(loaded, "assets/cv.pdf").find("has no scheme"), std::string::npos);
  EXPECT_NE(warning_with(loaded, "--help").find("has no scheme"), std::string::npos);
  EXPECT_NE(warning_with(loaded, "JavaScript:void").rfind("line 28: publication 1 links 'Code'", 0), std::string::npos);
  const auto& links = loaded.profile.links;
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].label, "Web");
  EXPECT_EQ(links[1].label, "Mail");
  EXPECT_EQ(links[2].label, "Plain");
  ASSERT_EQ(loaded.profile.publications.at(0).links.size(), 1u);
  EXPECT_EQ(loaded.profile.publications[0].links[0].label, "Paper");
}

TEST(ProfileLoader, LinkProblemAllowsOnlyWellFormedHttpHttpsAndMailto) {
  EXPECT_FALSE(link_problem("https://example.com"));
  EXPECT_FALSE(link_problem("http://example.com/path?q=1"));
  EXPECT_FALSE(link_problem("HTTPS://EXAMPLE.COM"));
  EXPECT_FALSE(link_problem("mailto:a@b.c"));
  EXPECT_TRUE(link_problem("javascript:alert(1)"));
  EXPECT_TRUE(link_problem("file:///etc/passwd"));
  EXPECT_TRUE(link_problem("ftp://example.com"));
  EXPECT_TRUE(link_problem("vbscript:msgbox"));
  EXPECT_TRUE(link_problem(""));
  EXPECT_TRUE(link_problem("example.com"));
  EXPECT_TRUE(link_problem("//example.com"));
  EXPECT_TRUE(link_problem("-https://example.com"));
  EXPECT_TRUE(link_problem("https:example.com"));
  EXPECT_TRUE(link_problem("https://"));
  EXPECT_TRUE(link_problem("https:///path"));
  EXPECT_TRUE(link_problem("mailto:"));
  EXPECT_TRUE(link_problem(" https://example.com"));
  EXPECT_TRUE(link_problem("https://exa mple.com"));
  EXPECT_TRUE(link_problem("https://example.com/\n"));
  EXPECT_TRUE(link_problem(std::string("https://example.com/\0x", 22)));
  EXPECT_TRUE(link_problem("https://example.com/" + std::string(kMaxUrlBytes, 'a')));
}

TEST(ProfileLoader, MissingPhotoIsAWarningAndExistingPhotoIsResolvedNextToTheProfile) {
  const auto dir = test::fresh_temp_dir("profile-photo");
  write_file(dir / "me.toml", "name = \"Ada Example\"\nphoto = \"me.jpg\"\n");
  auto missing = load_profile(dir / "me.toml");
  ASSERT_TRUE(missing.ok()) << missing.error().message();
  EXPECT_TRUE(missing.value().profile.photo.empty());
  ASSERT_EQ(missing.value().warnings.size(), 1u);
  EXPECT_EQ(missing.value().warnings[0], "line 2: photo 'me.jpg' not found at " + (dir / "me.jpg").string() +
                                             " (the initials avatar is shown instead)");

  // A real image (a PNG under a .jpg name: the content decides).
  Image8 photo{4, 3, 3, std::vector<std::uint8_t>(4 * 3 * 3, 200)};
  ASSERT_FALSE(write_png(dir / "me.jpg", photo).has_value());
  auto present = load_profile(dir / "me.toml");
  ASSERT_TRUE(present.ok()) << present.error().message();
  EXPECT_TRUE(present.value().warnings.empty());
  EXPECT_EQ(present.value().profile.photo, dir / "me.jpg");
  auto pixels = load_photo(dir / "me.jpg");
  ASSERT_TRUE(pixels.ok()) << pixels.error().message();
  EXPECT_EQ(pixels.value().width, 4);
  EXPECT_EQ(pixels.value().channels, 4);
}

// Issue 16: the photo gets the rules of any input, checked headless: a file that is no image, an
// image whose header claims huge dimensions (refused before decoding), a FIFO, a folder. Each is a
// warning and the initials are drawn.
TEST(ProfileLoader, ABadPhotoIsAWarningAndTheInitialsAreShown) {
  const auto dir = test::fresh_temp_dir("profile-bad-photo");
  write_file(dir / "me.toml", "name = \"Ada Example\"\nphoto = \"me.png\"\n");
  const auto expect_refused = [&](const std::string& expected) {
    auto loaded = load_profile(dir / "me.toml");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
    EXPECT_TRUE(loaded.value().profile.photo.empty()) << expected;
    ASSERT_EQ(loaded.value().warnings.size(), 1u) << expected;
    EXPECT_NE(loaded.value().warnings[0].find(expected), std::string::npos) << loaded.value().warnings[0];
    EXPECT_NE(loaded.value().warnings[0].find("initials"), std::string::npos) << loaded.value().warnings[0];
    EXPECT_FALSE(load_photo(dir / "me.png").ok());
  };
  write_file(dir / "me.png", "not really an image, but a file");
  expect_refused("not an image");
  // A PNG signature and an IHDR chunk claiming 5000 x 5000 pixels: refused from the header alone.
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\x0dIHDR", 8);
  png += std::string("\0\0\x13\x88\0\0\x13\x88\x08\x06\0\0\0", 13);
  png += std::string("\0\0\0\0", 4);  // CRC (not checked by a header read)
  write_file(dir / "me.png", png);
  expect_refused("5000x5000");
  std::filesystem::remove(dir / "me.png");
  ASSERT_EQ(::mkfifo((dir / "me.png").c_str(), 0600), 0);
  expect_refused("me.png");  // not a regular file
}

TEST(ProfileLoader, LongTextIsTruncatedWithAWarningOnACharacterBoundary) {
  std::string bio;
  while (bio.size() < 1000000) bio += "\xC3\xA9t\xC3\xA9 ";  // "été " in UTF-8: 2-byte characters
  const auto loaded = parse_ok("name = \"Ada\"\nbio = \"" + bio + "\"\n");
  EXPECT_EQ(warning_with(loaded, "bio"), "line 2: bio is " + std::to_string(bio.size()) +
                                             " bytes long; only the first " + std::to_string(kMaxLongTextBytes) +
                                             " are kept");
  const std::string& kept = loaded.profile.bio;
  EXPECT_LE(kept.size(), kMaxLongTextBytes + 3);
  EXPECT_EQ(kept.substr(kept.size() - 3), "\xE2\x80\xA6");  // "…"
  // No character cut in half: the byte before the ellipsis ends a character.
  const auto before = static_cast<unsigned char>(kept[kept.size() - 4]);
  EXPECT_TRUE(before < 0x80 || (before & 0xC0) == 0x80) << int(before);
  const std::string cut = profile_detail::clean_text("ab\xC3\xA9", 3, true).text;
  EXPECT_EQ(cut, "ab\xE2\x80\xA6");
}

TEST(ProfileLoader, ThousandsOfEntriesAreCappedWithAWarning) {
  std::string text = "name = \"Ada\"\n";
  for (int i = 0; i < 12000; ++i) text += "[[news]]\ntext = \"n" + std::to_string(i) + "\"\n";
  const auto started = std::chrono::steady_clock::now();
  const auto loaded = parse_ok(text);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(loaded.profile.news.size(), kMaxProfileListEntries);
  EXPECT_EQ(warning_with(loaded, "more than"),
            "line 20002: more than 10000 entries in news; news item 10001 and the rest are dropped");
  EXPECT_EQ(loaded.profile.news.back().text, "n9999");

  std::string authors = "name = \"Ada\"\n[[publications]]\ntitle = \"P\"\nauthors = [";
  for (int i = 0; i < 10005; ++i) authors += "\"A" + std::to_string(i) + "\",";
  const auto many_authors = parse_ok(authors + "]\n");
  EXPECT_EQ(many_authors.profile.publications.at(0).authors.size(), kMaxProfileListEntries);
  EXPECT_NE(warning_with(many_authors, "more than").find("publication 1 authors; the rest are dropped"),
            std::string::npos);
}

TEST(ProfileLoader, WarningsAreCappedAndCounted) {
  std::string text = "name = \"Ada\"\n";
  for (int i = 0; i < 1500; ++i) text += "unknown" + std::to_string(i) + " = 1\n";
  const auto loaded = parse_ok(text);
  ASSERT_EQ(loaded.warnings.size(), kMaxProfileWarnings + 1);
  EXPECT_EQ(loaded.warnings.back(), "... and 500 more warnings not shown");
}

TEST(ProfileLoader, EntriesWithoutTheirEssentialFieldAreDroppedWithAWarning) {
  const auto loaded = parse_ok(
      "name = \"Ada\"\n"
      "[[news]]\ndate = \"2025\"\n"
      "[[publications]]\nvenue = \"X\"\n"
      "[[sections]]\nentries = []\n"
      "[[sections]]\ntitle = \"Awards\"\n[[sections.entries]]\nurl = \"https://example.com\"\n"
      "[[links]]\nlabel = \"Nowhere\"\n"
      "[[links]]\nurl = \"https://example.com\"\n");
  EXPECT_EQ(warning_with(loaded, "news item 1"), "line 2: news item 1 has no text (dropped)");
  EXPECT_EQ(warning_with(loaded, "publication 1"), "line 4: publication 1 has no title (dropped)");
  EXPECT_EQ(warning_with(loaded, "section 1"), "line 6: section 1 has no title (dropped)");
  EXPECT_EQ(warning_with(loaded, "entry 1"), "line 10: section 'Awards' entry 1 is empty (dropped)");
  EXPECT_EQ(warning_with(loaded, "link 1"), "line 12: link 1 has no url (dropped)");
  EXPECT_EQ(warning_with(loaded, "link 2"), "line 14: link 2 has no label (its URL is shown instead)");
  EXPECT_TRUE(loaded.profile.news.empty());
  EXPECT_TRUE(loaded.profile.publications.empty());
  ASSERT_EQ(loaded.profile.sections.size(), 1u);
  EXPECT_TRUE(loaded.profile.sections[0].entries.empty());
  ASSERT_EQ(loaded.profile.links.size(), 1u);
  EXPECT_EQ(loaded.profile.links[0].label, "https://example.com");
}

TEST(ProfileLoader, PublicationLinksKeepFileOrderInEitherForm) {
  const auto loaded = parse_ok(
      "name = \"Ada\"\n"
      "[[publications]]\ntitle = \"Table form\"\n"
      "links = { Zeta = \"https://z.example\", Alpha = \"https://a.example\", "  // inline tables are one line
      "\"Project Page\" = \"https://p.example\" }\n"
      "[[publications]]\ntitle = \"List form\"\n"
      "links = [ { label = \"Slides\", url = \"https://s.example\" },\n"
      "          { label = \"Code\", url = \"https://c.example\" } ]\n");
  EXPECT_TRUE(loaded.warnings.empty());
  ASSERT_EQ(loaded.profile.publications.size(), 2u);
  const auto& table_form = loaded.profile.publications[0].links;
  ASSERT_EQ(table_form.size(), 3u);
  EXPECT_EQ(table_form[0].label, "Zeta");
  EXPECT_EQ(table_form[1].label, "Alpha");
  EXPECT_EQ(table_form[2].label, "Project Page");
  const auto& list_form = loaded.profile.publications[1].links;
  ASSERT_EQ(list_form.size(), 2u);
  EXPECT_EQ(list_form[0].label, "Slides");
  EXPECT_EQ(list_form[1].url, "https://c.example");
}

TEST(ProfileLoader, SceneViewIsValidatedAndTheFileResolvedNextToTheProfile) {
  const auto dir = test::fresh_temp_dir("profile-scene");
  std::filesystem::create_directories(dir / "scenes");
  write_file(dir / "scenes" / "me.ply", "ply\n");
  write_file(dir / "good.toml",
             "name = \"Ada\"\n[scene]\nfile = \"scenes/me.ply\"\nup = \"+z\"\nazimuth = 400\nelevation = 30.5\n"
             "distance = 2.5\norbit_speed = -5\n");
  auto good = load_profile(dir / "good.toml");
  ASSERT_TRUE(good.ok()) << good.error().message();
  EXPECT_TRUE(good.value().warnings.empty());
  const ProfileScene& scene = *good.value().profile.scene;
  EXPECT_EQ(scene.file, dir / "scenes" / "me.ply");
  EXPECT_EQ(scene.up, "+z");
  EXPECT_EQ(scene.up_vector, glm::vec3(0.0f, 0.0f, 1.0f));
  EXPECT_FLOAT_EQ(scene.azimuth, 40.0f);
  EXPECT_FLOAT_EQ(scene.elevation, 30.5f);
  EXPECT_FLOAT_EQ(*scene.distance, 2.5f);
  EXPECT_FLOAT_EQ(scene.orbit_speed, -5.0f);

  write_file(dir / "bad.toml",
             "name = \"Ada\"\n[scene]\nfile = \"missing.ply\"\nup = \"sideways\"\nelevation = 120\ndistance = -1\n"
             "orbit_speed = 1e9\nazimuth = inf\n");
  auto bad = load_profile(dir / "bad.toml");
  ASSERT_TRUE(bad.ok()) << bad.error().message();
  const LoadedProfile& loaded = bad.value();
  EXPECT_NE(warning_with(loaded, "missing.ply").rfind("line 3: scene file 'missing.ply' not found at ", 0),
            std::string::npos);
  EXPECT_EQ(warning_with(loaded, "sideways"),
            "line 4: scene up 'sideways' is not an axis such as \"-y\" or \"0,-1,0\" (-y is used)");
  EXPECT_EQ(warning_with(loaded, "elevation"),
            "line 5: scene elevation must be within -89 and 89 degrees (89 is used)");
  EXPECT_NE(warning_with(loaded, "distance").rfind("line 6: scene distance must be above 0", 0), std::string::npos);
  EXPECT_NE(warning_with(loaded, "orbit_speed").rfind("line 7: scene orbit_speed must be within", 0),
            std::string::npos);
  EXPECT_EQ(warning_with(loaded, "azimuth"), "line 8: scene azimuth must be a finite number (ignored)");
  const ProfileScene& clamped = *loaded.profile.scene;
  EXPECT_TRUE(clamped.file.empty());
  EXPECT_EQ(clamped.up, "-y");
  EXPECT_EQ(clamped.elevation, 89.0f);
  EXPECT_FALSE(clamped.distance.has_value());
  EXPECT_EQ(clamped.orbit_speed, 360.0f);
  EXPECT_EQ(clamped.azimuth, 0.0f);

  EXPECT_EQ(warning_with(parse_ok("name = \"Ada\"\nscene = \"me.ply\"\n"), "scene"),
            "line 2: scene must be a table ([scene]), not text (ignored)");
}

TEST(ProfileLoader, TomlDatesAreAcceptedForNews) {
  const auto loaded = parse_ok("name = \"Ada\"\n[[news]]\ndate = 2025-01-15\ntext = \"Joined\"\n");
  EXPECT_TRUE(loaded.warnings.empty());
  ASSERT_EQ(loaded.profile.news.size(), 1u);
  EXPECT_EQ(loaded.profile.news[0].date, "2025-01-15");
}

TEST(ProfileLoader, ControlCharactersAreRemovedAndLineBreaksKeptOnlyInLongText) {
  const auto loaded = parse_ok("name = \"Ada\\u0000 \\u001bExample\\n\"\nbio = \"one\\r\\ntwo\\tthree\"\n");
  EXPECT_EQ(loaded.profile.name, "Ada Example");
  EXPECT_EQ(loaded.profile.bio, "one\ntwo three");
}

TEST(ProfileLoader, SamePersonIgnoresMarksCaseAndSpacing) {
  EXPECT_TRUE(is_same_person("Hexu Zhao", "Hexu Zhao"));
  EXPECT_TRUE(is_same_person("Hexu Zhao*", "Hexu Zhao"));
  EXPECT_TRUE(is_same_person("*Hexu Zhao", "Hexu Zhao"));
  EXPECT_TRUE(is_same_person(" hexu  ZHAO \xE2\x80\xA0", "Hexu Zhao"));
  EXPECT_TRUE(is_same_person("Hexu Zhao*\xC2\xB9", "Hexu Zhao"));
  EXPECT_FALSE(is_same_person("Hexu Zhaoo", "Hexu Zhao"));
  EXPECT_FALSE(is_same_person("Xu Zhao", "Hexu Zhao"));
  EXPECT_FALSE(is_same_person("", ""));
  EXPECT_FALSE(is_same_person("*", "**"));
}

TEST(ProfileLoader, InitialsTakeTheFirstAndLastWords) {
  EXPECT_EQ(initials("Hexu Zhao"), "HZ");
  EXPECT_EQ(initials("ada lovelace king"), "AK");
  EXPECT_EQ(initials("Plato"), "P");
  EXPECT_EQ(initials("  \xC3\x89mile   Zola "), "\xC3\x89Z");
  EXPECT_EQ(initials("(Ada) *"), "A");
  EXPECT_EQ(initials(""), "");
  EXPECT_EQ(initials("* # !"), "");
}

}  // namespace
}  // namespace splatview
