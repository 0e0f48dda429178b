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

// A tracked file (filter=dvx, a pointer staged in the index) whose worktree
// copy is not its data yet.
enum class WorktreeGap {
  pointer_text,  // holds the text of a pointer
  missing,       // absent from the worktree
  unrecorded,    // holds the object's bytes (hashed to make sure), but the
                 // index's stat data is stale: a pull was killed after
                 // writing it and before recording it; only the index changes
};

struct PointerFile {
  std::string path;  // relative to the worktree root
  core::Pointer pointer;
  unsigned mode = 0644;
  std::string index_blob_id;   // the blob its index entry stages (hex SHA-1)
  bool index_matches = false;  // that blob is this same pointer
  WorktreeGap gap = WorktreeGap::pointer_text;
};

// Which absent tracked files count as gaps to fill.
enum class MissingFiles {
  // Only files git never wrote: their index entry has no stat data (a
  // checkout whose filter died, "'x' was not filtered properly"). A file
  // the user deleted keeps the stat data of its last write, and stays
  // deleted. For post-checkout and post-merge.
  unwritten,
  // Every absent tracked file, as `git lfs pull` and `git checkout -- .`
  // restore them. For `git dvx pull`.
  all,
};

// Index entries whose `filter` attribute is dvx and whose staged blob is a
// pointer, with a worktree gap (above), restricted to `paths` (globs/folders;
// empty = all). A file the user modified is never listed: its bytes are
// neither pointer text nor the object's.
std::vector<PointerFile> pointer_files_in_worktree(const git::Repo& repo,
                                                   const std::vector<std::string>& paths = {},
                                                   MissingFiles missing = MissingFiles::unwritten);

}  // namespace dvx::transfer
