#include "dvx/pipeline/params.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

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

TEST(Params, YamlScalarsAndRefusals) {
  auto y =
      parse_params("a: true\nb: null\nc: '1'\nd: \"q: x\"\ne: 1e3\nf: -7\ng: hello world\nh:\n", "p.yml");
  EXPECT_EQ(y["a"], true);
  EXPECT_TRUE(y["b"].is_null());
  EXPECT_EQ(y["c"], "1");
  EXPECT_EQ(y["d"], "q: x");
  EXPECT_DOUBLE_EQ(y["e"].get<double>(), 1000.0);
  EXPECT_EQ(y["f"], -7);
  EXPECT_EQ(y["g"], "hello world");
  EXPECT_TRUE(y["h"].is_null());
  try {
    parse_params("a:\n  - 1\n  - 2\n", "p.yaml");
    FAIL();
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("p.yaml:2:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("block lists"), std::string::npos);
  }
  EXPECT_THROW(parse_params("a: &x 1\n", "p.yaml"), dvx::Error);
  EXPECT_THROW(parse_params("a: |\n  text\n", "p.yaml"), dvx::Error);
  EXPECT_THROW(parse_params("a: 1\n  b: 2\n", "p.yaml"), dvx::Error);
  try {
    parse_params("{\"a\": 1,\n\"b\": }\n", "p.json");
    FAIL();
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("p.json:2:"), std::string::npos) << e.what();
  }
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
  dvx::util::write_file_atomic(y, "train:\n  epochs: 20  # passes\n  opt:\n");
  set_param(y, "params.yaml", "train.epochs", 0.125);
  set_param(y, "params.yaml", "train.opt", "adam");
  EXPECT_EQ(dvx::util::read_file(y), "train:\n  epochs: 0.125  # passes\n  opt: adam\n");
  fs::path j = dir / "params.json";
  dvx::util::write_file_atomic(j, R"({"train": {"epochs": 20}})");
  set_param(j, "params.json", "train.epochs", 3);
  EXPECT_EQ(parse_params(dvx::util::read_file(j), "params.json")["train"]["epochs"], 3);
}
