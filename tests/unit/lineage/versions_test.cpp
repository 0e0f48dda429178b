// A file's versions read from pointers in history (repositories made with
// libgit2; expected oids are SHA-256 of the bytes the test writes).
#include "dvx/lineage/versions.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"
#include "git/test_repo.hpp"

using dvx::git::testing::pointer_for;
using dvx::git::testing::TestRepo;

TEST(Versions, FileLogReadsPointers) {
  TestRepo t;
  auto c1 = t.commit({{"d/f.bin", pointer_for("abc")}}, {}, "add", 1000);
  // The same content as a plain blob is the same version (not listed).
  auto c2 = t.commit({{"d/f.bin", "abc"}}, {c1}, "unpointer", 1100);
  auto c3 = t.commit({{"d/f.bin", pointer_for("abcdef")}}, {c2}, "grow", 1200);
  auto repo = t.open();
  auto log = dvx::lineage::file_log(repo, "d/f.bin", c3);
  ASSERT_EQ(2u, log.size());
  EXPECT_EQ(c3, log[0].commit.id);
  EXPECT_EQ(dvx::util::sha256_hex("abcdef"), log[0].content->oid);
  EXPECT_EQ(6u, log[0].content->size);
  EXPECT_EQ(3, log[0].size_change());
  EXPECT_EQ(c1, log[1].commit.id);
  EXPECT_TRUE(log[1].content->pointer);
  EXPECT_THROW(dvx::lineage::file_log(repo, "d/other", c3), dvx::Error);
}
