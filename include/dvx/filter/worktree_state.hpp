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
enum class WorktreeChange {
  unchanged,
  modified,
  deleted,
  pointer_only,  // the worktree file is the index's pointer text (data not materialised)
  pointer_text,  // the worktree file is other pointer-like text: conflict markers, another pointer
  conflict,      // unmerged in the index (a merge conflict not yet resolved)
  missing,       // absent and never written by git
};

struct WorktreeStatus {
  std::string path;
  core::Pointer pointer;  // as in the index (for a conflict: ours, else theirs)
  WorktreeChange change = WorktreeChange::unchanged;
  bool in_cache = false;
  std::optional<core::Pointer> ours, theirs;  // a conflict's stages 2 and 3, when pointers
};

// Index pointers compared with the worktree, then the paths unmerged in the
// index with a pointer in any stage (as `conflict`). Files whose stat data
// equal the index's are not re-hashed; small files are always read, so that
// pointer text staged by mistake (`git add` of a file with conflict markers)
// is found even when git sees the file as clean.
std::vector<WorktreeStatus> worktree_status(const git::Repo& repo, const cache::ObjectStore& store);

}  // namespace dvx::filter
