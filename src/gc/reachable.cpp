#include "dvx/gc/reachable.hpp"

#include <sys/stat.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "dvx/core/pointer.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/pipeline/hashing.hpp"
#include "dvx/pipeline/lock.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::gc {

namespace {

constexpr std::string_view kLockName = "dvx.lock";

// What makes a run-cache record the same run as a dvx.lock stage: the
// inputs of RunCache::key (command, wdir, dep oids, params, declared outs),
// all of which both records carry.
std::string stage_signature(const pipeline::LockStage& s) {
  nlohmann::json j;
  j["cmd"] = s.cmd;
  j["wdir"] = s.wdir;
  for (const auto& d : s.deps) j["deps"].push_back({d.path, d.oid});
  for (const auto& [file, keys] : s.params)
    for (const auto& [k, v] : keys) j["params"][file][k] = v;
  for (const auto& o : s.outs) j["outs"].push_back(o.path);
  for (const auto& m : s.metrics) j["metrics"].push_back(m.path);
  return j.dump();
}

void add_entry(const pipeline::LockEntry& e, const std::string& where, const cache::ObjectStore& store,
               OidSet& out) {
  if (!core::is_valid_oid(e.oid)) return;
  out.add(e.oid, where + " " + e.path);
  if (!e.is_dir()) return;
  // A folder: its files are named by the manifest, itself a cache object.
  std::optional<std::string> manifest;
  try {
    manifest = util::read_file_if_exists(store.object_path(e.oid));
  } catch (const Error&) {
  }
  if (!manifest) return;
  try {
    for (const auto& f : pipeline::parse_folder_manifest(*manifest, e.oid))
      out.add(f.oid, where + " " + e.path + "/" + f.relpath);
  } catch (const Error&) {
    // A damaged manifest names nothing we can trust; fsck reports it.
  }
}

void add_stage(const pipeline::LockStage& s, const std::string& where, const cache::ObjectStore& store,
               OidSet& out) {
  for (const auto* list : {&s.deps, &s.outs, &s.metrics})
    for (const auto& e : *list) add_entry(e, where, store, out);
}

void scan_lock_text(const std::string& text, const std::string& where, const cache::ObjectStore& store,
                    Roots& roots) {
  pipeline::LockFile lock;
  try {
    lock = pipeline::parse_lock(text, where);
  } catch (const Error&) {
    return;  // not a dvx.lock we can read: it names nothing
  }
  for (const auto& [name, stage] : lock.stages) {
    add_stage(stage, fmt::format("{} stage {}:", where, name), store, roots.objects);
    roots.lock_stages.insert(stage_signature(stage));
  }
}

bool is_lock_path(std::string_view path) {
  return path == kLockName || (path.size() > kLockName.size() && path.ends_with(kLockName) &&
                               path[path.size() - kLockName.size() - 1] == '/');
}

}  // namespace

void OidSet::add(const std::string& oid, std::string_view where) {
  map_.try_emplace(oid, where);
}

std::string OidSet::where(const std::string& oid) const {
  auto it = map_.find(oid);
  return it == map_.end() ? std::string() : it->second;
}

void OidSet::merge(const OidSet& other) {
  for (const auto& [oid, where] : other.map_) map_.try_emplace(oid, where);
}

std::vector<git::WorktreeInfo> list_worktrees(const git::Repo& repo) {
  return git::worktree_list(repo.common_dir());
}

void scan_rev_list(const git::Repo& repo, const std::vector<std::string>& args,
                   const cache::ObjectStore& store, Roots& roots, const ScanTick& scanned) {
  // Commits and root trees have no path; a path-less blob is an index
  // entry of `--indexed-objects` only in old gits, so read those too.
  for (const auto& object : git::rev_list_objects(repo.common_dir(), args)) {
    if (scanned) scanned();
    auto size = repo.blob_size(object.id);
    if (!size) continue;
    bool lock = is_lock_path(object.path);
    if (*size >= core::kMaxPointerSize && !lock) continue;
    std::string blob = repo.read_blob_id(object.id);
    if (*size < core::kMaxPointerSize) {
      if (auto pointer = core::parse_pointer(blob)) {
        roots.objects.add(pointer->oid, object.path);
        continue;
      }
    }
    if (lock) scan_lock_text(blob, object.path + " (" + object.id.substr(0, 10) + ")", store, roots);
  }
}

void scan_worktree_locks(const git::Repo& repo, const cache::ObjectStore& store, Roots& roots) {
  for (const auto& wt : list_worktrees(repo)) {
    if (!wt.exists) continue;
    auto text = util::read_file_if_exists(wt.path / kLockName);
    if (text) scan_lock_text(*text, (wt.path / kLockName).string(), store, roots);
  }
}

void scan_run_cache(const git::Repo& repo, const cache::ObjectStore& store, std::int64_t now,
                    std::int64_t grace_seconds, Roots& roots) {
  fs::path dir = git::state_dir(repo) / "runs";
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0) continue;
    auto text = util::read_file_if_exists(it->path());
    if (!text) continue;
    pipeline::LockFile record;
    try {
      record = pipeline::parse_lock(*text, it->path().string());
    } catch (const Error&) {
      continue;  // a damaged record is a cache miss for repro too
    }
    bool young = grace_seconds > 0 && static_cast<std::int64_t>(st.st_mtime) > now - grace_seconds;
    for (const auto& [name, stage] : record.stages)
      if (young || roots.lock_stages.count(stage_signature(stage)))
        add_stage(stage, fmt::format("run-cache record {}:", it->path().filename().string().substr(0, 10)),
                  store, roots.objects);
  }
}

OidSet reachable_objects(const git::Repo& repo, const cache::ObjectStore& store, std::int64_t now,
                         std::int64_t grace_seconds, const ScanTick& scanned) {
  Roots roots;
  scan_rev_list(repo, {"--all", "--reflog", "--indexed-objects"}, store, roots, scanned);
  scan_worktree_locks(repo, store, roots);
  scan_run_cache(repo, store, now, grace_seconds, roots);
  return std::move(roots.objects);
}

}  // namespace dvx::gc
