#include "dvx/pipeline/workspace.hpp"

#include <gtest/gtest.h>

#include "dvx/pipeline/hashing.hpp"
#include "dvx/util/error.hpp"
#include "support/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dvx::pipeline;
namespace fs = std::filesystem;
using dvx::test_support::read_file;
using dvx::test_support::sha256sum;
using dvx::test_support::write_file;

namespace {

const char* kPipeline = R"([stages.prepare]
deps = ["raw.txt"]
cmd = "cp raw.txt prepared.txt"
outs = ["prepared.txt"]

[stages.train]
params = ["train.epochs"]
deps = ["prepared.txt"]
outs = ["model.txt"]
cmd = "cp prepared.txt model.txt"
)";

bool has_reason(const std::vector<std::string>& reasons, const std::string& part) {
  for (const auto& r : reasons)
    if (r.find(part) != std::string::npos) return true;
  return false;
}

// The lock entry a successful run would record: the evaluation plus outs.
LockStage ran(Workspace& ws, std::size_t i, Hasher& hasher) {
  LockStage entry = evaluate_stage(ws, i, hasher).current;
  for (const auto& out : ws.stage(i).outs) entry.outs.push_back(*hasher.hash(out.path));
  return entry;
}

class WorkspaceTest : public ::testing::Test {
 protected:
  dvx::test_support::ScratchDir dir{"pipeline"};
  void SetUp() override {
    write_file(dir.path() / "dvx.toml", kPipeline);
    write_file(dir.path() / "params.toml", "[train]\nepochs = 3\n");
    write_file(dir.path() / "raw.txt", "1\n2\n");
  }
};

}  // namespace

TEST(Workspace, MissingPipelineFileIsAUsageErrorNamingIt) {
  dvx::test_support::ScratchDir dir("pipeline");
  try {
    Workspace ws(dir.path());
    FAIL() << "no dvx.toml, yet a workspace";
  } catch (const dvx::Error& e) {
    EXPECT_EQ(e.kind(), dvx::ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("dvx.toml"), std::string::npos) << e.what();
  }
}

TEST_F(WorkspaceTest, NewStagesAreStaleThenUpToDateOnceLocked) {
  Workspace ws(dir.path());
  ASSERT_EQ(ws.pipeline().stages.size(), 2u);
  StatCache cache("");
  auto stale = stale_stages(ws, cache);
  ASSERT_EQ(stale.size(), 2u);
  EXPECT_EQ(stale[0].name, "prepare");
  EXPECT_EQ(stale[1].name, "train");

  Hasher hasher(dir.path(), cache);
  write_file(dir.path() / "prepared.txt", "1\n2\n");
  write_file(dir.path() / "model.txt", "1\n2\n");
  ws.update_lock("prepare", ran(ws, 0, hasher));
  ws.update_lock("train", ran(ws, 1, hasher));
  EXPECT_TRUE(stale_stages(ws, cache).empty());
  // update_lock rewrote dvx.lock: a fresh workspace reads the same entries.
  Workspace again(dir.path());
  EXPECT_EQ(again.lock(), ws.lock());
  EXPECT_NE(read_file(dir.path() / "dvx.lock").find("[stages.train.params.\"params.toml\"]"),
            std::string::npos);
}

TEST_F(WorkspaceTest, ReasonsNameTheChangedDepParamAndOut) {
  StatCache cache("");
  {
    Workspace ws(dir.path());
    Hasher hasher(dir.path(), cache);
    write_file(dir.path() / "prepared.txt", "1\n2\n");
    write_file(dir.path() / "model.txt", "1\n2\n");
    ws.update_lock("prepare", ran(ws, 0, hasher));
    ws.update_lock("train", ran(ws, 1, hasher));
  }
  write_file(dir.path() / "raw.txt", "1\n2\n3\n");
  write_file(dir.path() / "params.toml", "[train]\nepochs = 4\n");
  fs::remove(dir.path() / "model.txt");
  Workspace ws(dir.path());
  Hasher hasher(dir.path(), cache);
  auto prepare = evaluate_stage(ws, 0, hasher);
  EXPECT_TRUE(has_reason(prepare.reasons, "raw.txt")) << ::testing::PrintToString(prepare.reasons);
  auto train = evaluate_stage(ws, 1, hasher);
  EXPECT_TRUE(has_reason(train.reasons, "train.epochs")) << ::testing::PrintToString(train.reasons);
  EXPECT_TRUE(has_reason(train.reasons, "model.txt")) << ::testing::PrintToString(train.reasons);
  EXPECT_EQ(train.current.params.at("params.toml").at("train.epochs"), 4);
}

TEST_F(WorkspaceTest, UnknownParamNamesStageFileAndLine) {
  write_file(dir.path() / "params.toml", "[train]\nepoch = 3\n");
  Workspace ws(dir.path());
  try {
    ws.params_of(1);
    FAIL() << "a missing param was accepted";
  } catch (const dvx::Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("dvx.toml:7"), std::string::npos) << msg;
    EXPECT_NE(msg.find("stage 'train'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("train.epochs"), std::string::npos) << msg;
  }
}
