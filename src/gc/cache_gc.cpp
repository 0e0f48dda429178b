#include "dvx/gc/cache_gc.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "dvx/cache/repo_registry.hpp"
#include "dvx/gc/duration.hpp"
#include "dvx/util/error.hpp"

namespace dvx::gc {

namespace {

fs::path canonical_path(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : c;
}

}  // namespace

CacheUsers scan_cache_users(const git::Repo& repo, const cache::ObjectStore& store, const RepoScan& scan) {
  CacheUsers users;
  fs::path self = canonical_path(repo.common_dir());
  users.objects = scan(repo);
  users.repositories = 1;
  for (const auto& entry : cache::registered_repositories(store.root())) {
    fs::path dir = canonical_path(entry.git_dir);
    if (dir == self) continue;
    std::error_code ec;
    bool exists = fs::exists(dir, ec);
    if (ec)
      fail(ErrorKind::permanent, "cannot tell whether {} (registered with the cache {}) still exists: {}",
           entry.git_dir.string(), store.root().string(), ec.message());
    std::optional<git::Repo> other;
    if (exists) {
      try {
        other.emplace(git::Repo::discover(dir));
      } catch (const Error&) {
        if (fs::exists(dir / "HEAD", ec) || fs::exists(dir / "objects", ec))
          throw;  // looks like a repository we cannot open: do not guess
        exists = false;
      }
    }
    if (!exists) {
      users.gone.push_back(entry);
      continue;
    }
    try {
      users.objects.merge(scan(*other));
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("cannot read {} (a repository using the cache {}): {}",
                                        entry.git_dir.string(), store.root().string(), e.what()));
    }
    ++users.repositories;
  }
  return users;
}

CachePlan plan_cache_gc(const cache::ObjectStore& store, std::int64_t now, std::int64_t grace_seconds,
                        std::int64_t stale_seconds,
                        const std::function<bool(const cache::ObjectStore::ObjectFile&)>& keep,
                        const std::function<std::string(const std::string&)>& where) {
  CachePlan plan;
  for (auto& obj : store.list_objects()) {
    bool young = obj.mtime > now - grace_seconds;
    if (young || keep(obj)) {
      ++plan.kept;
      plan.kept_bytes += obj.size;
      continue;
    }
    plan.remove_bytes += obj.size;
    plan.remove.push_back({obj.oid, obj.size, obj.mtime, where ? where(obj.oid) : std::string()});
  }
  std::sort(plan.remove.begin(), plan.remove.end(),
            [](const Candidate& a, const Candidate& b) { return a.oid < b.oid; });
  plan.temporaries = store.stale_temporaries(stale_seconds);
  return plan;
}

Removed apply_cache_plan(const cache::ObjectStore& store, const CachePlan& plan, std::int64_t now,
                         std::int64_t grace_seconds, const std::function<void(std::uint64_t)>& advance) {
  Removed done;
  for (const auto& c : plan.remove) {
    auto mtime = store.object_mtime(c.oid);
    if (mtime && *mtime > now - grace_seconds) {
      ++done.refreshed;  // used again since the plan was made
    } else if (mtime) {
      store.remove(c.oid);
      ++done.objects;
      done.bytes += c.size;
    }
    if (advance) advance(c.size);
  }
  for (const auto& t : plan.temporaries) {
    if (::unlink(t.c_str()) != 0 && errno != ENOENT)
      fail_errno(fmt::format("cannot remove {}", t.string()), errno);
    ++done.temporaries;
  }
  return done;
}

}  // namespace dvx::gc
