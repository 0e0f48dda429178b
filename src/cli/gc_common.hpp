#pragma once
// What gc, prune and gc --remote share on the command line: when to delete
// (dry run, ask, force), listing candidates as text or JSON, the summary.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dvx/gc/cache_gc.hpp"

namespace dvx::cli {

enum class GcMode { dry_run, ask, force };

// --dry-run and --force are exclusive. Without either: `default_dry` (gc
// --remote) lists only; else on a terminal ask, and off a terminal refuse
// (Error(usage)): a script never deletes by accident.
GcMode gc_mode(bool dry_run, bool force, bool default_dry, const std::string& verb);

// "y"/"yes" on stdin.
bool confirm(const std::string& question);

// "<oid>  <size>  <where>" per candidate, to stdout.
void print_candidates(const std::vector<gc::Candidate>& candidates);
nlohmann::json candidates_json(const std::vector<gc::Candidate>& candidates);

// "12 objects (1.4 MB)"
std::string count_bytes(std::size_t n, std::uint64_t bytes);

// Seconds since the epoch.
std::int64_t now_seconds();

}  // namespace dvx::cli
