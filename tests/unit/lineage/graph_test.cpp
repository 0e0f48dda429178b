// Lineage graphs built from dvx.lock files in history (repositories made
// with libgit2), and their renderings.
#include "dvx/lineage/graph.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dvx/lineage/render.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"
#include "git/test_repo.hpp"

using dvx::git::testing::pointer_for;
using dvx::git::testing::TestRepo;

TEST(Lineage, GraphFromLock) {
  TestRepo t;
  auto h = [](const std::string& s) { return dvx::util::sha256_hex(s); };
  std::string lock =
      "schema = 1\n\n[stages.train]\ncmd = \"python3 train.py\"\n\n"
      "[stages.train.params.\"params.toml\"]\n\"train.epochs\" = 3\n\n"
      "[[stages.train.deps]]\npath = \"data/raw.csv\"\noid = \"" +
      h("raw") +
      "\"\nsize = 3\n\n"
      "[[stages.train.outs]]\npath = \"model.bin\"\noid = \"" +
      h("model") + "\"\nsize = 5\n";
  auto c1 = t.commit({{"data/raw.csv", pointer_for("raw")}}, {}, "data", 1000);
  auto c2 = t.commit(
      {{"data/raw.csv", pointer_for("raw")}, {"model.bin", pointer_for("model")}, {"dvx.lock", lock}}, {c1},
      "train", 1100);
  auto c3 = t.commit({{"data/raw.csv", pointer_for("raw")}, {"dvx.lock", "schema = 1\n[stages.x\n"}}, {c2},
                     "bad", 1200);
  t.set_ref("refs/heads/main", c3);
  auto repo = t.open();

  dvx::lineage::LineageOptions opts;
  opts.rev = c2;
  auto g = dvx::lineage::build_lineage(repo, "model.bin", opts);
  EXPECT_EQ("train", g.datasets.at("model.bin").producer);
  ASSERT_EQ(1u, g.root.stages.size());
  ASSERT_EQ(1u, g.root.stages[0].children.size());
  const auto& dep = g.root.stages[0].children[0];
  EXPECT_EQ(h("raw"), dep.version->oid);
  ASSERT_TRUE(dep.introduced.has_value());
  EXPECT_EQ(c1, dep.introduced->commit);
  EXPECT_EQ("train.epochs=3", dvx::lineage::params_text(g.stages.at("train").lock.params));
  auto json = dvx::lineage::to_json(g);
  EXPECT_EQ(3, json["stages"]["train"]["params"]["params.toml"]["train.epochs"].get<int>());
  std::string dot = dvx::lineage::to_dot(g);
  EXPECT_NE(std::string::npos, dot.find("\"d:data/raw.csv\" -> \"s:train\""));
  EXPECT_NE(std::string::npos, dot.find("\"s:train\" -> \"d:model.bin\""));

  opts.downstream = true;
  auto down = dvx::lineage::build_lineage(repo, "data/raw.csv", opts);
  EXPECT_EQ(1u, down.stages.count("train"));
  EXPECT_EQ(1u, down.datasets.count("model.bin"));

  opts.rev = c3;
  opts.downstream = false;
  try {
    dvx::lineage::build_lineage(repo, "data/raw.csv", opts);
    FAIL() << "malformed lock accepted";
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find(c3 + ":dvx.lock:")) << e.what();
  }
  opts.rev = c2;
  EXPECT_THROW(dvx::lineage::build_lineage(repo, "nothing/here", opts), dvx::Error);
}
