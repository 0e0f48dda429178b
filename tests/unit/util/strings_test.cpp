#include "dvx/util/strings.hpp"

#include <gtest/gtest.h>

using namespace dvx::util;

TEST(Strings, LowerIsAsciiOnly) {
  EXPECT_EQ("s3://bucket/a.parquet", lower("S3://Bucket/A.PARQUET"));
  EXPECT_EQ("", lower(""));
  EXPECT_EQ("\xc3\x89t\xc3\xa9", lower("\xc3\x89T\xc3\xa9"));  // UTF-8 bytes untouched
}

TEST(Strings, JoinPutsTheSeparatorBetweenItems) {
  EXPECT_EQ("", join({}, ", "));
  EXPECT_EQ("a", join({"a"}, ", "));
  EXPECT_EQ("a, b, c", join({"a", "b", "c"}, ", "));
  EXPECT_EQ(", b", join({"", "b"}, ", "));  // an empty item keeps its place
  EXPECT_EQ("x;y", join({"x", "y"}, ";"));
}

TEST(Strings, SplitNonemptyDropsEmptyParts) {
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), split_nonempty("a,,b,", ','));
  EXPECT_EQ((std::vector<std::string>{"price", "qty"}), split_nonempty(",price,qty", ','));
  EXPECT_TRUE(split_nonempty("", ',').empty());
  EXPECT_TRUE(split_nonempty(",,", ',').empty());
  EXPECT_EQ((std::vector<std::string>{"a b"}), split_nonempty("a b", ','));
}
