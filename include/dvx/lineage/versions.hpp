#pragma once
// Versions of tracked files in history: what content a blob stands for
// (the pointer's oid and size, or the SHA-256 of a plain git blob), and
// `git dvx log`: every version of a path along a revision walk.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dvx/git/history.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::lineage {

namespace fs = std::filesystem;

// The content a blob stands for. For a pointer blob, the pointer's oid and
// size (pointer = true); for any other blob (code, params, metrics kept in
// git as-is, an empty file), the SHA-256 and size of the blob itself, which
// is what dvx.lock records for such a dep.
struct Content {
  std::string oid;
  std::uint64_t size = 0;
  bool pointer = false;
  friend bool operator==(const Content&, const Content&) = default;
};

// Remembers the content of every blob read, so a walk reads each blob once.
class ContentReader {
 public:
  explicit ContentReader(const git::Repo& repo) : repo_(repo) {}
  const Content& of_blob(const std::string& blob_id);
  // Content of <rev>:<path>; nullopt when absent. Folders: nullopt.
  std::optional<Content> at(const std::string& commit_id, const std::string& path);

 private:
  const git::Repo& repo_;
  std::unordered_map<std::string, Content> cache_;
};

// One version of a file in `git dvx log`.
struct Version {
  std::string path;  // the file (one of a folder's files for a folder's log)
  git::CommitInfo commit;
  std::optional<Content> content;   // nullopt: the file was removed by this commit
  std::optional<Content> previous;  // at the first parent (nullopt: absent)
  std::vector<std::string> tags;    // tags pointing at the commit
  std::int64_t size_change() const {
    auto now = content ? static_cast<std::int64_t>(content->size) : 0;
    auto before = previous ? static_cast<std::int64_t>(previous->size) : 0;
    return now - before;
  }
};

// Every commit of `spec` (a revision or range, newest first) at which the
// content of `path` changed: added, modified (a different oid) or removed.
// Commits that only re-encode the same content (a plain blob replaced by a
// pointer to the same bytes) are not versions. `path` may be a folder: then
// the versions of every file under it that is a pointer at some commit of
// the walk (as `git log -- FOLDER`), newest first, by path within a commit.
// Throws Error(not_found) when the path never exists in the walked history.
std::vector<Version> file_log(const git::Repo& repo, const std::string& path, const std::string& spec,
                              git::MergeMode mode = git::MergeMode::full);

// The repository-relative, '/'-separated form of a path given on the
// command line (relative to the current folder, or absolute). Throws
// Error(usage) for a path outside the working tree.
std::string repo_path(const git::Repo& repo, const std::string& user_path);

// Whether repository path `path` is `prefix` itself or lies under the folder
// `prefix` ("" is the whole repository).
bool path_under(const std::string& path, const std::string& prefix);

}  // namespace dvx::lineage
