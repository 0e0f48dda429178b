#include "dvx/pipeline/params.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

using namespace dvx::pipeline;
namespace fs = std::filesystem;

TEST(Params, TomlJsonYamlGiveTheSameTree) {
  auto t = parse_params("[train]\nepochs = 20\nlr = 0.5\nname = \"x\"\nlayers = [1, 2]\n", "params.toml");
  auto j =
      parse_params(R"({"train": {"epochs": 20, "lr": 0.5, "name": "x", "layers": [1, 2]}})", "params.json");
  auto y = parse_params("# c\ntrain:\n  epochs: 20   # comment\n  lr: 0.5\n  name: x\n  layers: [1, 2]\n",
                        "p.yaml");
  EXPECT_EQ(t, j);
  EXPECT_EQ(y, j);
  EXPECT_EQ(lookup_param(t, "train.epochs"), nlohmann::json(20));
  EXPECT_FALSE(lookup_param(t, "train.missing"));
  auto flat = flatten_params(y);
  EXPECT_EQ(flat.size(), 4u);
  EXPECT_EQ(flat.at("train.layers"), nlohmann::json::array({1, 2}));
}

TEST(Params, DottedTopLevelKeyWins) {
  auto j = parse_params(R"({"a.b": 1, "a": {"b": 2}})", "p.json");
  EXPECT_EQ(lookup_param(j, "a.b"), nlohmann::json(1));
  auto k = parse_params(R"({"a": {"b.c": {"d": 3}}})", "p.json");
  EXPECT_EQ(lookup_param(k, "a.b.c.d"), nlohmann::json(3));
}

TEST(Params, YamlScalarsAndErrors) {
  auto y = parse_params(
      "a: true\nb: null\nc: '1'\nd: \"q: x\"\ne: 1e3\nf: -7\ng: hello world\nh:\ni: ~\nj: 0x1f\nk: .inf\n"
      "l: !!str 12\nm: .8\n",
      "p.yml");
  EXPECT_EQ(y["a"], true);
  EXPECT_TRUE(y["b"].is_null());
  EXPECT_EQ(y["c"], "1");
  EXPECT_EQ(y["d"], "q: x");
  EXPECT_DOUBLE_EQ(y["e"].get<double>(), 1000.0);
  EXPECT_EQ(y["f"], -7);
  EXPECT_EQ(y["g"], "hello world");
  EXPECT_TRUE(y["h"].is_null());
  EXPECT_TRUE(y["i"].is_null());
  EXPECT_EQ(y["j"], 31);
  EXPECT_EQ(y["k"].get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(y["l"], "12");
  EXPECT_DOUBLE_EQ(y["m"].get<double>(), 0.8);
  auto expect_error = [](const std::string& text, const std::string& where, const std::string& what) {
    try {
      parse_params(text, "p.yaml");
      ADD_FAILURE() << "no error for: " << text;
    } catch (const dvx::Error& e) {
      EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect_error("a: 1\nb: [1, 2\nc: 3\n", "p.yaml:", "invalid YAML");
  expect_error("a: 1\n  b: 2\n", "p.yaml:2:", "invalid YAML");
  expect_error("a: 1\nb: 2\na: 3\n", "p.yaml:3:", "key 'a' appears twice");
  expect_error("a: 1\n---\nb: 2\n", "p.yaml:2:", "several YAML documents");
  expect_error("a: *nothing\n", "p.yaml:1:", "invalid YAML");
  // yaml-cpp's LoadAll never returns on this (found by fuzz_pipeline_file).
  expect_error("{\"traayers\": [1, 2], \"x\": null, \"ok\": true}, ", "p.yaml:1:", "several YAML documents");
  try {
    parse_params("{\"a\": 1,\n\"b\": }\n", "p.json");
    FAIL();
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("p.json:2:"), std::string::npos) << e.what();
  }
}

// The params.yaml examples of DVC's documentation (params, templating):
// nested maps, block lists of scalars and of maps, anchors and merge keys,
// multi-line strings, comments.
TEST(Params, YamlAsDvcUsersWriteIt) {
  auto y = parse_params(R"(# params.yaml
seed: 20170428
prepare:
  split: 0.20
featurize:
  max_features: 3000
  ngrams: 2
train:
  seed: 20170428
  n_est: 100
  min_split: 64
  layers:       # a block list
    - 64
    - 32
  optimizers: [adam, sgd]
models:
  us:
    threshold: 10
  uk:
    threshold: 12
datasets:
  - name: small
    size: 100
  - {name: large, size: 1000}
base: &base
  lr: 0.1
  batch: 32
tuned:
  <<: *base
  lr: 0.01
same: *base
note: |
  two
  lines
folded: >
  one
  line
)",
                        "params.yaml");
  EXPECT_EQ(lookup_param(y, "seed"), nlohmann::json(20170428));
  EXPECT_DOUBLE_EQ(lookup_param(y, "prepare.split")->get<double>(), 0.2);
  EXPECT_EQ(lookup_param(y, "train.layers"), nlohmann::json::array({64, 32}));
  EXPECT_EQ(lookup_param(y, "train.optimizers"), nlohmann::json::array({"adam", "sgd"}));
  EXPECT_EQ(lookup_param(y, "models.uk.threshold"), nlohmann::json(12));
  EXPECT_EQ(lookup_param(y, "datasets"),
            nlohmann::json::parse(R"([{"name": "small", "size": 100}, {"name": "large", "size": 1000}])"));
  EXPECT_EQ(lookup_param(y, "tuned"), nlohmann::json::parse(R"({"lr": 0.01, "batch": 32})"));
  EXPECT_EQ(lookup_param(y, "same"), lookup_param(y, "base"));
  EXPECT_EQ(lookup_param(y, "note"), nlohmann::json("two\nlines\n"));
  EXPECT_EQ(lookup_param(y, "folded"), nlohmann::json("one line\n"));
  // Lists are values (DVC compares them whole): one leaf each.
  auto flat = flatten_params(y);
  EXPECT_EQ(flat.at("train.layers"), nlohmann::json::array({64, 32}));
  EXPECT_EQ(flat.count("datasets"), 1u);
  EXPECT_EQ(flat.at("tuned.batch"), 32);
  // The same values in JSON and TOML give the same tree.
  EXPECT_EQ(parse_params("train:\n  layers:\n  - 64\n  - 32\n", "p.yaml"),
            parse_params("[train]\nlayers = [64, 32]\n", "p.toml"));
}

TEST(Params, YamlAliasBombIsRefused) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c, ++prev)
    bomb += fmt::format("{0}: &{0} [*{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}]\n", c, prev);
  try {
    parse_params(bomb, "bomb.yaml");
    FAIL();
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("bomb.yaml: more than 1000000 values"), std::string::npos)
        << e.what();
  }
}

