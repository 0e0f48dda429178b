#pragma once
// What happens around a stage's command: running it, removing its outputs
// before, storing them in the object cache after, restoring them from a run
// cache record, and the run cache itself (private to the pipeline layer).
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "dvx/cache/object_store.hpp"
#include "dvx/pipeline/hashing.hpp"
#include "dvx/pipeline/lock.hpp"
#include "dvx/pipeline/pipeline_file.hpp"

namespace dvx::pipeline::detail {

namespace fs = std::filesystem;

// Variables added to (or replacing in) the environment of a stage's commands.
using StageEnv = std::map<std::string, std::string>;

// The DVX_* variables a stage runs with (docs/pipelines.md, "Environment of
// a stage"): DVX_COMMIT (HEAD's id; empty before the first commit),
// DVX_STAGE, DVX_DEPS_JSON ({path: oid} of the hashed deps), DVX_PARAMS_JSON
// ({file: {key: value}}), DVX_REPO_ROOT.
StageEnv stage_env(const fs::path& root, const std::string& head_commit, const Stage& stage,
                   const LockStage& current);

// Runs each command of the stage with /bin/sh -c from root/wdir, stdout and
// stderr inherited, with `env` added to the environment. Returns 0 or the
// exit code of the first failing command (128+N when killed by signal N).
int run_stage_commands(const fs::path& root, const Stage& stage, const StageEnv& env = {});

// Removes the stage's outs and metrics and creates their parent folders.
void prepare_outputs(const fs::path& root, const Stage& stage);

// Hashes the outs and metrics; stores them (and folder manifests) in the
// object cache unless cache = false. Throws Error(usage) naming the stage
// and path when an out was not produced.
void save_outputs(const fs::path& root, const Stage& stage, cache::ObjectStore& store, Hasher& hasher,
                  LockStage& entry);

// Whether every object of `record` (outs, metrics, folder files) is in the cache.
bool can_restore(const LockStage& record, cache::ObjectStore& store);
// Replaces the outs and metrics with the recorded versions from the cache.
void restore_outputs(const fs::path& root, const LockStage& record, cache::ObjectStore& store,
                     Hasher& hasher);

class RunCache {
 public:
  explicit RunCache(fs::path dir) : dir_(std::move(dir)) {}
  // sha256 over the command, wdir, dep oids, param values and declared outputs.
  static std::string key(const Stage& stage, const LockStage& current);
  std::optional<LockStage> lookup(const std::string& key) const;
  void store(const std::string& key, const LockStage& entry) const;

 private:
  fs::path dir_;
};

}  // namespace dvx::pipeline::detail
