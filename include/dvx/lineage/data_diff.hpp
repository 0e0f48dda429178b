#pragma once
// `git dvx diff`: tracked data files added, removed and modified between two
// revisions, or between a revision and the working tree (like `dvc diff`).
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/lineage/versions.hpp"

namespace dvx::lineage {

struct DataChange {
  std::string path;
  std::optional<Content> before;  // nullopt: added
  std::optional<Content> after;   // nullopt: removed
};

struct DataDiff {
  std::string from;                                  // commit id
  std::string to;                                    // commit id, or "" for the working tree
  std::vector<DataChange> added, removed, modified;  // each sorted by path
};

// A file counts as tracked data on a side when its blob there is a pointer
// (or, for the working tree, when the index holds a pointer for it). A file
// that is tracked on one side and plain git content on the other is compared
// by content (SHA-256 of the plain blob), so converting a file to git-dvx
// without changing it is not a change.
DataDiff diff_revisions(const git::Repo& repo, const std::string& rev1, const std::string& rev2);

// rev1 against the working tree: the tracked files of rev1 and of the index.
// A worktree file is re-hashed only when its stat data differ from the
// index's (or the entry is racily clean); a file still holding its pointer
// text (GIT_DVX_SKIP_SMUDGE) stands for that pointer's content.
DataDiff diff_worktree(const git::Repo& repo, const std::string& rev1);

// "A..B" -> {A, B} (an empty end is HEAD); any other revision -> {it}.
// Throws Error(usage) for a symmetric range "A...B".
std::vector<std::string> range_ends(const std::string& spec);

// Keeps the changes of files at or under one of `paths` (repository paths:
// files or folders); all of them when `paths` is empty.
void keep_paths(DataDiff& diff, const std::vector<std::string>& paths);

}  // namespace dvx::lineage
