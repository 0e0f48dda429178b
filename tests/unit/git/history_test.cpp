// History walks over small repositories made with libgit2 in a temporary
// folder (expected values come from the commits the test itself makes).
#include "dvx/git/history.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dvx/util/error.hpp"
#include "git/test_repo.hpp"

using dvx::git::MergeMode;
using dvx::git::testing::pointer_for;
using dvx::git::testing::TestRepo;

namespace {

std::vector<std::string> commits_of(const std::vector<dvx::git::PathChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.commit);
  return out;
}

}  // namespace

TEST(History, LinearChangesAndRanges) {
  TestRepo t;
  auto c1 = t.commit({{"data/a.csv", pointer_for("one")}, {"README", "x"}}, {}, "one", 1000);
  auto c2 = t.commit({{"data/a.csv", pointer_for("one")}, {"README", "y"}}, {c1}, "readme", 1100);
  auto c3 = t.commit({{"data/a.csv", pointer_for("two")}, {"README", "y"}}, {c2}, "two", 1200);
  auto c4 = t.commit({{"README", "y"}}, {c3}, "remove", 1300);
  t.set_ref("refs/heads/main", c4);
  t.set_ref("refs/tags/v1", c1);
  auto repo = t.open();

  EXPECT_EQ((std::vector<std::string>{c4, c3, c2, c1}), dvx::git::walk_commits(repo, c4));
  auto changes = dvx::git::path_changes(repo, c4, {"data/a.csv", "README", "missing"});
  EXPECT_EQ((std::vector<std::string>{c4, c3, c1}), commits_of(changes["data/a.csv"]));
  EXPECT_EQ((std::vector<std::string>{c2, c1}), commits_of(changes["README"]));
  EXPECT_TRUE(changes["missing"].empty());
  EXPECT_FALSE(changes["data/a.csv"][0].blob_id.has_value());  // removed at c4
  EXPECT_EQ(changes["data/a.csv"][1].parent_blob, dvx::git::blob_id_at(repo, c2, "data/a.csv"));

  // Ranges: A..B and A...B.
  EXPECT_EQ((std::vector<std::string>{c3, c2}), dvx::git::walk_commits(repo, c1 + ".." + c3));
  EXPECT_EQ((std::vector<std::string>{c3}),
            commits_of(dvx::git::path_changes(repo, c1 + ".." + c3, {"data/a.csv"})["data/a.csv"]));
  EXPECT_EQ((std::vector<std::string>{c3, c2}), dvx::git::walk_commits(repo, c1 + "..." + c3));
  EXPECT_THROW(dvx::git::walk_commits(repo, "nope"), dvx::Error);

  auto tags = dvx::git::tags_by_commit(repo);
  EXPECT_EQ((std::vector<std::string>{"v1"}), tags[c1]);
  auto info = dvx::git::commit_info(repo, c3);
  EXPECT_EQ("two", info.subject);
  EXPECT_EQ("Ana", info.author_name);
  EXPECT_EQ(1200, info.author_time);
  EXPECT_EQ(60, info.author_offset);
  EXPECT_EQ((std::vector<std::string>{c2}), info.parents);
}

TEST(History, MergesFullAndFirstParent) {
  TestRepo t;
  auto base = t.commit({{"f", pointer_for("0")}}, {}, "base", 1000);
  auto side = t.commit({{"f", pointer_for("side")}}, {base}, "side", 1100);
  auto main1 = t.commit({{"f", pointer_for("0")}, {"g", "1"}}, {base}, "main", 1200);
  // The merge takes the side branch's version: not a new version itself.
  auto merge = t.commit({{"f", pointer_for("side")}, {"g", "1"}}, {main1, side}, "merge", 1300);
  // A merge that makes new content is a version.
  auto merge2 = t.commit({{"f", pointer_for("resolved")}, {"g", "1"}}, {merge, side}, "merge2", 1400);
  auto repo = t.open();
  auto full = dvx::git::path_changes(repo, merge2, {"f"}, MergeMode::full)["f"];
  EXPECT_EQ((std::vector<std::string>{merge2, side, base}), commits_of(full));
  auto first = dvx::git::path_changes(repo, merge2, {"f"}, MergeMode::first_parent)["f"];
  EXPECT_EQ((std::vector<std::string>{merge2, merge, base}), commits_of(first));
  auto order = dvx::git::walk_commits(repo, merge2);
  ASSERT_EQ(5u, order.size());
  EXPECT_EQ(merge2, order[0]);
  EXPECT_EQ(base, order.back());
}
