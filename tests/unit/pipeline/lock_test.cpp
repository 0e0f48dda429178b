#include "dvx/pipeline/lock.hpp"

#include <gtest/gtest.h>

#include "dvx/util/error.hpp"

using namespace dvx::pipeline;

namespace {

const std::string kOid1(64, 'a');
const std::string kOid2(64, 'b');

LockFile sample() {
  LockFile lock;
  auto& train = lock.stages["train"];
  train.cmd = {"python3 src/train.py"};
  train.deps = {{"src/train.py", kOid2, 10, {}}, {"data/prepared.csv", kOid1, 123, {}}};
  train.outs = {{"models/model.pkl", kOid2, 456, {}}, {"models/dir", kOid1, 99, 3}};
  train.metrics = {{"metrics/train.json", kOid1, 12, {}}};
  train.params["params.toml"]["train.epochs"] = 20;
  train.params["params.toml"]["train.lr"] = 0.01;
  train.params["params.toml"]["train.name"] = "a \"b\"\n";
  train.params["params.json"]["layers"] = nlohmann::json::array({1, 2});
  auto& prep = lock.stages["prepare stuff"];
  prep.cmd = {"a", "b"};
  prep.wdir = "sub";
  return lock;
}

}  // namespace

TEST(Lock, RoundTripIsExact) {
  LockFile lock = sample();
  std::string text = format_lock(lock);
  LockFile back = parse_lock(text, "dvx.lock");
  EXPECT_EQ(back.stages.size(), 2u);
  EXPECT_EQ(format_lock(back), text);
  const auto& t = back.stages.at("train");
  ASSERT_EQ(t.deps.size(), 2u);
  EXPECT_EQ(t.deps[0].path, "data/prepared.csv");  // sorted
  EXPECT_EQ(t.outs[0].path, "models/dir");
  EXPECT_EQ(t.outs[0].nfiles, 3u);
  EXPECT_EQ(t.params.at("params.toml").at("train.epochs"), 20);
  EXPECT_DOUBLE_EQ(t.params.at("params.toml").at("train.lr").get<double>(), 0.01);
  EXPECT_EQ(t.params.at("params.toml").at("train.name"), "a \"b\"\n");
  EXPECT_EQ(t.params.at("params.json").at("layers"), nlohmann::json::array({1, 2}));
  EXPECT_EQ(back.stages.at("prepare stuff").cmd, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(back.stages.at("prepare stuff").wdir, "sub");
}

TEST(Lock, DeterministicRegardlessOfInputOrder) {
  LockFile a = sample();
  LockFile b = sample();
  std::reverse(b.stages["train"].deps.begin(), b.stages["train"].deps.end());
  EXPECT_EQ(format_lock(a), format_lock(b));
}

TEST(Lock, FormatMatchesDocumentedShape) {
  LockFile lock;
  auto& s = lock.stages["train"];
  s.cmd = {"python3 src/train.py"};
  s.deps = {{"data/prepared.csv", kOid1, 123, {}}};
  s.params["params.toml"]["train.epochs"] = 20;
  std::string text = format_lock(lock);
  EXPECT_NE(text.find("schema = 1\n"), std::string::npos);
  EXPECT_NE(text.find("[stages.train]\ncmd = \"python3 src/train.py\"\n"), std::string::npos);
  EXPECT_NE(text.find("[stages.train.params.\"params.toml\"]\n\"train.epochs\" = 20\n"), std::string::npos);
  EXPECT_NE(
      text.find("[[stages.train.deps]]\npath = \"data/prepared.csv\"\noid = \"" + kOid1 + "\"\nsize = 123\n"),
      std::string::npos);
}

TEST(Lock, ErrorsNameFileAndLine) {
  try {
    parse_lock(
        "schema = 1\n[stages.x]\ncmd = \"a\"\n[[stages.x.outs]]\npath = \"o\"\noid = \"zz\"\nsize = 1\n",
        "dvx.lock");
    FAIL() << "no error";
  } catch (const dvx::Error& e) {
    EXPECT_EQ(e.kind(), dvx::ErrorKind::corrupt);
    EXPECT_NE(std::string(e.what()).find("dvx.lock:4:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("oid"), std::string::npos) << e.what();
  }
  try {
    parse_lock("schema = 1\n[stages.x\n", "old/dvx.lock");
    FAIL() << "no error";
  } catch (const dvx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("old/dvx.lock:2:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_lock("schema = 1\nbogus = 2\n", "dvx.lock"), dvx::Error);
  EXPECT_THROW(parse_lock("schema = 7\n", "dvx.lock"), dvx::Error);
}

TEST(Lock, FindOutInsideFolder) {
  LockFile lock = sample();
  auto hit = find_out(lock, "models/dir/x.bin");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->stage, "train");
  EXPECT_EQ(hit->kind, "outs");
  EXPECT_FALSE(find_out(lock, "models/dirx"));
  auto dep = find_out(lock, "src/train.py");
  ASSERT_TRUE(dep);
  EXPECT_EQ(dep->kind, "deps");
}

TEST(Lock, FloatsStayFloats) {
  EXPECT_EQ(toml_value_text(nlohmann::json(1.0)), "1.0");
  EXPECT_EQ(toml_value_text(nlohmann::json(0.1)), "0.1");
  EXPECT_EQ(toml_value_text(nlohmann::json(true)), "true");
  EXPECT_EQ(toml_value_text(nlohmann::json::object({{"a b", 1}, {"c", "d"}})), "{ \"a b\" = 1, c = \"d\" }");
}
