#include "dvx/pipeline/pipeline_file.hpp"

#include <gtest/gtest.h>

#include <map>

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
            "frozen, always_changed, vars; foreach and do, or matrix)");
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

namespace {
// A repository of a few files for vars and the default params file.
ReadRepoFile files(std::map<std::string, std::string> texts) {
  return [texts = std::move(texts)](const std::string& p) -> std::optional<std::string> {
    auto it = texts.find(p);
    if (it == texts.end()) return std::nullopt;
    return it->second;
  };
}
std::string error_of(const std::string& text, const ReadRepoFile& read) {
  try {
    parse_pipeline(text, "dvx.toml", read);
  } catch (const dvx::Error& e) {
    return e.what();
  }
  return "";
}
std::vector<std::string> names(const PipelineFile& pf) {
  std::vector<std::string> out;
  for (const auto& s : pf.stages) out.push_back(s.name);
  return out;
}
}  // namespace

// params.yaml is the default params file when it exists (as in DVC), and
// the default source of ${...}; what a stage interpolates from a params
// file is a param of that stage.
TEST(Templating, VarsFromParamsFilesAndInlineTables) {
  auto read = files({{"params.yaml", "train:\n  epochs: 20\n  lr: 0.5\n  layers: [64, 32]\nseed: 1\n"},
                     {"config/data.yaml", "data:\n  path: raw.csv\n  split: 0.2\nother: x\n"}});
  auto pf = parse_pipeline(R"(
vars = ["config/data.yaml:data", { out = "models", model = { name = "rf" } }]
[stages.train]
cmd = "sh train.sh ${train.epochs} ${train.lr} ${model.name} ${seed}"
deps = ["data/${data.path}"]
outs = ["${out}/${model.name}.pkl"]
params = ["train.layers"]
metrics = ["metrics/${model.name}.json"]
desc = "split ${data.split}"
)",
                           "dvx.toml", read);
  ASSERT_EQ(pf.stages.size(), 1u);
  const Stage& st = pf.stages[0];
  EXPECT_EQ(st.cmd[0], "sh train.sh 20 0.5 rf 1");
  EXPECT_EQ(st.deps[0].path, "data/raw.csv");
  EXPECT_EQ(st.outs[0].path, "models/rf.pkl");
  EXPECT_EQ(st.metrics[0].path, "metrics/rf.json");
  EXPECT_EQ(st.desc, "split 0.2");
  ASSERT_EQ(st.params.size(), 2u);
  EXPECT_EQ(st.params[0].file, "params.yaml");
  EXPECT_EQ(st.params[0].keys,
            (std::vector<std::string>{"seed", "train.epochs", "train.layers", "train.lr"}));
  EXPECT_EQ(st.params[1].file, "config/data.yaml");
  EXPECT_EQ(st.params[1].keys, (std::vector<std::string>{"data.path", "data.split"}));
  // Without params.yaml, keys default to params.toml.
  auto toml = parse_pipeline("[stages.a]\ncmd = \"x ${n}\"\nparams = [\"n\"]\n", "dvx.toml",
                             files({{"params.toml", "n = 3\n"}}));
  EXPECT_EQ(toml.stages[0].cmd[0], "x 3");
  EXPECT_EQ(toml.stages[0].params[0].file, "params.toml");
  EXPECT_EQ(default_params_file(read), "params.yaml");
  EXPECT_EQ(default_params_file(files({})), "params.toml");
}

TEST(Templating, ForeachOverListsTablesAndVars) {
  auto read = files(
      {{"params.yaml", "models:\n  us: {threshold: 10}\n  uk: {threshold: 12}\nsizes: [small, large]\n"}});
  auto pf = parse_pipeline(R"(
[stages.prep]
foreach = ["raw", "clean"]
do = { cmd = "echo ${item} > ${item}.txt", outs = ["${item}.txt"] }

[stages.train]
foreach = "${models}"
[stages.train.do]
cmd = "train ${key} ${item.threshold}"
outs = ["model-${key}.pkl"]

[stages.size]
foreach = "${sizes}"
do = { cmd = "size ${item}" }

[stages.rows]
foreach = [{ n = 1, f = "a" }, { n = 2, f = "b" }]
do = { cmd = "rows ${item.n} ${item.f}", outs = ["rows-${item.f}"] }
)",
                           "dvx.toml", read);
  EXPECT_EQ(names(pf), (std::vector<std::string>{"prep@raw", "prep@clean", "train@uk", "train@us",
                                                 "size@small", "size@large", "rows@0", "rows@1"}));
  EXPECT_EQ(pf.find("prep@clean")->cmd[0], "echo clean > clean.txt");
  EXPECT_EQ(pf.find("prep@clean")->outs[0].path, "clean.txt");
  EXPECT_EQ(pf.find("prep@clean")->group, "prep");
  EXPECT_EQ(pf.find("train@us")->cmd[0], "train us 10");
  EXPECT_EQ(pf.find("train@uk")->outs[0].path, "model-uk.pkl");
  EXPECT_EQ(pf.find("rows@1")->cmd[0], "rows 2 b");
  EXPECT_EQ(pf.find("rows@1")->line, 16);
}

