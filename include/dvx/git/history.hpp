#pragma once
// History walks over libgit2 (no `git` subprocess): commits of a revision or
// range, commit metadata, tags by commit, and the blob id a set of paths has
// at every commit of a walk, reporting only the commits where it changed.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::git {

struct CommitInfo {
  std::string id;  // full hex
  std::vector<std::string> parents;
  std::string author_name;
  std::string author_email;
  std::int64_t author_time = 0;  // seconds since the epoch
  int author_offset = 0;         // minutes east of UTC
  std::string subject;           // first line of the message
};

// Throws Error(not_found) when `commit_id` is not a commit.
CommitInfo commit_info(const Repo& repo, const std::string& commit_id);

// Short tag names (refs/tags/<name>) by the id of the commit they peel to,
// each list sorted. Tags that do not peel to a commit are left out.
std::unordered_map<std::string, std::vector<std::string>> tags_by_commit(const Repo& repo);

// How a walk treats merges: `full` visits every commit reachable from the
// tips; `first_parent` follows only first parents (the mainline).
enum class MergeMode { full, first_parent };

// The commits of `spec`, newest first in topological order (a child always
// before its parents). `spec` is a revision ("HEAD", "v1.0", a commit id) or
// a range "A..B" (reachable from B, not from A) or "A...B" (symmetric
// difference). Throws Error(not_found) naming an unknown revision.
std::vector<std::string> walk_commits(const Repo& repo, const std::string& spec,
                                      MergeMode mode = MergeMode::full);

// One point in the history of a path where its blob changed.
struct PathChange {
  std::string commit;                      // the commit that made the change
  std::optional<std::string> blob_id;      // nullopt: the path was removed
  std::optional<std::string> parent_blob;  // the blob at the first parent (nullopt: absent)
};

// For each of `paths` (repository-relative, '/' separated), the commits of
// `spec` (as walk_commits) at which the path's blob differs from its
// parent's, newest first. A merge is reported only when the path differs
// from every parent (new content made by the merge itself), as git's own
// `git log -- PATH` reports merges; a root commit is reported when the path
// exists in it. With MergeMode::first_parent only first parents count.
// Reads commits and trees only; subtrees already resolved are remembered by
// tree id, so unchanged folders cost one lookup.
std::map<std::string, std::vector<PathChange>> path_changes(const Repo& repo, const std::string& spec,
                                                            const std::vector<std::string>& paths,
                                                            MergeMode mode = MergeMode::full);

// Every file (blob path, repository-relative) under `folder` at any commit
// of `spec`, sorted; empty when `folder` is a folder at none of them.
std::vector<std::string> files_under(const Repo& repo, const std::string& spec, const std::string& folder,
                                     MergeMode mode = MergeMode::full);

// Blob id of `path` at commit `commit_id`; nullopt when absent or not a blob.
std::optional<std::string> blob_id_at(const Repo& repo, const std::string& commit_id,
                                      const std::string& path);

}  // namespace dvx::git
