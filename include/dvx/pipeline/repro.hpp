#pragma once
// `git dvx repro`: runs the stale stages of dvx.toml in topological order
// (independent stages in parallel with jobs > 1), restores outputs from the
// run cache where the same (command, deps, params) ran before, stores outs
// in the object cache and rewrites dvx.lock after every stage that succeeds.
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::pipeline {

struct ReproOptions {
  std::vector<std::string> targets;  // stage names; empty = every stage
  bool force = false;                // run the selected stages even when up to date
  bool dry_run = false;              // print what would run and why
  bool downstream = false;           // targets and their downstream instead of upstream
  bool run_cache = true;
  unsigned jobs = 1;
  bool wait_for_lock = true;            // another repro of this repository runs: wait (false: fail at once)
  std::vector<std::string> set_params;  // "[file:]key=value", written to the params file first
  // Called with a stage's outs (repository paths) once they exist (run or
  // restored), before dvx.lock records them: a non-empty answer (what is
  // wrong) fails the stage and its lock entry is not written.
  std::function<std::string(const std::vector<std::string>& outs)> check_outs;
};

// What became of one selected stage: ran, restored (from the run cache),
// up_to_date, frozen, failed, not_run (downstream of a failure); for a dry
// run would_run, up_to_date or frozen. `detail`: the reasons it ran (or
// would run), or why it failed.
struct StageOutcome {
  std::string name;
  std::string outcome;
  std::string detail;
};

struct ReproSummary {
  std::vector<StageOutcome> stages;  // in the order their outcomes were known
  int ran = 0;
  int restored = 0;
  int up_to_date = 0;
  int failed = 0;
  int not_run = 0;  // downstream of a failure
};

// Progress lines go to `out`; notices (waiting for another repro, fetching
// deps that hold pointer text) to `err`. Holds <worktree_state_dir>/repro.lock while
// it runs (not for a dry run). Deps that hold pointer text are fetched from
// the cache or the default store before any stage runs. Throws Error (before
// anything runs) for an invalid dvx.toml, for deps that cannot be fetched,
// and when another repro runs and !wait_for_lock; Error(permanent) "stage 'X'
// failed with exit code N" after the run when a stage failed (the lock keeps
// every stage that succeeded). `summary` is filled as stages finish, so that
// it is complete also when repro throws after a stage failed.
void repro(const git::Repo& repo, const ReproOptions& options, std::ostream& out, std::ostream& err,
           ReproSummary& summary);

}  // namespace dvx::pipeline