// DVC's matrix: one stage per combination, named by the values (a list or
// table value by its axis name and index), in the order the axes are written.
TEST(Templating, Matrix) {
  auto read = files({{"params.yaml", "lrs: [0.1, 0.01]\n"}});
  auto pf = parse_pipeline(R"(
[stages.tune]
matrix = { model = ["b", "a"], lr = "${lrs}", cfg = [[3, 4], [1, 2]] }
cmd = "tune ${item.model} ${item.lr} ${item.cfg.0} ${key}"
outs = ["out/${item.model}-${item.lr}"]
)",
                           "dvx.toml", read);
  EXPECT_EQ(names(pf), (std::vector<std::string>{"tune@b-0.1-cfg0", "tune@b-0.1-cfg1", "tune@b-0.01-cfg0",
                                                 "tune@b-0.01-cfg1", "tune@a-0.1-cfg0", "tune@a-0.1-cfg1",
                                                 "tune@a-0.01-cfg0", "tune@a-0.01-cfg1"}));
  EXPECT_EQ(pf.find("tune@a-0.01-cfg1")->cmd[0], "tune a 0.01 1 a-0.01-cfg1");
  EXPECT_EQ(pf.find("tune@b-0.1-cfg0")->outs[0].path, "out/b-0.1");
}

TEST(Templating, StageVarsWdirAndEscapes) {
  auto read = files({{"sub/local.yaml", "n: 7\n"}, {"params.toml", "dir = \"sub\"\n"}});
  auto pf = parse_pipeline(R"(
[stages.a]
wdir = "${dir}"
vars = ["local.yaml", { m = 2 }]
cmd = 'echo ${n} ${m} \${HOME} $HOME'
deps = ["in-${n}"]
)",
                           "dvx.toml", read);
  const Stage& a = pf.stages[0];
  EXPECT_EQ(a.wdir, "sub");
  EXPECT_EQ(a.cmd[0], "echo 7 2 ${HOME} $HOME");
  EXPECT_EQ(a.deps[0].path, "sub/in-7");
  // A table in a command unpacks as --key value (as DVC does).
  auto t = parse_pipeline(
      "vars = [{ opt = { lr = 0.1, fast = true, layers = [1, 2] } }]\n[stages.a]\n"
      "cmd = \"train ${opt}\"\n",
      "dvx.toml", {});
  EXPECT_EQ(t.stages[0].cmd[0], "train --fast --layers 1 2 --lr 0.1");
  // A whole "${list}" gives a list of paths.
  auto l = parse_pipeline(
      "vars = [{ files = [\"a\", \"b\"] }]\n[stages.a]\ncmd = \"x\"\ndeps = \"${files}\"\n", "dvx.toml", {});
  ASSERT_EQ(l.stages[0].deps.size(), 2u);
  EXPECT_EQ(l.stages[0].deps[1].path, "b");
}

TEST(Templating, ErrorsNameFileLineAndTheMissingKey) {
  auto read = files({{"params.yaml", "train:\n  epochs: 20\n"}});
  EXPECT_EQ(error_of("[stages.train]\ncmd = \"x\"\ndeps = [\"a\"]\nouts = [\"m-${train.epoch}\"]\n", read),
            "dvx.toml:4: stage 'train': outs: '${train.epoch}': 'train.epoch' is not defined (vars from: "
            "params.yaml)");
  EXPECT_EQ(error_of("[stages.t]\nforeach = [\"a\"]\ndo = { cmd = \"x ${item} ${nope}\" }\n", read),
            "dvx.toml:3: stage 't@a': cmd: '${nope}': 'nope' is not defined (vars from: item, params.yaml)");
  EXPECT_EQ(error_of("vars = [\"missing.yaml\"]\n[stages.a]\ncmd = \"x\"\n", read),
            "dvx.toml:1: vars: vars file 'missing.yaml' does not exist");
  EXPECT_EQ(error_of("vars = [\"params.yaml:train.nope\"]\n[stages.a]\ncmd = \"x\"\n", read),
            "dvx.toml:1: vars: var 'train.nope' not found in 'params.yaml'");
  EXPECT_EQ(error_of("vars = [{ a = 1 }, { a = 2 }]\n[stages.a]\ncmd = \"x\"\n", read),
            "dvx.toml:1: vars: var 'a' of vars[1] is already defined by vars[0]");
  EXPECT_EQ(error_of("[stages.t]\nforeach = \"${train.epochs}\"\ndo = { cmd = \"x\" }\n", read),
            "dvx.toml:2: stage 't': 'foreach' must be a list, a table or \"${name}\" of one");
  EXPECT_EQ(error_of("[stages.t]\nforeach = [\"a\"]\ncmd = \"x\"\n", read),
            "dvx.toml:3: stage 't': a foreach stage has only 'foreach' and 'do' (found 'cmd')");
  EXPECT_EQ(error_of("[stages.t]\nforeach = [\"a\", \"a\"]\ndo = { cmd = \"x\" }\n", read),
            "dvx.toml:1: stage 't': generates stage 't@a' twice");
  EXPECT_EQ(error_of("[stages.t]\ncmd = \"echo ${HOME\"\n", read),
            "dvx.toml:2: stage 't': cmd: 'echo ${HOME': '${' without its closing '}' (write \\${ for a "
            "literal ${)");
  const std::string ten = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
  EXPECT_EQ(error_of("[stages.m]\nmatrix = { a = " + ten + ", b = " + ten + ", c = " + ten + ", d = " + ten +
                         ", e = [0, 1] }\ncmd = \"x\"\n",
                     read),
            "dvx.toml:2: stage 'm': 'matrix' makes 20000 combinations (at most 10000)");
  EXPECT_NE(error_of("[stages.t]\ncmd = \"x ${train}\"\ndeps = [\"${train}\"]\n", read)
                .find("dvx.toml:3: stage 't': 'deps' entries must be strings"),
            std::string::npos);
}
