#pragma once
// What moves experiments between the worktree, branches and other clones:
// `exp apply` (an experiment's files into the worktree), `exp branch`,
// `exp remove`, and `exp push` / `exp pull` (the refs through git with
// refspecs refs/dvx/exps/*, the data through the store).
#include <cstdint>
#include <string>
#include <vector>

#include "dvx/exp/experiments.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::exp {

struct ApplyResult {
  std::vector<std::string> written;  // files the experiment changed, now in the worktree
  std::vector<std::string> removed;  // files it deleted, removed from the worktree
};

// Writes the files the experiment changed against its baseline (params,
// dvx.lock, metrics, outs: their data from the cache, else the default
// store, through git's smudge) into the worktree, leaving the index and
// HEAD as they are. Refuses (Error(usage), naming them) when one of those
// files holds local changes, unless `force`.
ApplyResult apply_experiment(const git::Repo& repo, const Experiment& e, bool force);

// refs/heads/<branch> at the experiment's commit; Error(usage) when the branch exists.
void branch_experiment(const git::Repo& repo, const Experiment& e, const std::string& branch);

// Deletes the experiment's refs (succeeded and failed) and a queued variant
// of that name; false when there was nothing of that name.
bool remove_experiment(const git::Repo& repo, const std::string& name);

struct PushResult {
  std::vector<std::string> refs;  // pushed
  std::size_t uploaded = 0;       // data objects sent to the store
  std::uint64_t uploaded_bytes = 0;
  std::size_t present = 0;  // already in the store
  std::string store;        // the store's name; empty when there was no data to send
};

// Uploads the data the experiments' commits reference to the default store
// (only what it lacks), then pushes their refs to the git remote `remote`
// (forced: a rerun replaces an experiment). Every experiment when `names`
// is empty.
PushResult push_experiments(const git::Repo& repo, const std::string& remote,
                            const std::vector<std::string>& names);

// Fetches every experiment ref of `remote` (replacing local ones of the
// same name); the data comes when an experiment is applied. Returns the
// experiments known afterwards.
std::vector<Experiment> pull_experiments(const git::Repo& repo, const std::string& remote);

}  // namespace dvx::exp
