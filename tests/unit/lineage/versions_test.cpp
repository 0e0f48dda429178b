// A file's versions read from pointers in history (repositories made with
// libgit2; expected oids are SHA-256 of the bytes the test writes).
#include "dvx/lineage/versions.hpp"

#include "dvx/git/history.hpp"

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

TEST(Versions, FilesUnderAFolder) {
  TestRepo t;
  // x/ and y/ hold identical trees (one tree id): both are listed.
  auto c1 = t.commit(
      {{"d/x/a", pointer_for("a")}, {"d/y/a", pointer_for("a")}, {"d/readme", "plain"}, {"e/b", "b"}}, {},
      "one", 1000);
  auto c2 = t.commit(
      {{"d/x/a", pointer_for("a2")}, {"d/y/a", pointer_for("a")}, {"d/readme", "plain"}, {"e/b", "b"}}, {c1},
      "two", 1100);
  auto c3 =
      t.commit({{"d/x/a", pointer_for("a2")}, {"d/readme", "plain"}, {"d/z", pointer_for("z")}, {"e/b", "b"}},
               {c2}, "three", 1200);
  auto repo = t.open();
  EXPECT_EQ((std::vector<std::string>{"d/readme", "d/x/a", "d/y/a", "d/z"}),
            dvx::git::files_under(repo, c3, "d"));
  EXPECT_EQ((std::vector<std::string>{"d/x/a"}), dvx::git::files_under(repo, c3, "d/x"));
  EXPECT_EQ((std::vector<std::string>{"d/readme", "d/x/a", "d/y/a"}),
            dvx::git::files_under(repo, c1 + ".." + c2, "d"));       // c2 only: no d/z yet
  EXPECT_TRUE(dvx::git::files_under(repo, c3, "d/readme").empty());  // a file, not a folder
  EXPECT_TRUE(dvx::git::files_under(repo, c3, "nope").empty());

  // The folder's log: every pointer file's versions, newest first, by path
  // within a commit; d/readme (never a pointer) is left out.
  auto log = dvx::lineage::file_log(repo, "d", c3);
  std::vector<std::string> got;
  for (const auto& v : log)
    got.push_back(v.commit.id.substr(0, 7) + " " + v.path + (v.content ? "" : " removed"));
  auto s = [](const std::string& c) { return c.substr(0, 7); };
  EXPECT_EQ((std::vector<std::string>{s(c3) + " d/y/a removed", s(c3) + " d/z", s(c2) + " d/x/a",
                                      s(c1) + " d/x/a", s(c1) + " d/y/a"}),
            got);
  EXPECT_THROW(dvx::lineage::file_log(repo, "e", c3), dvx::Error);  // no pointer under e/
}
