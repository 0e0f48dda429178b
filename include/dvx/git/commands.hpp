#pragma once
// The `git` program, for what libgit2 does not do the way the user's git
// does: object listings with rev-list's options (reflogs, every worktree's
// index), config writes at a scope, fetch, fsck, worktree lists. This file
// is the only place git-dvx starts `git`; layers above call these typed
// functions. `cwd` is the folder git runs in (empty: the current one).
// Failures throw Error(permanent) with git's own message.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dvx::git {

namespace fs = std::filesystem;

// One line of `git rev-list --objects`: an object id and, for blobs and
// subtrees, the path it was reached by (empty for commits and root trees).
struct ListedObject {
  std::string id;
  std::string path;
};
std::vector<ListedObject> rev_list_objects(const fs::path& cwd, const std::vector<std::string>& args);

// Every commit the reflog of `ref` records (`git log -g`), newest first;
// empty when the ref does not exist.
std::vector<std::string> reflog_commits(const fs::path& cwd, const std::string& ref);

// Names of the configured git remotes (`git remote`).
std::vector<std::string> remote_names(const fs::path& cwd);
// `git fetch --prune --quiet <remote>`.
void fetch_prune(const fs::path& cwd, const std::string& remote);

// Objects `git fsck --connectivity-only --unreachable` reports.
struct UnreachableObjects {
  std::vector<std::string> commits;
  std::vector<std::string> blobs;
};
UnreachableObjects fsck_unreachable(const fs::path& cwd);

// `git worktree list --porcelain`.
struct WorktreeInfo {
  fs::path path;
  std::string head;    // commit id; empty for an unborn branch
  bool exists = true;  // false for the bare entry and a worktree whose folder is gone
};
std::vector<WorktreeInfo> worktree_list(const fs::path& cwd);

// Config, in every file git reads (system, global, repository), with the
// file each value came from; keys lower-cased by git. No match: empty.
struct ConfigEntry {
  std::string key;
  std::string value;   // "true" for a key written without '='
  std::string origin;  // the config file's path
};
std::vector<ConfigEntry> config_get_regexp(const fs::path& cwd, const std::string& key_regex);

// Which file a config write goes to.
enum class ConfigScope { local, global, system };
void config_set(ConfigScope scope, const fs::path& cwd, const std::string& key, const std::string& value);
// Returns false when there was nothing to remove.
bool config_unset(ConfigScope scope, const fs::path& cwd, const std::string& key);
bool config_remove_section(ConfigScope scope, const fs::path& cwd, const std::string& section);

// Worktrees and commits for `git dvx exp` (a variant runs in a temporary
// worktree; its result becomes a commit on a ref of its own).
// `git worktree add --detach PATH COMMIT` (git checks out: filters and hooks run).
void worktree_add_detached(const fs::path& cwd, const fs::path& path, const std::string& commit);
// `git worktree remove --force PATH`; false when git could not remove it.
bool worktree_remove(const fs::path& cwd, const fs::path& path);
// `git worktree prune`: forgets worktrees whose folder is gone.
void worktree_prune(const fs::path& cwd);
// `git add -A` then `git write-tree` in the worktree `worktree`: the tree id
// of everything there (the clean filter turns tracked data into pointers).
std::string stage_all_write_tree(const fs::path& worktree);
// The tree of the worktree at `cwd` as `git commit -a` would record it (the
// index's staged changes plus every tracked file's current content; not
// untracked files), written through a copy of the index so that the index
// itself is left byte for byte as it was.
std::string workspace_tree(const fs::path& cwd);
// `git rev-parse REV^{tree}`.
std::string tree_of(const fs::path& cwd, const std::string& rev);
// `git commit-tree TREE -p PARENT` with `message` (no hooks run): the new commit's id.
std::string commit_tree(const fs::path& cwd, const std::string& tree, const std::string& parent,
                        const std::string& message);
// Whether git knows who commits (`git var GIT_COMMITTER_IDENT`); else its message.
std::optional<std::string> identity_problem(const fs::path& cwd);
// `git push REMOTE REFSPEC...` / `git fetch REMOTE REFSPEC...` (hooks run as for the user's push).
void push_refspecs(const fs::path& cwd, const std::string& remote, const std::vector<std::string>& refspecs);
void fetch_refspecs(const fs::path& cwd, const std::string& remote, const std::vector<std::string>& refspecs);
// `git restore --source=REV --worktree -- PATHS` (the index is left as it is; smudge runs).
void restore_worktree(const fs::path& cwd, const std::string& rev, const std::vector<std::string>& paths);
// Paths among `paths` whose worktree copy differs from the index or HEAD
// (`git status --porcelain`), e.g. local edits `exp apply` would overwrite.
std::vector<std::string> modified_paths(const fs::path& cwd, const std::vector<std::string>& paths);

// Porcelain for `git dvx migrate` (cwd: the worktree). add_paths runs the
// filters (`git add [-f] -- paths`); remove_from_index unstages without
// touching the files (`git rm --cached --ignore-unmatch`).
void add_paths(const fs::path& cwd, const std::vector<std::string>& paths, bool force = false);
void remove_from_index(const fs::path& cwd, const std::vector<std::string>& paths);
bool has_staged_changes(const fs::path& cwd);
void commit(const fs::path& cwd, const std::string& message);

// For `git dvx get`: a new bare repository at `dir` holding one commit of
// `url` (`rev`: a branch, tag or commit id; "HEAD" for the default branch)
// and no history (`fetch --depth 1`), with blobs of `blob_limit` bytes or
// more left on the server (`--filter=blob:limit=N`, a promisor remote, so
// read_blob_to_file fetches them when read; a server that does not filter
// sends them). Returns the commit id.
std::string fetch_one_commit(const fs::path& dir, const std::string& url, const std::string& rev,
                             std::uint64_t blob_limit);
// `git ls-tree -r -l <rev> -- <path>` (path empty: everything).
struct LsTreeEntry {
  std::string path;
  std::string blob_id;
  std::uint32_t mode = 0100644;
  std::uint64_t size = 0;
};
std::vector<LsTreeEntry> ls_tree(const fs::path& cwd, const std::string& rev, const std::string& path);
// `git cat-file blob <id>` into `dest` (git fetches it from a promisor remote).
void read_blob_to_file(const fs::path& cwd, const std::string& blob_id, const fs::path& dest);
std::string read_blob_text(const fs::path& cwd, const std::string& blob_id);

}  // namespace dvx::git
