// The one size formatter: decimal units, three significant digits (the
// values git-lfs and the aws CLI print for the same byte counts).
#include "dvx/util/human_size.hpp"

#include <gtest/gtest.h>

using namespace dvx::util;

TEST(HumanSize, DecimalUnitsThreeSignificantDigits) {
  EXPECT_EQ("0 B", human_size(0));
  EXPECT_EQ("999 B", human_size(999));
  EXPECT_EQ("1.00 kB", human_size(1000));
  EXPECT_EQ("1.18 kB", human_size(1184));
  EXPECT_EQ("12.3 MB", human_size(12'345'678));
  EXPECT_EQ("412 MB", human_size(412'000'000));
  EXPECT_EQ("1.50 GB", human_size(1'500'000'000));
  EXPECT_EQ("2.00 TB", human_size(2'000'000'000'000));
}

TEST(HumanSize, Changes) {
  EXPECT_EQ("+38.0 MB", human_size_change(38'000'000));
  EXPECT_EQ("-1.20 kB", human_size_change(-1200));
  EXPECT_EQ("+5 B", human_size_change(5));
  EXPECT_EQ("", human_size_change(0));
}

TEST(HumanSize, CountOf) {
  EXPECT_EQ("0 files", count_of(0, "file"));
  EXPECT_EQ("1 object", count_of(1, "object"));
  EXPECT_EQ("2 objects", count_of(2, "object"));
}
