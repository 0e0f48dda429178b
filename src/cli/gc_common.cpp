#include "cli/gc_common.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <ctime>
#include <iostream>

#include "dvx/transfer/progress.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {

GcMode gc_mode(bool dry_run, bool force, bool default_dry, const std::string& verb) {
  if (dry_run && force) fail(ErrorKind::usage, "{}: --dry-run and --force exclude each other", verb);
  if (dry_run) return GcMode::dry_run;
  if (force) return GcMode::force;
  if (default_dry) return GcMode::dry_run;
  if (::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO)) return GcMode::ask;
  fail(ErrorKind::usage,
       "{}: not on a terminal, so not asking and not deleting: pass --force to delete, or --dry-run to list "
       "what would go (nothing was deleted)",
       verb);
}

bool confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes";
}

bool go_ahead(GcMode mode, bool nothing_to_do, const std::string& verb) {
  if (mode != GcMode::ask || nothing_to_do || confirm("Remove them?")) return true;
  std::cout << verb << ": nothing deleted\n";
  return false;
}

bool show_progress(bool json) {
  return !json && transfer::progress_enabled();
}

gc::CacheUsers scan_reachable(const RepoContext& ctx, std::int64_t now, std::int64_t grace, bool progress) {
  transfer::Progress p("scanning", "in git history", transfer::Progress::kUnknownTotal, 0, progress);
  auto users = gc::scan_cache_users(ctx.repo, ctx.store, [&](const git::Repo& r) {
    return gc::reachable_objects(r, ctx.store, now, grace, [&] { p.advance(0); });
  });
  p.finish(true);
  return users;
}

gc::Removed apply_local_plan(const std::string& verb, const RepoContext& ctx, const gc::CacheUsers& users,
                             const gc::CachePlan& plan, std::int64_t now, std::int64_t grace, bool progress) {
  for (const auto& g : users.gone) {
    cache::unregister_repository(g);
    std::cerr << fmt::format("git-dvx: {}: dropped {} from the cache's registry: it no longer exists\n", verb,
                             g.git_dir.string());
  }
  return with_removal_progress(
      ctx.store.root().string(), plan.remove.size(), plan.remove_bytes, progress,
      [&](const auto& advance) { return gc::apply_cache_plan(ctx.store, plan, now, grace, advance); });
}

void print_candidates(const std::vector<gc::Candidate>& candidates) {
  for (const auto& c : candidates)
    std::cout << fmt::format("  {}  {:>9}  {}\n", c.oid, util::human_size(c.size),
                             c.where.empty() ? "(not referenced anywhere)" : c.where);
  std::cout << std::flush;
}

nlohmann::json candidates_json(const std::vector<gc::Candidate>& candidates) {
  auto out = nlohmann::json::array();
  for (const auto& c : candidates) {
    nlohmann::json j{{"oid", c.oid}, {"size", c.size}, {"mtime", c.mtime}};
    j["where"] = c.where.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.where);
    out.push_back(std::move(j));
  }
  return out;
}

std::string count_bytes(std::size_t n, std::uint64_t bytes) {
  return fmt::format("{} ({})", util::count_of(n, "object"), util::human_size(bytes));
}

std::int64_t now_seconds() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

}  // namespace dvx::cli
