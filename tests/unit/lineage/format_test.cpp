#include "dvx/lineage/format.hpp"

#include <gtest/gtest.h>

TEST(Format, IsoDateInTheAuthorsZone) {
  dvx::git::CommitInfo c;
  c.author_time = 1200;  // 00:20:00 UTC
  c.author_offset = 60;
  EXPECT_EQ("1970-01-01T01:20:00+01:00", dvx::lineage::iso_date(c));
  c.author_offset = -150;  // 22:50 the day before, 2h30 west
  EXPECT_EQ("1969-12-31T21:50:00-02:30", dvx::lineage::iso_date(c));
  c.author_time = 1'700'000'000;  // git log --date=iso-strict for this second in UTC
  c.author_offset = 0;
  EXPECT_EQ("2023-11-14T22:13:20+00:00", dvx::lineage::iso_date(c));
}
