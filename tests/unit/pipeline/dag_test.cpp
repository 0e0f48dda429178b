#include "dvx/pipeline/dag.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"

using namespace dvx::pipeline;

namespace {
std::string dag_error(const std::string& text) {
  auto pf = parse_pipeline(text, "dvx.toml");
  try {
    build_dag(pf);
  } catch (const dvx::Error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Dag, OrderAndEdges) {
  auto pf = parse_pipeline(R"(
[stages.evaluate]
cmd = "e"
deps = ["models/m"]
[stages.train]
cmd = "t"
deps = ["data/p.csv"]
outs = ["models"]
[stages.prepare]
cmd = "p"
outs = ["data/p.csv"]
[stages.other]
cmd = "o"
)",
                           "dvx.toml");
  Dag dag = build_dag(pf);
  std::vector<std::string> names;
  for (auto i : dag.order) names.push_back(pf.stages[i].name);
  EXPECT_EQ(names, (std::vector<std::string>{"prepare", "train", "evaluate", "other"}));
  EXPECT_EQ(dag_text(dag), "prepare\ntrain  <- prepare\nevaluate  <- train\nother\n");
  EXPECT_NE(dag_dot(dag).find("\"prepare\" -> \"train\";"), std::string::npos);
  EXPECT_NE(dag_mermaid(dag).find("-->"), std::string::npos);
  auto up = dag.closure({*dag.index_of("evaluate")}, false);
  EXPECT_EQ(up.size(), 3u);
  auto down = dag.closure({*dag.index_of("train")}, true);
  EXPECT_EQ(down.size(), 2u);
  EXPECT_EQ(dag.producer_of("models/m/x"), dag.index_of("train"));
}

TEST(Dag, Errors) {
  EXPECT_EQ(dag_error("[stages.a]\ncmd = \"x\"\ndeps = [\"b.txt\"]\nouts = [\"a.txt\"]\n"
                      "[stages.b]\ncmd = \"y\"\ndeps = [\"a.txt\"]\nouts = [\"b.txt\"]\n"),
            "dvx.toml:1: stage 'a': the pipeline has a cycle: a -> b -> a");
  EXPECT_EQ(
      dag_error("[stages.a]\ncmd = \"x\"\nouts = [\"o.txt\"]\n[stages.b]\ncmd = \"y\"\nouts = [\"o.txt\"]\n"),
      "dvx.toml:6: stage 'b': out 'o.txt' is also an out of stage 'a' (dvx.toml:3)");
  EXPECT_EQ(dag_error("[stages.a]\ncmd = \"x\"\ndeps = [\"o.txt\"]\nouts = [\"o.txt\"]\n"),
            "dvx.toml:3: stage 'a': dep 'o.txt' is also an out of the same stage (line 4); a stage cannot "
            "depend on "
            "its own output");
  EXPECT_NE(dag_error("[stages.a]\ncmd = \"x\"\nouts = [\"d\"]\n[stages.b]\ncmd = \"y\"\nouts = [\"d/f\"]\n")
                .find("overlaps"),
            std::string::npos);
}
