#include "dvx/gc/prune.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>

#include "dvx/git/commands.hpp"
#include "dvx/git/history.hpp"
#include "dvx/remote/batch.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::gc {

namespace {

// Every stash entry (refs/stash and its reflog) with its index and
// untracked-files parents (the first parent is the commit it was made on).
std::vector<std::string> stash_commits(const git::Repo& repo) {
  std::vector<std::string> out;
  for (auto& id : git::reflog_commits(repo.common_dir(), "refs/stash")) {
    auto info = git::commit_info(repo, id);
    out.push_back(std::move(id));
    for (std::size_t i = 1; i < info.parents.size(); ++i) out.push_back(info.parents[i]);
  }
  return out;
}

}  // namespace

OidSet recent_objects(const git::Repo& repo, const cache::ObjectStore& store, std::int64_t now,
                      std::int64_t recent_seconds, std::int64_t grace_seconds) {
  Roots roots;
  scan_rev_list(
      repo, {"--branches", "--remotes", fmt::format("--since={}", now - recent_seconds), "--indexed-objects"},
      store, roots);
  std::vector<std::string> fixed = {"--no-walk"};
  for (const auto& wt : list_worktrees(repo))
    if (!wt.head.empty()) fixed.push_back(wt.head);
  for (auto& s : stash_commits(repo)) fixed.push_back(std::move(s));
  if (fixed.size() > 1) scan_rev_list(repo, fixed, store, roots);
  scan_worktree_locks(repo, store, roots);
  scan_run_cache(repo, store, now, grace_seconds, roots);
  return std::move(roots.objects);
}

PruneCheck verify_in_store(remote::Remote& store, const cache::ObjectStore& cache,
                           const std::vector<Candidate>& candidates, Verify how, int jobs) {
  std::vector<std::string> keys;
  for (const auto& c : candidates) keys.push_back(remote::object_key(c.oid));
  auto sizes = remote::stat_many(store, keys, jobs);
  std::vector<bool> ok(candidates.size(), false);
  for (std::size_t i = 0; i < candidates.size(); ++i) ok[i] = sizes[i] && *sizes[i] == candidates[i].size;
  if (how == Verify::content) {
    util::parallel_for(candidates.size(), static_cast<std::size_t>(std::max(jobs, 1)), [&](std::size_t i) {
      if (!ok[i]) return;
      auto temp = cache.download_path(candidates[i].oid);
      try {
        auto digest = store.get(keys[i], temp);
        ok[i] = digest.hex == candidates[i].oid && digest.size == candidates[i].size;
      } catch (const Error&) {
        ok[i] = false;  // keep it: the store could not prove it has the bytes
      }
      ::unlink(temp.c_str());
    });
  }
  PruneCheck out;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    (ok[i] ? out.verified : out.not_in_store).push_back(candidates[i]);
  return out;
}

}  // namespace dvx::gc
