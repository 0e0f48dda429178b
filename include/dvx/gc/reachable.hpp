#pragma once
// What gc must keep: the one definition of "reachable" that every mode
// (local gc, prune, gc --remote) shares. See docs/gc.md for the rules.
//
// Roots, all read through git itself so that git's own rules apply:
//  * `git rev-list --objects --all --reflog --indexed-objects`: every ref
//    (branches, tags, remote-tracking branches, notes, refs/stash), every
//    reflog entry still present (git expires them by gc.reflogExpire and
//    gc.reflogExpireUnreachable; what git has not expired is kept), every
//    worktree's HEAD and index (all stages, so conflicts too), and stash
//    entries with their index and untracked parents;
//  * in those objects: git-dvx pointers, and `dvx.lock` files whose entries
//    (deps, outs, metrics; folders through their manifest) name objects;
//  * each worktree's `dvx.lock` on disk (a repro not yet committed);
//  * run-cache records (<common-dir>/dvx/runs/) that a kept dvx.lock stage
//    refers to (same command, deps, params and declared outputs), or that
//    were written within the grace period.
// Objects younger than the grace period are kept by the callers, which know
// each object's mtime.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::gc {

namespace fs = std::filesystem;

// oid -> where it was first seen ("data/x.csv", "dvx.lock: train out models/m.pkl").
class OidSet {
 public:
  void add(const std::string& oid, std::string_view where);
  bool contains(const std::string& oid) const { return map_.count(oid) != 0; }
  // "" when unknown or absent.
  std::string where(const std::string& oid) const;
  std::size_t size() const { return map_.size(); }
  void merge(const OidSet& other);

 private:
  std::unordered_map<std::string, std::string> map_;
};

// The worktrees of the repository (git::worktree_list from its common dir).
std::vector<git::WorktreeInfo> list_worktrees(const git::Repo& repo);

// Accumulates objects and the dvx.lock stages seen (for the run cache).
struct Roots {
  OidSet objects;
  std::unordered_set<std::string> lock_stages;  // signatures (see reachable.cpp)
};

// Pointers and dvx.lock entries among the objects `git rev-list --objects
// ARGS` lists (one rev-list call, run in the common dir). `store` reads
// folder manifests. Throws Error(permanent) when git fails (a broken ref):
// gc must not guess. `scanned` is called once per object listed (progress).
using ScanTick = std::function<void()>;
void scan_rev_list(const git::Repo& repo, const std::vector<std::string>& args,
                   const cache::ObjectStore& store, Roots& roots, const ScanTick& scanned = {});
// Each existing worktree's dvx.lock on disk.
void scan_worktree_locks(const git::Repo& repo, const cache::ObjectStore& store, Roots& roots);
// Run-cache records that a stage in roots.lock_stages refers to, or whose
// file is younger than `grace_seconds` before `now`.
void scan_run_cache(const git::Repo& repo, const cache::ObjectStore& store, std::int64_t now,
                    std::int64_t grace_seconds, Roots& roots);

// Everything above, for one repository.
OidSet reachable_objects(const git::Repo& repo, const cache::ObjectStore& store, std::int64_t now,
                         std::int64_t grace_seconds, const ScanTick& scanned = {});

}  // namespace dvx::gc
