// Mutation fuzzing of the three profile importers (Markdown, HTML, BibTeX) with a fixed seed: byte flips,
// insertions of each syntax's special bytes and of whole tags, deletions, duplications, truncations and deep
// nesting, applied to the seed homepage and CV and to the theme pages and .bib of the tests. The
// requirements: every import returns a profile or an error naming the source, quickly, without crashing or
// reading out of bounds (run under AddressSanitizer + UBSan to check the last); every imported profile, written
// as TOML, is accepted by the loader (what --check-profile runs) without an error.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/profile.h"
#include "core/profile_import/profile_import.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

constexpr int kCasesPerSeed = 700;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Bytes and snippets that mean something to Markdown, HTML or BibTeX.
constexpr std::string_view kBytes("*_[]()<>!#`{}@=\",\\%$^~&;:|-\n \t\xc3\xa9\xff\x00\x01", 36);
const char* const kSnippets[] = {
    "**", "<!--", "-->", "<u>", "</u>", "<li>", "</ul>", "<div markdown=\"1\">", "</div>", "<br>", "<img src=x>",
    "<a href=\"javascript:alert(1)\">", "[x](#)", "[y](mailto:a@b.c?attach=/etc/passwd)", "](", ":fontawesome-brands-github:",
    "{ align=right }", "{% if %}", "{{< icon >}}", "---\n", "\n# ", "\n## Publications\n", "\n## News\n", "@article{",
    "author = {", " and ", "\\'{", "@string{x = ", "#", "}}}}", "{{{{", "\xe2\x80\x8b", "&nbsp;", "&#0;", "<details>",
    "<summary>News</summary>", "\n* ", "\n1. ", "<table><tr><td>", "<![CDATA[", "<script>", "</script>"};

std::string mutate(std::string text, std::mt19937& random) {
  auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : std::size_t(random() % n); };
  const int edits = 1 + static_cast<int>(random() % 5);
  for (int edit = 0; edit < edits; ++edit) {
    const std::size_t at = pick(text.size() + 1);
    switch (random() % 8) {
      case 0:
        if (!text.empty()) text[std::min(at, text.size() - 1)] ^= static_cast<char>(1u << (random() % 8));
        break;
      case 1:
        text.insert(at, 1, kBytes[pick(kBytes.size())]);
        break;
      case 2:
        text.insert(at, kSnippets[pick(std::size(kSnippets))]);
        break;
      case 3:
        if (at < text.size()) text.erase(at, 1 + pick(200));
        break;
      case 4:
        if (at < text.size()) text.insert(at, text.substr(at, 1 + pick(400)));
        break;
      case 5:
        text.resize(std::min(at, text.size()));
        break;
      case 6: {  // deep nesting of one snippet
        const std::string_view nest[] = {"<div>", "<ul><li>", "{", "> ", "<b><i>", "[", "* "};
        const std::string_view piece = nest[pick(std::size(nest))];
        std::string deep;
        for (int i = 0; i < 400; ++i) deep += piece;
        text.insert(at, deep);
        break;
      }
      default: {  // repeat a block many times
        if (at < text.size()) {
          const std::string block = text.substr(at, 1 + pick(300));
          std::string repeated;
          for (int i = 0; i < 30; ++i) repeated += block;
          text.insert(at, repeated);
        }
        break;
      }
    }
  }
  return text;
}

