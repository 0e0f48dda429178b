// `git dvx gc --remote [NAME] [--dry-run] [--force] [--grace DURATION]`:
// deletes store objects that no local ref and no ref of the configured git
// remotes (fetched first) can reach, and that are older than the grace
// period; sweeps stale temporaries (directory `.tmp` files, S3 multipart
// uploads never completed). Lists only unless --force.
#include "cli/gc_remote.hpp"

#include <fmt/core.h>

#include <iostream>

#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/gc/duration.hpp"
#include "dvx/gc/store_gc.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {

int run_remote_gc(const std::string& name, GcMode mode, std::int64_t grace, std::int64_t stale, bool json,
                  int jobs) {
  auto ctx = open_repo_context();
  auto config = transfer::find_remote(ctx.repo, name);
  if (!config) fail(ErrorKind::usage, "gc --remote: no store to collect: {}", transfer::no_remote_hint());

  // Other clones' pushed work is visible only through the git remotes' refs.
  auto fetched = gc::fetch_git_remotes(ctx.repo);
  auto now = now_seconds();
  bool progress = show_progress(json);
  auto users = scan_reachable(ctx, now, grace, progress);
  auto opened = transfer::open_transfer_remote(*config);
  std::string where = opened.remote->describe();
  auto plan = gc::plan_store_gc(*opened.remote, users.objects, now, grace, stale);

  if (!json) {
    std::string names;
    for (const auto& f : fetched) names += (names.empty() ? "" : ", ") + f;
    std::cout << fmt::format("gc --remote: {} (git remotes fetched first: {})\n", where,
                             names.empty() ? "none" : names);
    if (plan.remove.empty())
      std::cout << "gc --remote: no unreachable object old enough to remove\n";
    else
      std::cout << fmt::format("gc --remote: {} unreachable {} be removed:\n",
                               count_bytes(plan.remove.size(), plan.remove_bytes),
                               mode == GcMode::dry_run ? "would" : "will");
    print_candidates(plan.remove);
    for (const auto& t : plan.temporaries)
      std::cout << fmt::format("  temporary {} ({}){}\n", t.key,
                               t.id.size() > 40 ? t.id.substr(0, 40) + "…" : t.id,
                               t.id == t.key ? "" : " multipart upload");
    if (!plan.temporaries.empty())
      std::cout << fmt::format("gc --remote: {} stale temporar{} {} be removed\n", plan.temporaries.size(),
                               plan.temporaries.size() == 1 ? "y" : "ies",
                               mode == GcMode::dry_run ? "would" : "will");
  }
  auto report = [&](bool dry, std::size_t n, std::uint64_t bytes, std::size_t temps) {
    if (json) {
      nlohmann::json j{
          {"dry_run", dry},      {"remote", where},        {"remove", candidates_json(plan.remove)},
          {"removed_count", n},  {"removed_bytes", bytes}, {"kept_count", plan.kept},
          {"temporaries", temps}};
      print_json(j);
    } else if (dry) {
      std::cout << fmt::format(
          "gc --remote: {} would be removed, {} kept (dry run: nothing deleted; --force deletes)\n",
          count_bytes(n, bytes), plan.kept);
    } else {
      std::cout << fmt::format(
          "gc --remote: {} removed, {} kept{}\n", count_bytes(n, bytes), plan.kept,
          temps ? fmt::format(", {} stale temporar{} swept", temps, temps == 1 ? "y" : "ies") : "");
    }
  };
  if (mode == GcMode::dry_run) {
    report(true, plan.remove.size(), plan.remove_bytes, plan.temporaries.size());
    return 0;
  }
  if (!go_ahead(mode, plan.remove.empty() && plan.temporaries.empty(), "gc --remote")) return 1;
  auto removed =
      with_removal_progress(where, plan.remove.size(), plan.remove_bytes, progress, [&](const auto& advance) {
        return gc::apply_store_plan(*opened.remote, plan, jobs > 0 ? jobs : opened.jobs, advance);
      });
  report(false, removed.objects, removed.bytes, removed.temporaries);
  return 0;
}

}  // namespace dvx::cli
