#pragma once
// gc of a store (directory or S3) through the Remote interface: list,
// decide with the shared reachability and the grace period (the store's
// own mtime/LastModified), delete in parallel batches.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dvx/gc/cache_gc.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/remote/remote.hpp"

namespace dvx::gc {

// `git fetch --prune` of every configured git remote, so that their refs
// (other clones' pushed work) count and branches deleted there stop
// counting. Returns the remotes' names. Throws Error(permanent) naming the
// remote when a fetch fails: gc --remote must not decide on stale refs.
std::vector<std::string> fetch_git_remotes(const git::Repo& repo);

struct StorePlan {
  std::vector<Candidate> remove;
  std::uint64_t remove_bytes = 0;
  std::size_t kept = 0;
  std::vector<remote::Temporary> temporaries;
};

// Store objects ("<aa>/<bb>/<oid>" keys; anything else is never touched)
// not in `reachable` and older than now - grace (an object whose age the
// store does not report is kept unless grace is 0), plus the temporaries
// older than `stale_seconds`.
StorePlan plan_store_gc(remote::Remote& store, const OidSet& reachable, std::int64_t now,
                        std::int64_t grace_seconds, std::int64_t stale_seconds);

struct StoreRemoved {
  std::size_t objects = 0;
  std::uint64_t bytes = 0;
  std::size_t temporaries = 0;
};

// Deletes in batches of 1,000 keys (remove_many), `jobs` batches at once.
StoreRemoved apply_store_plan(remote::Remote& store, const StorePlan& plan, int jobs,
                              const std::function<void(std::uint64_t)>& advance = {});

}  // namespace dvx::gc
