#include "pipeline/stage_io.hpp"

#include <gtest/gtest.h>

#include "dvx/cache/object_store.hpp"
#include "dvx/util/error.hpp"
#include "support/files.hpp"
#include "support/scratch_dir.hpp"

using namespace dvx::pipeline;
using namespace dvx::pipeline::detail;
namespace fs = std::filesystem;
using dvx::test_support::read_file;
using dvx::test_support::sha256sum;
using dvx::test_support::write_file;

namespace {

Stage stage_with(std::vector<std::string> cmd, std::vector<std::string> outs = {}) {
  Stage s;
  s.name = "train";
  s.cmd = std::move(cmd);
  for (auto& o : outs) s.outs.push_back({o, true, 0});
  return s;
}

}  // namespace

TEST(StageCommands, RunInOrderFromWdirAndReportTheFirstFailure) {
  dvx::test_support::ScratchDir dir("pipeline");
  fs::create_directories(dir.path() / "sub");
  Stage s = stage_with({"echo one > log", "echo two >> log"});
  s.wdir = "sub";
  EXPECT_EQ(run_stage_commands(dir.path(), s), 0);
  EXPECT_EQ(read_file(dir.path() / "sub/log"), "one\ntwo\n");
  EXPECT_EQ(run_stage_commands(dir.path(), stage_with({"exit 3", "touch never"})), 3);
  EXPECT_FALSE(fs::exists(dir.path() / "never"));
  EXPECT_EQ(run_stage_commands(dir.path(), stage_with({"kill -9 $$"})), 128 + 9);
}

TEST(StageOutputs, PrepareRemovesOutsAndMakesTheirFolders) {
  dvx::test_support::ScratchDir dir("pipeline");
  write_file(dir.path() / "models/old.pkl", "stale");
  write_file(dir.path() / "outdir/x", "stale");
  Stage s = stage_with({"true"}, {"models/old.pkl", "outdir", "new/deep/out.txt"});
  s.metrics.push_back({"metrics.json", true, 0});
  write_file(dir.path() / "metrics.json", "{}");
  prepare_outputs(dir.path(), s);
  EXPECT_FALSE(fs::exists(dir.path() / "models/old.pkl"));
  EXPECT_TRUE(fs::is_directory(dir.path() / "models"));
  EXPECT_FALSE(fs::exists(dir.path() / "outdir"));
  EXPECT_FALSE(fs::exists(dir.path() / "metrics.json"));
  EXPECT_TRUE(fs::is_directory(dir.path() / "new/deep"));
}

TEST(StageOutputs, SaveStoresOutsAndRestoreBringsThemBack) {
  dvx::test_support::ScratchDir dir("pipeline");
  dvx::cache::ObjectStore store(dir.path() / "cache");
  fs::path ws = dir.path() / "ws";
  write_file(ws / "model.txt", "weights\n");
  write_file(ws / "out/a.txt", "a\n");
  write_file(ws / "out/b/c.txt", "c\n");
  Stage s = stage_with({"true"}, {"model.txt", "out"});
  StatCache cache("");
  Hasher hasher(ws, cache);
  LockStage entry;
  save_outputs(ws, s, store, hasher, entry);
  ASSERT_EQ(entry.outs.size(), 2u);
  EXPECT_EQ(entry.outs[0].path, "model.txt");
  EXPECT_EQ(entry.outs[1].path, "out");
  EXPECT_EQ(entry.outs[1].nfiles, 2u);
  EXPECT_TRUE(store.contains(entry.outs[0].oid));
  EXPECT_TRUE(store.contains(entry.outs[1].oid));  // the folder's manifest
  EXPECT_TRUE(can_restore(entry, store));

  fs::remove(ws / "model.txt");
  fs::remove_all(ws / "out");
  write_file(ws / "out/junk", "not recorded");
  restore_outputs(ws, entry, store, hasher);
  EXPECT_EQ(read_file(ws / "model.txt"), "weights\n");
  EXPECT_EQ(read_file(ws / "out/a.txt"), "a\n");
  EXPECT_EQ(read_file(ws / "out/b/c.txt"), "c\n");
  EXPECT_FALSE(fs::exists(ws / "out/junk"));

  fs::remove(store.object_path(entry.outs[0].oid));
  EXPECT_FALSE(can_restore(entry, store));
}

TEST(StageOutputs, AnOutNotProducedNamesStageAndPath) {
  dvx::test_support::ScratchDir dir("pipeline");
  dvx::cache::ObjectStore store(dir.path() / "cache");
  StatCache cache("");
  Hasher hasher(dir.path(), cache);
  LockStage entry;
  try {
    save_outputs(dir.path(), stage_with({"true"}, {"model.pkl"}), store, hasher, entry);
    FAIL() << "a missing out was accepted";
  } catch (const dvx::Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("'train'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("model.pkl"), std::string::npos) << msg;
  }
}

TEST(RunCache, KeyCoversCommandDepsAndParamsAndRecordsRoundTrip) {
  dvx::test_support::ScratchDir dir("pipeline");
  Stage s = stage_with({"python3 train.py"}, {"model.pkl"});
  LockStage current;
  current.cmd = s.cmd;
  current.deps = {{"data.csv", std::string(64, 'a'), 5, {}}};
  current.params["params.toml"]["lr"] = 0.1;
  const std::string key = RunCache::key(s, current);
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(RunCache::key(s, current), key);

  LockStage other_dep = current;
  other_dep.deps[0].oid = std::string(64, 'b');
  EXPECT_NE(RunCache::key(s, other_dep), key);
  LockStage other_param = current;
  other_param.params["params.toml"]["lr"] = 0.2;
  EXPECT_NE(RunCache::key(s, other_param), key);
  Stage other_cmd = stage_with({"python3 train.py --fast"}, {"model.pkl"});
  EXPECT_NE(RunCache::key(other_cmd, current), key);
  Stage other_outs = stage_with({"python3 train.py"}, {"model2.pkl"});
  EXPECT_NE(RunCache::key(other_outs, current), key);

  RunCache runs(dir.path() / "runs");
  EXPECT_EQ(runs.lookup(key), std::nullopt);
  LockStage record = current;
  record.outs = {{"model.pkl", std::string(64, 'c'), 9, {}}};
  runs.store(key, record);
  EXPECT_EQ(runs.lookup(key), record);
}
