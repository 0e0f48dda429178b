#pragma once
// Finding the pointers that commits, trees and the working tree hold.
// Reads go through libgit2; only the history walk itself is `git rev-list`
// (one call), so that git's own range semantics apply.
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/transfer/queue.hpp"

namespace dvx::transfer {

// Pointer blobs in the full trees of `revs` (label: "path" for one rev,
// "path at rev" otherwise), filtered by the include/exclude globs (see
// path_selected). One Item per (oid); first label kept.
std::vector<Item> pointers_in_revs(const git::Repo& repo, const std::vector<std::string>& revs,
                                   const std::vector<std::string>& include = {},
                                   const std::vector<std::string>& exclude = {});

// Pointer blobs among the objects `git rev-list --objects <args>` lists,
// e.g. {"--all"} or {"<sha>", "--not", "--remotes=origin"}.
std::vector<Item> pointers_in_rev_list(const git::Repo& repo, const std::vector<std::string>& args);

// Glob matching as for `fetch --include/--exclude` and pull's PATH
// arguments: a pattern matches the path itself (fnmatch, '*' crosses '/'),
// or any folder that contains it ("data" and "data/" select data/**).
bool glob_matches(const std::string& pattern, const std::string& path);
// The patterns (as glob_matches takes them) that match none of `paths`.
std::vector<std::string> unmatched_patterns(const std::vector<std::string>& patterns,
                                            const std::vector<std::string>& paths);
// Included (no include globs = everything) and not excluded.
bool path_selected(const std::string& path, const std::vector<std::string>& include,
                   const std::vector<std::string>& exclude);

// A worktree file that still holds the text of a pointer.
struct PointerFile {
  std::string path;  // relative to the worktree root
  core::Pointer pointer;
  unsigned mode = 0644;
  std::string index_blob_id;   // the blob its index entry stages (hex SHA-1)
  bool index_matches = false;  // that blob is this same pointer
};

// Index entries whose worktree file is pointer text and whose `filter`
// attribute is dvx, restricted to `paths` (globs/folders; empty = all).
std::vector<PointerFile> pointer_files_in_worktree(const git::Repo& repo,
                                                   const std::vector<std::string>& paths = {});

}  // namespace dvx::transfer
