#pragma once
// `git dvx exp run`: a variant (a baseline commit and `-S` param values)
// runs `git dvx repro` in a temporary `git worktree` of its own, so the
// user's worktree and index are never touched; it shares the object cache
// and the run cache (both in the common git dir). The result (params,
// dvx.lock, metrics, outs as pointers) becomes a commit whose parent is the
// baseline, on refs/dvx/exps/<name>, or refs/dvx/exps-failed/<name> with the
// log in its message when repro failed. Queued variants wait in
// <state_dir>/exp-queue/ until `exp run --run-all`.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::exp {

namespace fs = std::filesystem;

struct Variant {
  std::string name;
  std::string baseline;                 // commit id
  std::vector<std::string> set_params;  // "[file:]key=value", as repro -S takes them
  // What the temporary worktree checks out: the baseline, or a commit on it
  // holding the workspace's uncommitted changes (workspace_start). Empty:
  // the baseline.
  std::string start;
};

// The start of a variant run from the current workspace: `baseline` when
// the tracked files have no uncommitted change, else a commit (parent
// `baseline`, referenced by nothing but the variant) of the tree `git
// commit -a` would record, so that an experiment runs the code and params
// as they are in the worktree, as with `dvc exp run`. Untracked files are
// not part of it. The index and worktree are left untouched.
std::string workspace_start(const git::Repo& repo, const std::string& baseline);

// Adds `v` to the queue; Error(usage) when an experiment or a queued
// variant already has its name.
void enqueue(const git::Repo& repo, const Variant& v);
// The queued variants, oldest first.
std::vector<Variant> queued(const git::Repo& repo);
// Takes `name` off the queue; false when it was not queued.
bool unqueue(const git::Repo& repo, const std::string& name);

struct RunOptions {
  unsigned parallel = 1;    // variants run at once
  unsigned repro_jobs = 1;  // repro -j inside each variant
  bool run_cache = true;    // false: repro --no-run-cache
};

struct RunResult {
  std::string name;
  bool succeeded = false;
  std::string ref;     // where the result was recorded
  std::string commit;  // the result commit
  std::string error;   // why it failed (repro's last message) or could not be recorded
};

// Checks what running needs before anything runs: a git identity for the
// result commits and git-dvx's filter configured (outs become pointers).
void check_can_run(const git::Repo& repo);

// Runs the variants, `parallel` at a time, each in its own temporary
// worktree; progress lines "<name>: <repro's line>" go to `out`, the
// outcome of each to `out` as it finishes. Results are in the order given.
std::vector<RunResult> run_variants(const git::Repo& repo, const std::vector<Variant>& variants,
                                    const RunOptions& options, std::ostream& out);

}  // namespace dvx::exp
