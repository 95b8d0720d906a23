// Issue 16: profile links that look harmless but are not. A mailto: link may only set the subject, body,
// cc and bcc (an "attach=" header asks the mail program to attach a local file); a host with invisible
// characters or with Latin mixed with Cyrillic or Greek letters (a homograph of a familiar name) is shown and
// opened in its punycode (xn--) form, with a warning. Expected punycode is from Python's "punycode" codec.
#include <gtest/gtest.h>

#include <string>

#include "core/profile.h"

namespace splatview {
namespace {

LoadedProfile with_link(const std::string& url) {
  auto loaded = parse_profile("name = \"Ada Example\"\n[[links]]\nlabel = \"L\"\nurl = \"" + url + "\"\n", "t.toml");
  EXPECT_TRUE(loaded.ok());
  return loaded.ok() ? loaded.value() : LoadedProfile{};
}

bool warned(const LoadedProfile& loaded, const std::string& needle) {
  for (const std::string& warning : loaded.warnings)
    if (warning.find(needle) != std::string::npos) return true;
  return false;
}

TEST(ProfileLinkSafety, MailtoWithAnAttachHeaderIsRefusedWithAWarning) {
  for (const std::string url : {"mailto:ada@example.edu?attach=/etc/passwd", "mailto:ada@example.edu?subject=Hi&Attach=~/.ssh/id_rsa",
                                "mailto:ada@example.edu?x-header=1", "mailto:ada@example.edu?%61ttach=/etc/passwd"}) {
    const LoadedProfile loaded = with_link(url);
    EXPECT_TRUE(loaded.profile.links.empty()) << url;
    EXPECT_TRUE(warned(loaded, "only subject, body, cc and bcc")) << url;
    EXPECT_TRUE(link_problem(url).has_value()) << url;
  }
}

TEST(ProfileLinkSafety, MailtoWithSubjectBodyCcAndBccIsKept) {
  const std::string url = "mailto:ada@example.edu?subject=Hello&body=Hi%20Ada&cc=b@example.edu&BCC=c@example.edu";
  const LoadedProfile loaded = with_link(url);
  ASSERT_EQ(loaded.profile.links.size(), 1u);
  EXPECT_EQ(loaded.profile.links[0].url, url);
  EXPECT_TRUE(loaded.warnings.empty());
}

TEST(ProfileLinkSafety, HostWithAZeroWidthSpaceIsShownInPunycodeWithAWarning) {
  const LoadedProfile loaded = with_link("https://exa\u200bmple.com/papers?id=1");
  ASSERT_EQ(loaded.profile.links.size(), 1u);
  EXPECT_EQ(loaded.profile.links[0].url, "https://xn--example-2z6c.com/papers?id=1");
  EXPECT_TRUE(warned(loaded, "invisible")) << (loaded.warnings.empty() ? "" : loaded.warnings[0]);
}

TEST(ProfileLinkSafety, HostMixingCyrillicIntoALatinNameIsShownInPunycodeWithAWarning) {
  const LoadedProfile loaded = with_link("https://www.p\u0430ypal.com/login");  // U+0430 CYRILLIC SMALL LETTER A
  ASSERT_EQ(loaded.profile.links.size(), 1u);
  EXPECT_EQ(loaded.profile.links[0].url, "https://www.xn--pypal-4ve.com/login");
  EXPECT_TRUE(warned(loaded, "mixes"));
}

TEST(ProfileLinkSafety, SingleScriptInternationalHostsAreKeptAsWritten) {
  for (const std::string url : {"https://m\u00fcnchen.de/", "https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/",
                                "https://user@example.com:8080/x"}) {
    const LoadedProfile loaded = with_link(url);
    ASSERT_EQ(loaded.profile.links.size(), 1u) << url;
    EXPECT_EQ(loaded.profile.links[0].url, url);
    EXPECT_TRUE(loaded.warnings.empty()) << url;
  }
}

TEST(ProfileLinkSafety, NewsAndPublicationLinksGetTheSameTreatment) {
  auto loaded = parse_profile(
      "name = \"Ada Example\"\n[[news]]\ntext = \"x\"\nurl = \"https://g\u043eogle.com/\"\n"
      "[[publications]]\ntitle = \"P\"\nlinks = { Code = \"https://exa\u200bmple.com/\" }\n",
      "t.toml");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.value().profile.news.at(0).url.rfind("https://xn--", 0), 0u) << loaded.value().profile.news.at(0).url;
  EXPECT_EQ(loaded.value().profile.publications.at(0).links.at(0).url, "https://xn--example-2z6c.com/");
}

}  // namespace
}  // namespace splatview
