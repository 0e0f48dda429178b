// `git dvx gc [--dry-run] [--force] [--grace DURATION] [--json]`: deletes
// the local cache's objects that no repository using the cache can reach
// (docs/gc.md). `git dvx gc --remote [NAME] ...` does the same for a store
// (cli/gc_remote.cpp).
#include <fmt/core.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/gc_common.hpp"
#include "cli/gc_remote.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/gc/duration.hpp"
#include "dvx/gc/last_seen.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

int run_local_gc(GcMode mode, std::int64_t grace, std::int64_t stale, bool json) {
  auto ctx = open_repo_context();
  auto now = now_seconds();
  bool progress = show_progress(json);
  auto users = scan_reachable(ctx, now, grace, progress);
  auto plan = gc::plan_cache_gc(ctx.store, now, grace, stale,
                                [&](const auto& obj) { return users.objects.contains(obj.oid); });
  std::string where = ctx.store.root().string();
  if (mode != GcMode::force) gc::describe_unreachable(ctx.repo, plan.remove);

  if (mode != GcMode::force && !json) {
    if (plan.remove.empty()) {
      std::cout << fmt::format("gc: nothing to remove from {} ({} kept)\n", where, plan.kept);
    } else {
      std::cout << fmt::format("gc: {} unreachable from {} repositor{} would be removed from {}:\n",
                               count_bytes(plan.remove.size(), plan.remove_bytes), users.repositories,
                               users.repositories == 1 ? "y" : "ies", where);
      print_candidates(plan.remove);
    }
    if (!plan.temporaries.empty())
      std::cout << fmt::format("gc: {} stale temporar{} would be removed\n", plan.temporaries.size(),
                               plan.temporaries.size() == 1 ? "y" : "ies");
    for (const auto& g : users.gone)
      std::cout << fmt::format("gc: {} would be dropped from the cache's registry: it no longer exists\n",
                               g.git_dir.string());
  }
  if (mode == GcMode::dry_run) {
    if (json) {
      nlohmann::json j{{"dry_run", true},
                       {"cache", where},
                       {"remove", candidates_json(plan.remove)},
                       {"remove_count", plan.remove.size()},
                       {"remove_bytes", plan.remove_bytes},
                       {"kept_count", plan.kept},
                       {"kept_bytes", plan.kept_bytes},
                       {"temporaries", plan.temporaries.size()},
                       {"repositories", users.repositories}};
      print_json(j);
    } else {
      std::cout << fmt::format("gc: {} would be removed, {} kept (dry run: nothing deleted)\n",
                               count_bytes(plan.remove.size(), plan.remove_bytes), plan.kept);
    }
    return 0;
  }
  if (!go_ahead(mode, plan.remove.empty() && plan.temporaries.empty() && users.gone.empty(), "gc")) return 1;
  auto removed = apply_local_plan("gc", ctx, users, plan, now, grace, progress);
  std::size_t kept = plan.kept + removed.refreshed;
  if (json) {
    nlohmann::json j{{"dry_run", false},
                     {"cache", where},
                     {"removed", candidates_json(plan.remove)},
                     {"removed_count", removed.objects},
                     {"removed_bytes", removed.bytes},
                     {"kept_count", kept},
                     {"temporaries_removed", removed.temporaries},
                     {"repositories", users.repositories}};
    print_json(j);
  } else {
    std::cout << fmt::format("gc: {} removed, {} kept{}\n", count_bytes(removed.objects, removed.bytes), kept,
                             removed.temporaries
                                 ? fmt::format(", {} stale temporar{} swept", removed.temporaries,
                                               removed.temporaries == 1 ? "y" : "ies")
                                 : "");
  }
  return 0;
}

int run_gc(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("dry-run,n", "list what would be removed; delete nothing")("force,f",
                                                                                   "delete without asking")(
      "grace", po::value<std::string>(),
      "keep objects younger than DURATION (30s, 12h, 14d, 2w, 0; default 2w)")("json",
                                                                               "machine-readable output")(
      "remote", po::value<std::string>()->implicit_value(""),
      "gc the store NAME (default: the default remote) instead of the cache")(
      "jobs,j", po::value<int>(), "parallel deletions for --remote (default: the remote's jobs)")(
      "stale", po::value<std::string>(),
      "sweep temporaries of interrupted writes older than DURATION (default 1d)");
  auto parsed = parse_args(
      args, "gc [--dry-run] [--force] [--grace DURATION] [--stale DURATION] [--json] [--remote [NAME]]",
      options);
  if (parsed.help) return 0;
  const auto& v = parsed.vars;
  std::int64_t grace =
      v.count("grace") ? gc::parse_duration(v["grace"].as<std::string>()) : gc::kDefaultGraceSeconds;
  std::int64_t stale = v.count("stale") ? gc::parse_duration(v["stale"].as<std::string>(), "--stale")
                                        : gc::kStaleTemporarySeconds;
  bool remote = v.count("remote") != 0;
  auto mode = gc_mode(v.count("dry-run") != 0, v.count("force") != 0, remote, "gc");
  if (remote)
    return run_remote_gc(v["remote"].as<std::string>(), mode, grace, stale, v.count("json") != 0,
                         v.count("jobs") ? v["jobs"].as<int>() : 0);
  if (v.count("jobs")) fail(ErrorKind::usage, "gc: --jobs applies to --remote only");
  return run_local_gc(mode, grace, stale, v.count("json") != 0);
}

DVX_COMMAND("gc", "delete cached (or, with --remote, stored) objects nothing can reach any more", run_gc);

}  // namespace
}  // namespace dvx::cli
