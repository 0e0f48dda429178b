// Progress (transfer/progress.hpp) off a terminal: the summary line only,
// totals that grow after the start (the filter's downloads), and the delay
// that keeps quick work silent, as git's delayed progress does.
#include "dvx/transfer/progress.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <thread>

using dvx::transfer::Progress;
using namespace std::chrono_literals;

TEST(Progress, SummaryWithTotalsAddedLater) {
  testing::internal::CaptureStderr();
  Progress p("downloading", "from /srv/store", 0, 0, true);
  p.add(1, 300000);
  p.add(1, 5000);
  p.advance(300000);
  p.advance(5000);
  p.finish(true);
  std::string out = testing::internal::GetCapturedStderr();
  EXPECT_NE(std::string::npos, out.find("downloading 2 objects (305 kB) from /srv/store ... done (305 kB, ")) << out;
  EXPECT_EQ('\n', out.back());
}

TEST(Progress, QuickWorkWithinTheDelayPrintsNothing) {
  testing::internal::CaptureStderr();
  Progress p("downloading", "from /srv/store", 1, 10, true, 2000ms);
  p.advance(10);
  p.finish(true);
  EXPECT_EQ("", testing::internal::GetCapturedStderr());
}

TEST(Progress, WorkLongerThanTheDelayPrintsTheSummary) {
  testing::internal::CaptureStderr();
  Progress p("downloading", "from /srv/store", 1, 1000, true, 20ms);
  std::this_thread::sleep_for(40ms);
  p.advance(1000);
  p.finish(false);
  std::string out = testing::internal::GetCapturedStderr();
  EXPECT_NE(std::string::npos, out.find("downloading 1 object (1.00 kB) from /srv/store ... failed (1.00 kB, ")) << out;
}

TEST(Progress, DelayFromGitProgressDelay) {
  ::setenv("GIT_PROGRESS_DELAY", "0", 1);
  EXPECT_EQ(0ms, dvx::transfer::progress_delay());
  ::setenv("GIT_PROGRESS_DELAY", "5", 1);
  EXPECT_EQ(5000ms, dvx::transfer::progress_delay());
  ::setenv("GIT_PROGRESS_DELAY", "soon", 1);
  EXPECT_EQ(2000ms, dvx::transfer::progress_delay());
  ::unsetenv("GIT_PROGRESS_DELAY");
  EXPECT_EQ(2000ms, dvx::transfer::progress_delay());
}
