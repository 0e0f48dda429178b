#include "dvx/gc/store_gc.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <mutex>

#include "dvx/core/pointer.hpp"
#include "dvx/gc/duration.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::gc {

namespace {

constexpr std::size_t kBatch = 1000;

// The oid of an object key "<aa>/<bb>/<oid>", or "" for any other key.
std::string oid_of_key(const std::string& key) {
  if (key.size() != 6 + 64) return "";
  std::string oid = key.substr(6);
  if (!core::is_valid_oid(oid) || key.compare(0, 6, remote::object_key(oid).substr(0, 6)) != 0) return "";
  return oid;
}

}  // namespace

std::vector<std::string> fetch_git_remotes(const git::Repo& repo) {
  auto names = git::remote_names(repo.common_dir());
  for (const auto& name : names) {
    try {
      git::fetch_prune(repo.common_dir(), name);
    } catch (const Error& e) {
      fail(ErrorKind::permanent, "{}; so the store's users are not all known, nothing was deleted", e.what());
    }
  }
  return names;
}

StorePlan plan_store_gc(remote::Remote& store, const OidSet& reachable, std::int64_t now,
                        std::int64_t grace_seconds, std::int64_t stale_seconds) {
  StorePlan plan;
  for (const auto& info : store.list("")) {
    std::string oid = oid_of_key(info.key);
    if (oid.empty()) continue;
    bool young = grace_seconds > 0 && (info.mtime == 0 || info.mtime > now - grace_seconds);
    if (young || reachable.contains(oid)) {
      ++plan.kept;
      continue;
    }
    plan.remove.push_back({oid, info.size, info.mtime, ""});
    plan.remove_bytes += info.size;
  }
  plan.temporaries = store.stale_temporaries(stale_seconds);
  return plan;
}

StoreRemoved apply_store_plan(remote::Remote& store, const StorePlan& plan, int jobs,
                              const std::function<void(std::uint64_t)>& advance) {
  StoreRemoved done;
  std::size_t batches = (plan.remove.size() + kBatch - 1) / kBatch;
  std::mutex mutex;
  util::parallel_for(batches, static_cast<std::size_t>(std::max(jobs, 1)), [&](std::size_t b) {
    std::vector<std::string> keys;
    std::uint64_t bytes = 0;
    for (std::size_t i = b * kBatch; i < std::min(plan.remove.size(), (b + 1) * kBatch); ++i) {
      keys.push_back(remote::object_key(plan.remove[i].oid));
      bytes += plan.remove[i].size;
    }
    store.remove_many(keys);
    std::lock_guard lock(mutex);
    done.objects += keys.size();
    done.bytes += bytes;
    if (advance)
      for (std::size_t i = b * kBatch; i < std::min(plan.remove.size(), (b + 1) * kBatch); ++i)
        advance(plan.remove[i].size);
  });
  for (const auto& t : plan.temporaries) {
    store.remove_temporary(t);
    ++done.temporaries;
  }
  return done;
}

}  // namespace dvx::gc
