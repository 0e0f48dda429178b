// The columns, cells and sorting of `git dvx exp show` on rows built here,
// the experiment name rule, and the MLflow files written for rows.
#include "dvx/exp/rows.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dvx/exp/experiments.hpp"
#include "dvx/exp/mlflow.hpp"
#include "dvx/util/error.hpp"

namespace dvx::exp {
namespace {

Row row(std::string name, std::string kind, double l2, std::optional<double> mse) {
  Row r;
  r.name = std::move(name);
  r.kind = std::move(kind);
  r.commit = std::string(40, 'a');
  r.time = 1700000000;
  r.params["params.toml"]["train.l2"] = l2;
  r.params["params.toml"]["train.epochs"] = 20;
  r.params["other.json"]["epochs"] = 1;
  if (mse) r.metrics["metrics.json"]["mse"] = *mse;
  return r;
}

std::vector<std::string> labels(const std::vector<Column>& cols) {
  std::vector<std::string> out;
  for (const auto& c : cols) out.push_back((c.metric ? "m:" : "p:") + c.label);
  return out;
}

TEST(ExpRows, ColumnsAreWhatVaries) {
  std::vector<Row> rows{row("main", "baseline", 0.5, 0.2), row("a", "experiment", 1.0, 0.1),
                        row("b", "experiment", 1.0, 0.2)};
  EXPECT_EQ(labels(select_columns(rows, {}, {})), (std::vector<std::string>{"p:train.l2", "m:mse"}));
  // one row: everything
  EXPECT_EQ(labels(select_columns({rows[0]}, {}, {})),
            (std::vector<std::string>{"p:epochs", "p:train.epochs", "p:train.l2", "m:mse"}));
  // globs match the label or file:key; only the kind given is filtered by glob
  EXPECT_EQ(labels(select_columns(rows, {"train.*"}, {})),
            (std::vector<std::string>{"p:train.epochs", "p:train.l2", "m:mse"}));
  EXPECT_EQ(labels(select_columns(rows, {"other.json:*"}, {"nothing"})),
            (std::vector<std::string>{"p:epochs"}));
}

TEST(ExpRows, SharedKeysAreLabelledWithTheirFile) {
  Row r = row("main", "baseline", 0.5, 0.2);
  r.params["params.toml"]["epochs"] = 3;
  auto cols = select_columns({r}, {}, {});
  EXPECT_EQ(labels(cols), (std::vector<std::string>{"p:other.json:epochs", "p:params.toml:epochs",
                                                    "p:train.epochs", "p:train.l2", "m:mse"}));
  EXPECT_EQ(cell(r, cols[0]), nlohmann::json(1));
  EXPECT_EQ(cell(r, cols[1]), nlohmann::json(3));
  EXPECT_EQ(cell(r, Column{true, "metrics.json", "nope", "nope"}), std::nullopt);
}

TEST(ExpRows, SortsTheExperimentsOfEachCommit) {
  std::vector<Row> rows{row("main", "baseline", 0.5, 0.2),
                        row("a", "experiment", 1.0, 0.3),
                        row("b", "experiment", 2.0, std::nullopt),
                        row("c", "experiment", 3.0, 0.1),
                        row("v1", "tag", 0.5, 0.2),
                        row("d", "experiment", 1.0, 0.5),
                        row("e", "experiment", 1.0, 0.4)};
  auto all = select_columns(rows, {"*"}, {"*"});
  sort_experiments(rows, all, "mse", false);
  std::string order;
  for (const auto& r : rows) order += r.name + " ";
  EXPECT_EQ(order, "main c a b v1 e d ");  // absent last; each commit's experiments apart
  sort_experiments(rows, all, "metrics.json:mse", true);
  order.clear();
  for (const auto& r : rows) order += r.name + " ";
  EXPECT_EQ(order, "main a c b v1 d e ");
  EXPECT_THROW(sort_experiments(rows, all, "accuracy", false), Error);
}

TEST(ExpNames, UsableNames) {
  for (const char* ok : {"ridge-1", "a.b_c", "X9"}) EXPECT_NO_THROW(check_name(ok)) << ok;
  for (const char* bad : {"", "-x", ".x", "a..b", "a/b", "a b", "x.lock", "x.", "ü"})
    EXPECT_THROW(check_name(bad), Error) << bad;
  EXPECT_THROW(check_name(std::string(101, 'a')), Error);
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ExpMlflow, WritesTheFileStoreLayout) {
  auto dir = std::filesystem::temp_directory_path() / ("dvx-mlflow-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Row base = row("main", "baseline", 0.5, 0.25);
  Row e = row("it's", "experiment", 1.0, std::nullopt);
  e.commit = std::string(40, 'b');
  e.status = "failed";
  e.baseline = base.commit;
  e.deps["data/x.csv"] = std::string(64, 'c');
  auto r = write_mlflow(dir, "demo", {base, e});
  EXPECT_EQ(r.runs, 2u);
  auto exp_dir = dir / r.experiment_id;
  EXPECT_TRUE(std::filesystem::is_directory(dir / ".trash"));
  EXPECT_NE(read(exp_dir / "meta.yaml").find("name: 'demo'\n"), std::string::npos);
  auto run_b = exp_dir / std::string(32, 'b');
  auto meta = read(run_b / "meta.yaml");
  EXPECT_NE(meta.find("run_name: 'it''s'\n"), std::string::npos) << meta;
  EXPECT_NE(meta.find("status: 4\n"), std::string::npos) << meta;
  EXPECT_EQ(read(run_b / "params" / "train.l2"), "1.0");
  EXPECT_EQ(read(run_b / "params" / "epochs"), "1");
  EXPECT_EQ(read(run_b / "params" / "train.epochs"), "20");
  EXPECT_EQ(read(run_b / "tags" / "dvx.dep.data" / "x.csv"), std::string(64, 'c'));
  EXPECT_EQ(read(run_b / "tags" / "dvx.status"), "failed");
  EXPECT_FALSE(std::filesystem::exists(run_b / "metrics" / "mse"));
  auto run_a = exp_dir / std::string(32, 'a');
  EXPECT_EQ(read(run_a / "metrics" / "mse"), "1700000000000 0.25 0\n");
  EXPECT_NE(read(run_a / "meta.yaml").find("status: 3\n"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dvx::exp
