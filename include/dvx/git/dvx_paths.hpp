#pragma once
// Where git-dvx keeps its state inside a repository.
#include <filesystem>

#include "dvx/git/repo.hpp"

namespace dvx::git {

// <common-dir>/dvx: per-repository state shared by all worktrees.
fs::path state_dir(const Repo& repo);
// State of one worktree: <state_dir> for the main worktree, <git-dir>/dvx
// (.git/worktrees/<id>/dvx) for a linked one, removed with it. What is
// keyed by worktree paths lives here: the stat cache, the repro lock.
fs::path worktree_state_dir(const Repo& repo);
// <state_dir>/tmp: where worktree files are written before being renamed
// into place, out of sight of `git status` (swept by fsck --repair).
fs::path temp_dir(const Repo& repo);
// The object cache: git config dvx.cachedir (relative paths are taken from
// the worktree root, ~ expanded), else <common-dir>/dvx/objects.
fs::path cache_dir(const Repo& repo);

}  // namespace dvx::git
