#include "dvx/pipeline/params.hpp"

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
  for (const char* text : {"+", "-", ".", "1e", "1e+", ".e1", "+.5e-3x"})
    EXPECT_TRUE(parse_params(std::string("a: ") + text + "\n", "p.yaml")["a"].is_string()) << text;
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
  dvx::util::write_file_atomic(y, "train:\n  epochs: 20  # passes\n  opt:\n");
  set_param(y, "params.yaml", "train.epochs", 0.125);
  set_param(y, "params.yaml", "train.opt", "adam");
  EXPECT_EQ(dvx::util::read_file(y), "train:\n  epochs: 0.125  # passes\n  opt: adam\n");
  fs::path j = dir / "params.json";
  dvx::util::write_file_atomic(j, R"({"train": {"epochs": 20}})");
  set_param(j, "params.json", "train.epochs", 3);
  EXPECT_EQ(parse_params(dvx::util::read_file(j), "params.json")["train"]["epochs"], 3);
}
