// The first window's size and place from --size or the remembered size, on screens of every size.
#include <gtest/gtest.h>

#include "app/window/first_window.h"

namespace splatview {
namespace {

constexpr WorkArea k720p{0, 0, 1280, 720};

FirstWindowRequest remembered(int w, int h) { return {w, h, false, 640, 400}; }
FirstWindowRequest asked(int w, int h) { return {w, h, true, 640, 400}; }

TEST(FirstWindow, ARememberedSizeThatFitsIsKeptWhereTheDesktopPutsIt) {
  const FirstWindow w = first_window(remembered(1000, 700), k720p);
  EXPECT_EQ(w.width, 1000);
  EXPECT_EQ(w.height, 700);
  EXPECT_FALSE(w.centre);
  EXPECT_FALSE(w.shrunk);
}

TEST(FirstWindow, ARememberedSizeTooBigForThisScreenBecomes85PercentCentred) {
  const FirstWindow w = first_window(remembered(1600, 900), WorkArea{0, 30, 1280, 690});
  EXPECT_EQ(w.width, 1088);  // 0.85 * 1280
  EXPECT_EQ(w.height, 586);  // 0.85 * 690, rounded down
  EXPECT_TRUE(w.centre);
  EXPECT_EQ(w.x, (1280 - 1088) / 2);
  EXPECT_EQ(w.y, 30 + (690 - 586) / 2);
  EXPECT_FALSE(w.shrunk) << "nothing to say: the user asked for no size";
}

TEST(FirstWindow, SizeIsUsedAsAskedWhereItFits) {
  const FirstWindow w = first_window(asked(800, 500), k720p);
  EXPECT_EQ(w.width, 800);
  EXPECT_EQ(w.height, 500);
  EXPECT_FALSE(w.shrunk);
}

TEST(FirstWindow, SizeTooBigIsClampedToTheWorkAreaAndSaid) {
  const FirstWindow w = first_window(asked(3840, 600), WorkArea{100, 0, 1280, 720});
  EXPECT_EQ(w.width, 1280);
  EXPECT_EQ(w.height, 600);
  EXPECT_TRUE(w.shrunk);
  EXPECT_TRUE(w.centre);
  EXPECT_EQ(w.x, 100);
  EXPECT_EQ(w.y, (720 - 600) / 2);
}

TEST(FirstWindow, NeverSmallerThanTheWindowsLeastSize) {
  const FirstWindow w = first_window(asked(200, 100), k720p);
  EXPECT_EQ(w.width, 640);
  EXPECT_EQ(w.height, 400);
}

TEST(FirstWindow, NoKnownWorkAreaKeepsTheSize) {
  const FirstWindow w = first_window(asked(3840, 2160), WorkArea{});
  EXPECT_EQ(w.width, 3840);
  EXPECT_EQ(w.height, 2160);
  EXPECT_FALSE(w.centre);
}

}  // namespace
}  // namespace splatview