void fuzz(const std::string& seed, SourceKind kind, const std::string& name, unsigned random_seed) {
  // Mutated BibTeX often has unbalanced braces, which refuses the whole file.
  const int min_accepted = kind == SourceKind::kBibtex ? kCasesPerSeed / 10 : kCasesPerSeed / 2;
  ASSERT_FALSE(seed.empty()) << name;
  std::mt19937 random(random_seed);
  int accepted = 0;
  auto slowest = std::chrono::steady_clock::duration::zero();
  ImportOptions options;
  options.name = "Fuzz Example";
  for (int i = 0; i < kCasesPerSeed; ++i) {
    const std::string text = mutate(seed, random);
    const auto started = std::chrono::steady_clock::now();
    auto part = import_source_text(text, kind, name, ".", "https://example.org/");
    if (part.ok()) {
      std::vector<ImportPart> parts;
      parts.push_back(std::move(part.value()));
      auto merged = merge_imports(std::move(parts), options);
      ASSERT_TRUE(merged.ok()) << merged.error().message();
      const std::string toml = profile_to_toml(merged.value().profile, ".");
      if (toml.size() <= kMaxProfileBytes) {
        auto loaded = parse_profile(toml, "fuzz.toml");
        EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message()) << "\n" << toml;
        if (loaded.ok()) ++accepted;
      }
      EXPECT_LE(merged.value().warnings.size(), 2 * kMaxProfileWarnings + 10);
    } else {
      EXPECT_EQ(part.error().file, name);
      EXPECT_FALSE(part.error().what.empty());
    }
    slowest = std::max(slowest, std::chrono::steady_clock::now() - started);
    if (testing::Test::HasFailure()) {
      ADD_FAILURE() << "case " << i << " input:\n" << text;
      return;
    }
  }
  EXPECT_GT(accepted, min_accepted);
  EXPECT_LT(slowest, std::chrono::seconds(3));
}

std::filesystem::path fixture(const std::string& name) { return test::source_path("tests/data/profile_import/" + name); }
std::filesystem::path seed(const std::string& name) { return test::source_path("../shared/seeds/" + name); }

TEST(ProfileImportFuzz, MutatedSeedHomepageNeverCrashes) {
  if (!std::filesystem::exists(seed("homepage-hexu-zhao-2025.md"))) GTEST_SKIP() << "no ../shared/seeds here";
  fuzz(read_text(seed("homepage-hexu-zhao-2025.md")), SourceKind::kMarkdownPage, "home.md", 1501);
}

TEST(ProfileImportFuzz, MutatedSeedCvNeverCrashes) {
  if (!std::filesystem::exists(seed("cv-hexu-zhao-2025.md"))) GTEST_SKIP() << "no ../shared/seeds here";
  fuzz(read_text(seed("cv-hexu-zhao-2025.md")), SourceKind::kCv, "cv.md", 1502);
}

TEST(ProfileImportFuzz, MutatedThemePagesNeverCrash) {
  fuzz(read_text(fixture("academicpages/about.md")), SourceKind::kMarkdownPage, "about.md", 1503);
  fuzz(read_text(fixture("acadhomepage/about.md")), SourceKind::kMarkdownPage, "about.md", 1504);
  fuzz(read_text(fixture("hugo-academic/_index.md")), SourceKind::kMarkdownPage, "_index.md", 1505);
}

TEST(ProfileImportFuzz, MutatedHtmlPageNeverCrashes) {
  fuzz(read_text(fixture("plain-html/index.html")), SourceKind::kHtmlPage, "index.html", 1506);
  if (std::filesystem::exists(seed("homepage-hexu-zhao-2025.md")))  // a Markdown page read as HTML
    fuzz(read_text(seed("homepage-hexu-zhao-2025.md")), SourceKind::kHtmlPage, "home.html", 1507);
}

TEST(ProfileImportFuzz, MutatedBibtexNeverCrashes) {
  fuzz(read_text(fixture("papers.bib")), SourceKind::kBibtex, "papers.bib", 1508);
  fuzz(read_text(fixture("hugo-academic/cite.bib")), SourceKind::kBibtex, "cite.bib", 1509);
}

TEST(ProfileImportFuzz, DeeplyNestedInputIsBounded) {
  for (const std::string_view piece : {"<div>", "<b>", "> ", "* ", "{", "[", "<ul><li>"}) {
    std::string text = "# Ada Example\n\n";
    for (int i = 0; i < 100000; ++i) text += piece;
    const auto started = std::chrono::steady_clock::now();
    for (SourceKind kind : {SourceKind::kMarkdownPage, SourceKind::kHtmlPage, SourceKind::kBibtex}) {
      auto part = import_source_text(text, kind, "deep", ".");
      if (!part.ok()) {
        EXPECT_FALSE(part.error().what.empty());
      }
      if (piece == "<div>" && kind != SourceKind::kBibtex) {
        ASSERT_FALSE(part.ok());
        EXPECT_NE(part.error().what.find("nested more than 1000 deep"), std::string::npos) << part.error().what;
      }
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10)) << piece;
  }
}

}  // namespace
}  // namespace splatview
