#include "dvx/pipeline/pipeline_file.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"

using namespace dvx::pipeline;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_pipeline(text, "dvx.toml");
  } catch (const dvx::Error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(PipelineFile, ParsesStagesInFileOrder) {
  auto pf = parse_pipeline(R"(
[stages.train]
cmd = "python3 src/train.py"
deps = ["src/train.py", "data/prepared.csv"]
outs = ["models/model.pkl", { path = "logs/", cache = false }]
params = ["train.epochs", "train.lr", { file = "params.json", keys = ["layers"] }]
metrics = ["metrics/train.json"]
desc = "train"

[stages.prepare]
cmd = ["echo a", "echo b"]
wdir = "sub"
deps = ["../data/raw.csv", "prep.py"]
outs = ["../data/prepared.csv"]
always_changed = true
)",
                           "dvx.toml");
  ASSERT_EQ(pf.stages.size(), 2u);
  const Stage& train = pf.stages[0];
  EXPECT_EQ(train.name, "train");
  EXPECT_EQ(train.line, 2);
  EXPECT_EQ(train.cmd, std::vector<std::string>{"python3 src/train.py"});
  ASSERT_EQ(train.outs.size(), 2u);
  EXPECT_EQ(train.outs[1].path, "logs");
  EXPECT_FALSE(train.outs[1].cache);
  ASSERT_EQ(train.params.size(), 2u);
  EXPECT_EQ(train.params[0].file, "params.toml");
  EXPECT_EQ(train.params[0].keys, (std::vector<std::string>{"train.epochs", "train.lr"}));
  EXPECT_EQ(train.params[1].file, "params.json");
  EXPECT_EQ(train.desc, "train");
  const Stage& prep = pf.stages[1];
  EXPECT_EQ(prep.wdir, "sub");
  EXPECT_EQ(prep.deps[0].path, "data/raw.csv");
  EXPECT_EQ(prep.deps[1].path, "sub/prep.py");
  EXPECT_EQ(prep.outs[0].path, "data/prepared.csv");
  EXPECT_TRUE(prep.always_changed);
  EXPECT_EQ(pf.find("prepare"), &pf.stages[1]);
}

TEST(PipelineFile, ErrorsNameFileLineAndStage) {
  EXPECT_EQ(error_of("[stages.a]\ncmd = \"x\"\nouts = [\"o\"]\nfoo = 1\n"),
            "dvx.toml:4: stage 'a': unknown key 'foo' (known: cmd, deps, outs, params, metrics, wdir, desc, "
            "frozen, "
            "always_changed)");
  EXPECT_EQ(error_of("[stages.a]\ndeps = [\"x\"]\n"), "dvx.toml:1: stage 'a': missing 'cmd'");
  EXPECT_EQ(
      error_of("[stages.a]\ncmd = \"x\"\ndeps = [\"../../etc/passwd\"]\n"),
      "dvx.toml:3: stage 'a': path '../../etc/passwd' in 'deps' is outside the repository (or is its root)");
  EXPECT_NE(error_of("[stages.a\ncmd = 1\n").find("dvx.toml:1:"), std::string::npos);
  EXPECT_NE(error_of("[stages.a]\ncmd = \"\"\n").find("'cmd' is empty"), std::string::npos);
  EXPECT_NE(error_of("[stage.a]\ncmd = \"x\"\n").find("unknown top-level key 'stage'"), std::string::npos);
  EXPECT_NE(error_of("[stages.a]\ncmd = \"x\"\nouts = [\"o\", \"o\"]\n").find("lists 'o' twice"),
            std::string::npos);
}

TEST(PipelineFile, NormalizePath) {
  EXPECT_EQ(normalize_path("", "a/./b/"), "a/b");
  EXPECT_EQ(normalize_path("sub", "../x"), "x");
  EXPECT_EQ(normalize_path("", "../x"), "");
  EXPECT_EQ(normalize_path("", "."), ".");
}
