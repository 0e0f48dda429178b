#include <fmt/core.h>

#include <cstdlib>

#include "dvx/hooks/sync_hooks.hpp"
#include "dvx/transfer/materialize.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"

namespace dvx::hooks {

namespace {
bool env_flag(const char* name) {
  const char* value = std::getenv(name);
  return value && *value && std::string_view(value) != "0";
}
}  // namespace

bool skip_smudge_requested() {
  return env_flag("GIT_DVX_SKIP_SMUDGE");
}

bool skip_download_errors_requested(const git::Repo& repo) {
  return env_flag("GIT_DVX_SKIP_DOWNLOAD_ERRORS") ||
         repo.config_bool("dvx.skipdownloaderrors").value_or(false);
}

namespace {

// Fetch + materialise every worktree file that still holds pointer text.
int sync_worktree(const git::Repo& repo, const cache::ObjectStore& store, std::ostream& err) {
  if (skip_smudge_requested() || repo.is_bare()) return 0;
  auto files = transfer::pointer_files_in_worktree(repo);
  if (files.empty()) return 0;
  std::optional<transfer::OpenRemote> opened;
  try {
    if (auto config = transfer::find_remote(repo)) opened = transfer::open_transfer_remote(*config);
  } catch (const Error& e) {
    err << "git-dvx: warning: " << e.what() << "\n";
  }
  transfer::TransferOptions options{opened ? opened->jobs : remote::kDefaultJobs,
                                    transfer::progress_enabled()};
  auto result =
      transfer::fetch_and_materialize(repo, store, opened ? opened->remote.get() : nullptr, files, options);
  std::size_t left = result.pointer_files - result.written.size();
  if (left == 0) return 0;
  // Missing data is an error (the hook fails, so does the git command),
  // unless the user asked for pointers over failures.
  bool tolerate = skip_download_errors_requested(repo);
  std::string level = tolerate ? "warning: " : "";
  for (const auto& f : result.failures) err << "git-dvx: " << level << f.message << "\n";
  err << fmt::format("git-dvx: {}{} file{} still hold{} pointer text{}\n", level, left, left == 1 ? "" : "s",
                     left == 1 ? "s" : "",
                     opened ? "; 'git dvx pull' retries" : ": " + transfer::no_remote_hint());
  return tolerate ? 0 : 1;
}

}  // namespace

int post_checkout(const git::Repo& repo, const cache::ObjectStore& store,
                  const std::vector<std::string>& argv, std::ostream& err) {
  (void)argv;  // both branch and file checkouts can leave pointer text behind
  return sync_worktree(repo, store, err);
}

int post_merge(const git::Repo& repo, const cache::ObjectStore& store, const std::vector<std::string>& argv,
               std::ostream& err) {
  (void)argv;
  return sync_worktree(repo, store, err);
}

}  // namespace dvx::hooks
