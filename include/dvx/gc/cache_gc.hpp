#pragma once
// gc of the local cache: which objects every repository using the cache can
// still reach, and the plan of what to delete. Commands print and apply it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/cache/repo_registry.hpp"
#include "dvx/gc/reachable.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::gc {

// One object gc would delete, with where it was last seen when known.
struct Candidate {
  std::string oid;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  std::string where;
};

// Computes the kept set of one repository (reachable_objects, or prune's
// recent set).
using RepoScan = std::function<OidSet(const git::Repo& repo)>;

struct CacheUsers {
  OidSet objects;                           // union over the repositories
  std::vector<cache::RegisteredRepo> gone;  // registered, no longer exist
  std::size_t repositories = 0;
};

// `scan` over `repo` and over every other repository registered with its
// cache (cache/repo_registry.hpp; commands register their repository when
// they open a shared cache: cli/repo_context.cpp). A registered
// repository that no longer exists is listed in `gone` (the caller drops it
// from the registry when it applies the plan); one that exists but cannot be
// read stops gc (Error): gc never guesses what another repository needs.
CacheUsers scan_cache_users(const git::Repo& repo, const cache::ObjectStore& store, const RepoScan& scan);

struct CachePlan {
  std::vector<Candidate> remove;
  std::uint64_t remove_bytes = 0;
  std::size_t kept = 0;
  std::uint64_t kept_bytes = 0;
  std::vector<fs::path> temporaries;  // stale, to sweep
};

// Objects for which `keep(oid)` is false and whose mtime is older than
// now - grace go; `where` labels them. Temporaries older than
// `stale_seconds` (kStaleTemporarySeconds unless told) are listed too.
CachePlan plan_cache_gc(const cache::ObjectStore& store, std::int64_t now, std::int64_t grace_seconds,
                        std::int64_t stale_seconds,
                        const std::function<bool(const cache::ObjectStore::ObjectFile&)>& keep,
                        const std::function<std::string(const std::string&)>& where = {});

struct Removed {
  std::size_t objects = 0;
  std::uint64_t bytes = 0;
  std::size_t temporaries = 0;
  std::size_t refreshed = 0;  // planned, but touched since (kept)
};

// Deletes what the plan lists. Each object's mtime is read again just
// before it goes: one refreshed since the plan (a concurrent `git add`)
// stays. `advance` is called per object (progress).
Removed apply_cache_plan(const cache::ObjectStore& store, const CachePlan& plan, std::int64_t now,
                         std::int64_t grace_seconds, const std::function<void(std::uint64_t)>& advance = {});

}  // namespace dvx::gc