// Arbitrary bytes: out-of-range numbers and long values are values, not
// crashes (std::stod threw std::out_of_range; std::regex recursed per
// character and overflowed the stack), and nesting is bounded.
TEST(Params, HostileValuesAreReadOrRefusedCleanly) {
  auto y = parse_params("big: 1e999\nneg: -1e999\ntiny: 1e-999\nlong_int: 123456789012345678901234567890\n",
                        "p.yaml");
  EXPECT_EQ(y["big"].get<double>(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(y["neg"].get<double>(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(y["tiny"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(y["long_int"].get<double>(), 1.2345678901234568e29);
  const std::string digits(200000, '7');
  auto l = parse_params("a: " + digits + "\nb: x" + digits + "\nc: 1." + digits + "e5\n", "p.yaml");
  EXPECT_TRUE(l["a"].is_number_float());
  EXPECT_EQ(l["b"], "x" + digits);
  EXPECT_TRUE(l["c"].is_number_float());
  for (const char* text : {"+", ".", "1e", "1e+", ".e1", "+.5e-3x", "-x"})
    EXPECT_TRUE(parse_params(std::string("a: ") + text + "\n", "p.yaml")["a"].is_string()) << text;
  // A lone "-" starts a block list entry, which YAML does not allow there.
  EXPECT_THROW(parse_params("a: -\n", "p.yaml"), dvx::Error);
  EXPECT_DOUBLE_EQ(parse_params("a: +.5e-3\n", "p.yaml")["a"].get<double>(), 0.0005);

  auto expect_too_deep = [](const std::string& text, const std::string& file) {
    try {
      parse_params(text, file);
      ADD_FAILURE() << file;
    } catch (const dvx::Error& e) {
      EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("nested more than 256 levels"), std::string::npos) << e.what();
    }
  };
  expect_too_deep(std::string(100000, '[') + std::string(100000, ']'), "deep.json");
  std::string yaml;
  for (int i = 0; i < 300; ++i) yaml += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  yaml += std::string(300, ' ') + "v: 1\n";
  expect_too_deep(yaml, "deep.yaml");
  // Found by fuzz_pipeline_file: nlohmann's out_of_range for a JSON number
  // beyond a double escaped as an internal error.
  try {
    parse_params(R"({"lr": 1e999999999999})", "big.json");
    ADD_FAILURE() << "no error for a JSON number overflow";
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("big.json: invalid JSON: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("number overflow"), std::string::npos) << e.what();
  }
  // 256 levels are fine.
  auto ok = parse_params(std::string(255, '[') + std::string(255, ']'), "ok.json");
  EXPECT_TRUE(ok.is_array());
}

TEST(Params, CliValues) {
  EXPECT_EQ(parse_cli_value("20"), 20);
  EXPECT_DOUBLE_EQ(parse_cli_value("0.25").get<double>(), 0.25);
  EXPECT_EQ(parse_cli_value("true"), true);
  EXPECT_EQ(parse_cli_value("adam"), "adam");
  EXPECT_EQ(parse_cli_value("\"20\""), "20");
  EXPECT_EQ(parse_cli_value("[1, 2]"), nlohmann::json::array({1, 2}));
}

class SetParam : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("dvx-params-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(SetParam, TomlKeepsCommentsAndLayout) {
  fs::path f = dir / "params.toml";
  dvx::util::write_file_atomic(f, "# top\n[train]\nepochs = 20 # passes\nlr = 0.5\n");
  set_param(f, "params.toml", "train.epochs", 7);
  EXPECT_EQ(dvx::util::read_file(f), "# top\n[train]\nepochs = 7 # passes\nlr = 0.5\n");
  set_param(f, "params.toml", "train.lr", "fast");
  EXPECT_EQ(dvx::util::read_file(f), "# top\n[train]\nepochs = 7 # passes\nlr = \"fast\"\n");
  EXPECT_THROW(set_param(f, "params.toml", "train.nope", 1), dvx::Error);
}

TEST_F(SetParam, YamlAndJson) {
  fs::path y = dir / "params.yaml";
  dvx::util::write_file_atomic(y,
                               "train:\n  epochs: 20  # passes\n  opt: 'sgd'\n  flow: {a: 1, b: [1, 2]}\n");
  EXPECT_EQ(set_param(y, "params.yaml", "train.epochs", 0.125), "");
  set_param(y, "params.yaml", "train.opt", "adam");
  set_param(y, "params.yaml", "train.flow.b", nlohmann::json::array({3}));
  set_param(y, "params.yaml", "train.flow.a", "true");
  EXPECT_EQ(dvx::util::read_file(y),
            "train:\n  epochs: 0.125  # passes\n  opt: adam\n  flow: {a: \"true\", b: [3]}\n");
  EXPECT_THROW(set_param(y, "params.yaml", "train.nope", 1), dvx::Error);
  fs::path j = dir / "params.json";
  dvx::util::write_file_atomic(j, "{\n    \"z\": 1,\n    \"train\": {\"epochs\": 20}\n}\n");
  set_param(j, "params.json", "train.epochs", 3);
  EXPECT_EQ(dvx::util::read_file(j), "{\n    \"z\": 1,\n    \"train\": {\n        \"epochs\": 3\n    }\n}\n");
}

TEST_F(SetParam, YamlBlockListsAndAnchorsRewriteTheDocument) {
  fs::path y = dir / "params.yaml";
  const std::string original =
      "# keep?\nbase: &b\n  lr: 0.1\ntrain:\n  <<: *b\n  layers:\n    - 64\n    - 32\n"
      "  seed: 1 # s\n";
  dvx::util::write_file_atomic(y, original);
  // A one-line value beside a block list: only its text changes.
  EXPECT_EQ(set_param(y, "params.yaml", "train.seed", 2), "");
  EXPECT_EQ(dvx::util::read_file(y),
            "# keep?\nbase: &b\n  lr: 0.1\ntrain:\n  <<: *b\n  layers:\n    - 64\n"
            "    - 32\n  seed: 2 # s\n");
  // A block list: the document is written anew, merged values expanded, and the note says so.
  auto note = set_param(y, "params.yaml", "train.layers", nlohmann::json::array({128, 64, 32}));
  EXPECT_NE(note.find("comments and anchors are not kept"), std::string::npos) << note;
  auto tree = parse_params(dvx::util::read_file(y), "params.yaml");
  EXPECT_EQ(tree, nlohmann::json::parse(
                      R"({"base": {"lr": 0.1}, "train": {"lr": 0.1, "layers": [128, 64, 32], "seed": 2}})"));
  // A merged value set through the mapping that merges it changes that mapping only.
  dvx::util::write_file_atomic(y, original);
  set_param(y, "params.yaml", "train.lr", 0.5);
  tree = parse_params(dvx::util::read_file(y), "params.yaml");
  EXPECT_EQ(lookup_param(tree, "base.lr"), nlohmann::json(0.1));
  EXPECT_EQ(lookup_param(tree, "train.lr"), nlohmann::json(0.5));
  // edit_param (a dry run) computes the edit and the value it replaces.
  auto edit = edit_param(original, "params.yaml", "train.seed", 9);
  EXPECT_EQ(edit.old_value, 1);
  EXPECT_NE(edit.text.find("  seed: 9 # s\n"), std::string::npos) << edit.text;
}
