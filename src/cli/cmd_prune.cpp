// `git dvx prune [--recent DAYS] [--verify-content] [--dry-run] [--force]
// [--grace DURATION]`: like `git lfs prune`. Deletes from the local cache
// what gc deletes, and also reachable objects that are old (not in the last
// DAYS of any branch, not checked out, staged or stashed) once the default
// store is known to hold them; later checkouts download them again.
#include <fmt/core.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/gc_common.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/gc/duration.hpp"
#include "dvx/gc/prune.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

int run_prune(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("recent", po::value<int>(), "keep what the last DAYS of any branch use (default 10)")(
      "verify-content",
      "download and hash each object from the store before deleting it (default: size check)")(
      "dry-run,n", "list what would be removed; delete nothing")("force,f", "delete without asking")(
      "grace", po::value<std::string>(), "keep objects younger than DURATION (default 2w)");
  auto parsed = parse_args(
      args, "prune [--recent DAYS] [--verify-content] [--dry-run] [--force] [--grace DURATION]", options);
  if (parsed.help) return 0;
  const auto& v = parsed.vars;
  int days = v.count("recent") ? v["recent"].as<int>() : 10;
  if (days < 0) fail(ErrorKind::usage, "prune: --recent must be a number of days (0 or more)");
  std::int64_t grace =
      v.count("grace") ? gc::parse_duration(v["grace"].as<std::string>()) : gc::kDefaultGraceSeconds;
  auto mode = gc_mode(v.count("dry-run") != 0, v.count("force") != 0, false, "prune");
  auto how = v.count("verify-content") ? gc::Verify::content : gc::Verify::size;

  auto ctx = open_repo_context();
  auto config = transfer::find_remote(ctx.repo);
  if (!config)
    fail(ErrorKind::usage, "prune deletes only what a store holds, and there is none: {}",
         transfer::no_remote_hint());
  auto now = now_seconds();
  bool progress = show_progress(false);
  auto all = scan_reachable(ctx, now, grace, progress);
  auto recent = gc::scan_cache_users(ctx.repo, ctx.store, [&](const git::Repo& r) {
    return gc::recent_objects(r, ctx.store, now, std::int64_t{days} * 86400, grace);
  });

  // Unreachable objects go as with gc; reachable old ones are candidates.
  std::vector<gc::Candidate> old;
  auto plan = gc::plan_cache_gc(ctx.store, now, grace, gc::kStaleTemporarySeconds,
                                [&](const cache::ObjectStore::ObjectFile& obj) {
                                  if (!all.objects.contains(obj.oid)) return false;
                                  if (!recent.objects.contains(obj.oid))
                                    old.push_back({obj.oid, obj.size, obj.mtime, all.objects.where(obj.oid)});
                                  return true;
                                });
  std::size_t unreachable = plan.remove.size();
  auto opened = transfer::open_transfer_remote(*config);
  std::string store_name = opened.remote->describe();
  auto checked = gc::verify_in_store(*opened.remote, ctx.store, old, how, opened.jobs);
  for (auto& c : checked.verified) {
    plan.remove_bytes += c.size;
    plan.remove.push_back(std::move(c));
  }
  plan.kept -= checked.verified.size();

  if (mode != GcMode::force) {
    std::cout << fmt::format(
        "prune: {} would be removed from {} ({} unreachable, {} old and in the store {}):\n",
        count_bytes(plan.remove.size(), plan.remove_bytes), ctx.store.root().string(), unreachable,
        checked.verified.size(), store_name);
    print_candidates(plan.remove);
  }
  if (!checked.not_in_store.empty()) {
    std::cout << fmt::format("prune: keeping {} old object{} that {} does not hold (push them first):\n",
                             checked.not_in_store.size(), checked.not_in_store.size() == 1 ? "" : "s",
                             store_name);
    print_candidates(checked.not_in_store);
  }
  if (mode == GcMode::dry_run) {
    std::cout << fmt::format("prune: {} would be removed, {} kept (dry run: nothing deleted)\n",
                             count_bytes(plan.remove.size(), plan.remove_bytes), plan.kept);
    return 0;
  }
  if (!go_ahead(mode, plan.remove.empty(), "prune")) return 1;
  auto removed = apply_local_plan("prune", ctx, all, plan, now, grace, progress);
  std::cout << fmt::format("prune: {} removed, {} kept{}\n", count_bytes(removed.objects, removed.bytes),
                           plan.kept + removed.refreshed,
                           checked.not_in_store.empty()
                               ? ""
                               : fmt::format(" ({} old, not in the store)", checked.not_in_store.size()));
  return 0;
}

DVX_COMMAND("prune", "delete old cached objects the store holds (like git lfs prune)", run_prune);

}  // namespace
}  // namespace dvx::cli
