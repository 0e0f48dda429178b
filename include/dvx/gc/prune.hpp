#pragma once
// prune (like `git lfs prune`): beyond what gc deletes, reachable objects
// that are old may go from the local cache, but only once the store is
// known to hold them. "Recent" (always kept) is: every object of the
// commits of any branch (local or remote-tracking) made within `recent`
// seconds, every worktree's checked-out commit, every index, every stash
// entry, worktree dvx.lock files and the run-cache records they or young
// records name.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/gc/cache_gc.hpp"
#include "dvx/gc/reachable.hpp"
#include "dvx/remote/remote.hpp"

namespace dvx::gc {

OidSet recent_objects(const git::Repo& repo, const cache::ObjectStore& store, std::int64_t now,
                      std::int64_t recent_seconds, std::int64_t grace_seconds);

enum class Verify { size, content };

struct PruneCheck {
  std::vector<Candidate> verified;      // in the store: may go
  std::vector<Candidate> not_in_store;  // kept
};

// Checks each candidate in the store: stat (exists, right size), or with
// Verify::content downloads it into the cache's download area and hashes
// it. `jobs` checks at once. A failed check keeps the object.
PruneCheck verify_in_store(remote::Remote& store, const cache::ObjectStore& cache,
                           const std::vector<Candidate>& candidates, Verify how, int jobs);

}  // namespace dvx::gc
