#pragma once
// What gc, prune and gc --remote share on the command line: when to delete
// (dry run, ask, force), the scan and the deletion with progress on a
// terminal, listing candidates as text or JSON, the summary.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/repo_context.hpp"
#include "dvx/gc/cache_gc.hpp"
#include "dvx/transfer/progress.hpp"

namespace dvx::cli {

enum class GcMode { dry_run, ask, force };

// --dry-run and --force are exclusive. Without either: `default_dry` (gc
// --remote) lists only; else on a terminal ask, and off a terminal refuse
// (Error(usage)): a script never deletes by accident.
GcMode gc_mode(bool dry_run, bool force, bool default_dry, const std::string& verb);

// "y"/"yes" on stdin.
bool confirm(const std::string& question);

// Whether to go on deleting: in ask mode (and with something to delete) asks
// "Remove them?"; a "no" prints "<verb>: nothing deleted" and returns false.
bool go_ahead(GcMode mode, bool nothing_to_do, const std::string& verb);

// Progress lines on stderr: only on a terminal (or GIT_DVX_PROGRESS=1),
// never with --json.
bool show_progress(bool json);

// reachable_objects() of ctx's repository and of every other repository
// using its cache, with a live "scanning N objects in git history" line.
gc::CacheUsers scan_reachable(const RepoContext& ctx, std::int64_t now, std::int64_t grace, bool progress);

// Runs apply(advance) under a "removing i/N objects (bytes) from WHERE"
// progress line, finished by a summary line when there was anything to remove.
template <class Apply>
auto with_removal_progress(const std::string& where, std::size_t objects, std::uint64_t bytes, bool progress,
                           Apply&& apply) {
  transfer::Progress p("removing", "from " + where, objects, bytes, progress && objects > 0);
  auto done = apply([&](std::uint64_t b) { p.advance(b); });
  if (objects > 0) p.finish(true);
  return done;
}

// Local gc and prune once confirmed: drops the cache registry's vanished
// repositories (saying so on stderr), then deletes the plan.
gc::Removed apply_local_plan(const std::string& verb, const RepoContext& ctx, const gc::CacheUsers& users,
                             const gc::CachePlan& plan, std::int64_t now, std::int64_t grace, bool progress);

// "<oid>  <size>  <where>" per candidate, to stdout.
void print_candidates(const std::vector<gc::Candidate>& candidates);
nlohmann::json candidates_json(const std::vector<gc::Candidate>& candidates);

// "12 objects (1.4 MB)"
std::string count_bytes(std::size_t n, std::uint64_t bytes);

// Seconds since the epoch.
std::int64_t now_seconds();

}  // namespace dvx::cli
