// Mutation fuzzing of the profile loader with a fixed seed: byte flips, TOML-syntax insertions, deletions,
// duplications, line swaps and truncations of the bundled profile and of a small profile that uses every
// key. The only requirement: parse_profile returns a consistent profile or an error with a message,
// quickly, without crashing or reading out of bounds (run under AddressSanitizer to check the last).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/profile.h"
#include "tests/support/test_paths.h"

namespace splatview {
namespace {

constexpr int kCasesPerSeed = 4000;

std::string bundled_text() {
  std::ifstream in(test::source_path("data/profiles/hexu-zhao.toml"), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const char* const kEveryKey = R"(name = "Ada Example"
role = "Ph.D. student"
photo = "ada.jpg"
bio = """One paragraph.
And another."""
quote = 'literal'
[[links]]
label = "Email"
url = "mailto:ada@example.edu"
[[news]]
date = 2025-01-15
text = "Joined"
url = "https://example.edu/news"
[[publications]]
title = "A paper"
authors = ["Ada Example*", "B. Other*", "C. Third"]
venue = "ASPLOS 2026"
note = "* equal contribution"
links = { arXiv = "https://arxiv.org/abs/1", "Project Page" = "https://example.edu/p" }
[[publications]]
title = "Another"
links = [ { label = "Code", url = "https://github.com/x/y" } ]
[[sections]]
title = "Education"
[[sections.entries]]
heading = "Ph.D."
detail = "Advisor: Someone"
place = "Example University"
dates = "2023 - now"
url = "https://example.edu"
[scene]
file = "scene.ply"
up = "-y"
azimuth = 0
elevation = 10.5
distance = 3
orbit_speed = 10
)";

// Bytes that mean something to TOML, so mutations reach the parser's and the reader's corners.
constexpr std::string_view kSyntax("[]{}=\"'.,#\n\\ \t-+:0123456789eE_\x7f\xc3\xa9\xff\x00", 35);

std::string mutate(std::string text, std::mt19937& random) {
  auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : std::size_t(random() % n); };
  const int edits = 1 + static_cast<int>(random() % 4);
  for (int edit = 0; edit < edits; ++edit) {
    const std::size_t at = pick(text.size() + 1);
    switch (random() % 8) {
      case 0:  // flip a byte
        if (!text.empty()) text[std::min(at, text.size() - 1)] ^= static_cast<char>(1u << (random() % 8));
        break;
      case 1:  // insert TOML syntax
        text.insert(at, 1, kSyntax[pick(kSyntax.size())]);
        break;
      case 2: {  // delete a run
        const std::size_t length = 1 + pick(64);
        if (at < text.size()) text.erase(at, length);
        break;
      }
      case 3: {  // duplicate a run (repeated keys and tables)
        if (at < text.size()) text.insert(at, text.substr(at, 1 + pick(200)));
        break;
      }
      case 4:  // truncate
        text.resize(std::min(at, text.size()));
        break;
      case 5: {  // swap two lines
        std::vector<std::string> lines;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= text.size(); ++i) {
          if (i == text.size() || text[i] == '\n') {
            lines.push_back(text.substr(start, i - start));
            start = i + 1;
          }
        }
        std::swap(lines[pick(lines.size())], lines[pick(lines.size())]);
        text.clear();
        for (std::size_t i = 0; i < lines.size(); ++i) text += (i ? "\n" : "") + lines[i];
        break;
      }
      case 6: {  // replace a value's type
        static const char* const kValues[] = {"42", "-1e999", "nan", "true", "[]", "{}", "[1, \"a\"]",
                                              "2025-01-01", "\"\"", "\"javascript:alert(1)\"", "'file:///x'"};
        const std::size_t equals = text.find(" = ", at);
        if (equals != std::string::npos) {
          const std::size_t end = text.find('\n', equals);
          text.replace(equals + 3, (end == std::string::npos ? text.size() : end) - equals - 3,
                       kValues[pick(std::size(kValues))]);
        }
        break;
      }
      default: {  // repeat an array-of-tables block many times
        const std::size_t header = text.find("[[", at);
        if (header != std::string::npos) {
          const std::size_t next = text.find("\n[", header + 2);
          const std::string block = text.substr(header, (next == std::string::npos ? text.size() : next + 1) - header);
          std::string repeated;
          for (int i = 0; i < 20; ++i) repeated += block + "\n";
          text.insert(header, repeated);
        }
        break;
      }
    }
  }
  return text;
}

// What every successful parse must satisfy, whatever the input.
void expect_consistent(const LoadedProfile& loaded) {
  const Profile& profile = loaded.profile;
  EXPECT_FALSE(profile.name.empty());
  EXPECT_LE(profile.name.size(), kMaxShortTextBytes + 3);
  EXPECT_LE(profile.bio.size(), kMaxLongTextBytes + 3);
  EXPECT_LE(loaded.warnings.size(), kMaxProfileWarnings + 1);
  for (const auto& link : profile.links) EXPECT_TRUE(is_allowed_link(link.url)) << link.url;
  EXPECT_LE(profile.publications.size(), kMaxProfileListEntries);
  for (const auto& publication : profile.publications) {
    EXPECT_FALSE(publication.title.empty());
    EXPECT_LE(publication.authors.size(), kMaxProfileListEntries);
    for (const auto& link : publication.links) EXPECT_TRUE(is_allowed_link(link.url)) << link.url;
  }
  for (const auto& item : profile.news) {
    EXPECT_FALSE(item.text.empty());
    if (!item.url.empty()) {
      EXPECT_TRUE(is_allowed_link(item.url));
    }
  }
  for (const auto& warning : loaded.warnings) {
    EXPECT_TRUE(warning.rfind("line ", 0) == 0 || warning.rfind("... and ", 0) == 0) << warning;
  }
  if (profile.scene) {
    EXPECT_GE(profile.scene->elevation, -89.0f);
    EXPECT_LE(profile.scene->elevation, 89.0f);
  }
}

void fuzz(const std::string& seed, unsigned random_seed) {
  ASSERT_TRUE(parse_profile(seed, "seed.toml").ok());
  std::mt19937 random(random_seed);
  int accepted = 0;
  auto slowest = std::chrono::steady_clock::duration::zero();
  for (int i = 0; i < kCasesPerSeed; ++i) {
    const std::string text = mutate(seed, random);
    const auto started = std::chrono::steady_clock::now();
    auto loaded = parse_profile(text, "fuzz.toml");
    slowest = std::max(slowest, std::chrono::steady_clock::now() - started);
    if (loaded.ok()) {
      ++accepted;
      expect_consistent(loaded.value());
    } else {
      EXPECT_EQ(loaded.error().file, "fuzz.toml");
      EXPECT_FALSE(loaded.error().what.empty());
    }
    if (testing::Test::HasFailure()) {
      ADD_FAILURE() << "case " << i << " input:\n" << text;
      return;
    }
  }
  // Both outcomes are exercised, and no input is pathologically slow.
  EXPECT_GT(accepted, kCasesPerSeed / 10);
  EXPECT_LT(accepted, kCasesPerSeed);
  EXPECT_LT(slowest, std::chrono::seconds(2));
}

TEST(ProfileFuzz, MutatedBundledProfileNeverCrashes) { fuzz(bundled_text(), 20250101); }

TEST(ProfileFuzz, MutatedEveryKeyProfileNeverCrashes) { fuzz(kEveryKey, 4242); }

TEST(ProfileFuzz, EveryTruncationOfTheBundledProfileNeverCrashes) {
  const std::string text = bundled_text();
  ASSERT_FALSE(text.empty());
  for (std::size_t length = 0; length <= text.size(); length += 7) {
    auto loaded = parse_profile(std::string_view(text).substr(0, length), "cut.toml");
    if (loaded.ok()) {
      expect_consistent(loaded.value());
    } else {
      EXPECT_FALSE(loaded.error().what.empty());
    }
  }
}

}  // namespace
}  // namespace splatview
