#pragma once
// A libgit2 repository handle (RAII) with the few reads git-dvx needs:
// paths, config, revisions, trees, blobs and attributes. History walks
// beyond this live in their own files of this layer.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct git_repository;

namespace dvx::git {

namespace fs = std::filesystem;

struct TreeEntry {
  std::string path;     // relative to the repository root, '/' separated
  std::string blob_id;  // hex SHA-1 of the blob
  std::uint32_t mode = 0100644;
  std::uint64_t size = 0;  // blob size (0 when listed with BlobSizes::skip)
};

// Whether a listing reads each blob's size from its object header: one
// object lookup per entry, which dominates listing many files.
enum class BlobSizes { read, skip };

// A path unmerged in the index (a merge conflict): its stages.
struct ConflictEntry {
  std::string path;
  std::optional<TreeEntry> ancestor, ours, theirs;  // stages 1, 2, 3
};

class Repo {
 public:
  // Opens the repository containing `start` (default: the current folder).
  // Throws Error(usage) "not in a git repository" otherwise.
  static Repo discover(const fs::path& start = fs::current_path());
  ~Repo();
  Repo(Repo&&) noexcept;
  Repo& operator=(Repo&&) noexcept;

  bool is_bare() const;
  fs::path workdir() const;     // worktree root (throws usage for a bare repository)
  fs::path git_dir() const;     // .git (or .git/worktrees/<name>)
  fs::path common_dir() const;  // shared .git of all worktrees

  std::optional<std::string> config_string(const std::string& key) const;
  std::optional<bool> config_bool(const std::string& key) const;
  // True when `key` is set in a global, XDG or system config file, not
  // (only) in the repository's own.
  bool config_set_beyond_repo(const std::string& key) const;
  // Where git looks for hooks: core.hooksPath (~ expanded; relative to the
  // worktree root, where git runs hooks) or <common dir>/hooks.
  fs::path hooks_dir() const;

  // Full hex id of the commit `rev` names; throws Error(not_found) naming rev.
  std::string resolve_commit(const std::string& rev) const;
  bool has_head() const;

  // Content of <rev>:<path>; nullopt when the path does not exist at rev.
  std::optional<std::string> read_blob(const std::string& rev, const std::string& path) const;
  std::string read_blob_id(const std::string& blob_id) const;
  // Whether the object database holds `id` (any type); false for a
  // malformed id.
  bool has_object(const std::string& id) const;
  // The size of blob `id` from its header (a large blob is not loaded);
  // nullopt when `id` is malformed, missing or not a blob.
  std::optional<std::uint64_t> blob_size(const std::string& id) const;
  // Every blob of rev's tree (recursively), in tree order. Sizes are read
  // from the object headers without loading large blobs, unless skipped.
  std::vector<TreeEntry> list_tree(const std::string& rev, BlobSizes sizes = BlobSizes::read) const;
  // Blobs listed in the index (stage 0) with their ids.
  std::vector<TreeEntry> list_index(BlobSizes sizes = BlobSizes::read) const;
  // Paths with conflict stages (1-3) in the index, in index order.
  std::vector<ConflictEntry> list_conflicts() const;

  // Value of attribute `name` for `path` (relative), e.g. "filter" -> "dvx";
  // nullopt when unset.
  std::optional<std::string> attribute(const std::string& path, const std::string& name) const;

  // For the other files of this layer only (history, index_stat): no layer
  // above git/ touches libgit2.
  git_repository* raw() const { return repo_; }

 private:
  explicit Repo(git_repository* repo) : repo_(repo) {}
  git_repository* repo_ = nullptr;
};

// Throws Error(permanent) with libgit2's last error message when rc < 0.
void check(int rc, const std::string& what);

}  // namespace dvx::git
