#pragma once
// A loaded pipeline: dvx.toml (parsed and checked), its DAG, dvx.lock, the
// params files it reads, and the per-stage evaluation of what is stale.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/pipeline/dag.hpp"
#include "dvx/pipeline/hashing.hpp"
#include "dvx/pipeline/lock.hpp"
#include "dvx/pipeline/pipeline_file.hpp"

namespace dvx::pipeline {

class Workspace {
 public:
  // Reads <root>/dvx.toml (Error(usage) naming the file when it is absent)
  // and <root>/dvx.lock (empty when absent), builds and checks the DAG.
  // `overlay`: repository files (relative path -> text) read from there
  // instead of the disk (a dry run's `-S` edits).
  explicit Workspace(fs::path root, std::map<std::string, std::string> overlay = {});
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const fs::path& root() const { return root_; }
  const PipelineFile& pipeline() const { return pipeline_; }
  const Dag& dag() const { return dag_; }
  const LockFile& lock() const { return lock_; }
  const Stage& stage(std::size_t i) const { return pipeline_.stages[i]; }
  // A copy of the stage's lock entry (the lock changes while stages run).
  std::optional<LockStage> locked(const std::string& name);

  // Param values of a stage from the params files (cached per file). Throws
  // Error(usage) "dvx.toml:<line>: stage '<name>': param '<key>' not found in <file>".
  ParamValues params_of(std::size_t stage);
  // Re-reads the params files (after `-S` edited one).
  void reload_params();
  // A file of the repository, through the overlay; nullopt when absent.
  std::optional<std::string> read_file(const std::string& path) const;

  // Replaces the lock entry of one stage and rewrites dvx.lock atomically
  // (entries of stages no longer in dvx.toml are dropped). Thread-safe.
  void update_lock(const std::string& name, LockStage entry);

 private:
  fs::path root_;
  std::map<std::string, std::string> overlay_;
  PipelineFile pipeline_;
  Dag dag_;
  LockFile lock_;
  std::map<std::string, nlohmann::json> params_files_;
  std::mutex mutex_;
};

struct Evaluation {
  std::vector<std::string> reasons;  // empty: up to date
  LockStage current;                 // cmd, wdir, hashed deps and params (outs unset)
  bool deps_missing = false;         // a dep does not exist (yet)
  // Dep files, and out/metric files, that hold pointer text (see
  // Hasher::set_pointer_files): hashed as the content their pointer names,
  // so they count as unchanged when that oid is the one dvx.lock records.
  std::vector<std::string> pointer_deps;
  std::vector<std::string> pointer_outs;
};

// Compares a stage with its lock entry: command, deps, params, outs and
// metrics. Hashes through `hasher` (stat cache, pointer files).
Evaluation evaluate_stage(Workspace& ws, std::size_t stage, Hasher& hasher);

struct StageStatus {
  std::string name;
  std::vector<std::string> reasons;  // why it would run
};

// Every stage that `git dvx repro` would run, in topological order, with the
// reasons ("deps changed: data/raw.csv", "upstream stage 'prepare' is
// stale", ...). Frozen stages are never stale. Empty when the repository has
// no dvx.toml. Used by `git dvx status`. Deps and outs that hold pointer
// text (tracked files not fetched yet) count by their pointer's oid: the
// content is unknown here but its hash is not.
std::vector<StageStatus> stale_stages(const git::Repo& repo);
std::vector<StageStatus> stale_stages(Workspace& ws, StatCache& cache,
                                      const PointerFiles* pointers = nullptr);

// The stat cache of a worktree: <worktree_state_dir>/stat.db (its keys are
// worktree paths).
fs::path stat_cache_path(const git::Repo& repo);

}  // namespace dvx::pipeline
