// Path filters and revision ranges of lineage's data diff.
#include "dvx/lineage/data_diff.hpp"
#include "dvx/lineage/versions.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"

TEST(DataDiff, PathsAndRanges) {
  EXPECT_TRUE(dvx::lineage::path_under("data/a.csv", "data"));
  EXPECT_TRUE(dvx::lineage::path_under("data", "data"));
  EXPECT_TRUE(dvx::lineage::path_under("x", ""));
  EXPECT_FALSE(dvx::lineage::path_under("database.csv", "data"));
  EXPECT_FALSE(dvx::lineage::path_under("data", "data/a.csv"));
  dvx::lineage::DataDiff diff;
  diff.added = {{"data/a", std::nullopt, std::nullopt}, {"other/b", std::nullopt, std::nullopt}};
  diff.modified = {{"data2/c", std::nullopt, std::nullopt}};
  dvx::lineage::keep_paths(diff, {"data"});
  ASSERT_EQ(1u, diff.added.size());
  EXPECT_EQ("data/a", diff.added[0].path);
  EXPECT_TRUE(diff.modified.empty());
  EXPECT_EQ((std::vector<std::string>{"a", "b"}), dvx::lineage::range_ends("a..b"));
  EXPECT_EQ((std::vector<std::string>{"HEAD", "b"}), dvx::lineage::range_ends("..b"));
  EXPECT_EQ((std::vector<std::string>{"a", "HEAD"}), dvx::lineage::range_ends("a.."));
  EXPECT_EQ((std::vector<std::string>{"v1"}), dvx::lineage::range_ends("v1"));
  EXPECT_THROW(dvx::lineage::range_ends("a...b"), dvx::Error);
}
