#pragma once
// The state of tracked files: pointers in a tree or the index, compared with
// the cache and the worktree (for ls-files, status and fsck).
#include <optional>
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::filter {

struct TrackedFile {
  std::string path;
  core::Pointer pointer;
  bool in_cache = false;
};

// Every blob of `rev` (or the index when rev is empty) that is a pointer.
std::vector<TrackedFile> tracked_files(const git::Repo& repo, const cache::ObjectStore& store,
                                       const std::string& rev);

// deleted: absent, and the index holds the stat data of its last write (the
// user removed it, as `git status` shows). missing: absent and never written
// by git (a checkout whose filter died); post-checkout and `git dvx pull`
// restore it.
enum class WorktreeChange { unchanged, modified, deleted, pointer_only, missing };

struct WorktreeStatus {
  std::string path;
  core::Pointer pointer;  // as in the index
  WorktreeChange change = WorktreeChange::unchanged;
  bool in_cache = false;
};

// Index pointers compared with the worktree. Files whose stat data equal the
// index's are not re-hashed.
std::vector<WorktreeStatus> worktree_status(const git::Repo& repo, const cache::ObjectStore& store);

}  // namespace dvx::filter
