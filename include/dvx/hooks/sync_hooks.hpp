#pragma once
// What the git hooks do (called by `git-dvx hook <name>`):
//   pre-push       uploads the objects that the pushed commits reference and
//                  the store lacks; any failure blocks the git push.
//   post-checkout  fetches and materialises worktree files that still hold
//   post-merge     pointer text (the filter normally did it already); any
//                  file left as a pointer makes the hook fail, unless
//                  skip_download_errors_requested().
// They return the hook's exit code and print their messages to `err`.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::hooks {

// One line of pre-push's stdin: "<local ref> <local sha> <remote ref> <remote sha>".
struct PushedRef {
  std::string local_ref, local_sha, remote_ref, remote_sha;
};

// Throws Error(usage) naming the line when it does not have four fields.
std::vector<PushedRef> parse_pre_push_input(std::string_view text);

bool is_zero_sha(std::string_view sha);

// The `git rev-list` arguments selecting the commits of `ref` that the git
// remote `git_remote` lacks: "<local> --not <remote sha>" when git knows the
// remote's commit, else "<local> --not --remotes=<git_remote>". Empty for a
// branch deletion.
std::vector<std::string> pushed_range(const git::Repo& repo, const PushedRef& ref,
                                      const std::string& git_remote);

// argv: the hook's arguments (git remote name, URL); input: its stdin.
int pre_push(const git::Repo& repo, const cache::ObjectStore& store, const std::vector<std::string>& argv,
             std::string_view input, std::ostream& err);
// argv: previous HEAD, new HEAD, flag (1 = branch checkout).
int post_checkout(const git::Repo& repo, const cache::ObjectStore& store,
                  const std::vector<std::string>& argv, std::ostream& err);
// argv: squash flag.
int post_merge(const git::Repo& repo, const cache::ObjectStore& store, const std::vector<std::string>& argv,
               std::ostream& err);

// GIT_DVX_SKIP_SMUDGE set (and not "0").
bool skip_smudge_requested();
// Missing data is a warning, not an error (the pointer text stays, exit 0):
// GIT_DVX_SKIP_DOWNLOAD_ERRORS set (and not "0"), else git config
// dvx.skipdownloaderrors (like lfs.skipdownloaderrors).
bool skip_download_errors_requested(const git::Repo& repo);

}  // namespace dvx::hooks
