// `git dvx status`: tracked files changed in the worktree, pointers whose
// object is not in the cache.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/filter/worktree_state.hpp"
#include "dvx/pipeline/workspace.hpp"

namespace dvx::cli {
namespace {

const char* describe(filter::WorktreeChange change) {
  switch (change) {
    case filter::WorktreeChange::unchanged: return "unchanged";
    case filter::WorktreeChange::modified: return "modified";
    case filter::WorktreeChange::deleted: return "deleted";
    case filter::WorktreeChange::pointer_only: return "not materialised (pointer only)";
    case filter::WorktreeChange::missing: return "missing (never written; git dvx pull restores it)";
  }
  return "";
}

int run_status(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("json", "print JSON");
  auto parsed = parse_args(args, "status [--json]", options);
  if (parsed.help) return 0;
  auto ctx = open_repo_context();
  auto files = filter::worktree_status(ctx.repo, ctx.store);
  if (parsed.vars.count("json")) {
    auto list = nlohmann::json::array();
    for (const auto& f : files)
      list.push_back({{"path", f.path}, {"oid", f.pointer.oid}, {"size", f.pointer.size},
                      {"worktree", describe(f.change)}, {"in_cache", f.in_cache}});
    // --- pipeline staleness (issue 4; owned by the pipeline helper) ---
    auto stages = nlohmann::json::array();
    for (const auto& st : pipeline::stale_stages(ctx.repo))
      stages.push_back({{"stage", st.name}, {"reasons", st.reasons}});
    // --- end pipeline staleness ---
    fmt::print("{}\n", nlohmann::json{{"files", list}, {"stale_stages", stages}}.dump(2));
    return 0;
  }
  std::size_t changed = 0, missing = 0;
  for (const auto& f : files) {
    if (f.change == filter::WorktreeChange::unchanged) continue;
    if (!changed++) fmt::print("Tracked files changed in the working tree:\n");
    fmt::print("  {:<10} {}\n", describe(f.change), f.path);
  }
  for (const auto& f : files) {
    if (f.in_cache) continue;
    if (!missing++) fmt::print("Objects not in the local cache (git dvx pull fetches them):\n");
    fmt::print("  {}  {:>8}  {}\n", f.pointer.oid.substr(0, 10), human_size(f.pointer.size), f.path);
  }
  if (!changed && !missing) fmt::print("{} tracked files, all up to date and cached\n", files.size());
  // --- pipeline staleness (issue 4; owned by the pipeline helper) ---
  auto stale = pipeline::stale_stages(ctx.repo);
  if (!stale.empty()) {
    fmt::print("Pipeline stages that `git dvx repro` would run:\n");
    for (const auto& st : stale) {
      std::string why;
      for (const auto& r : st.reasons) why += (why.empty() ? "" : "; ") + r;
      fmt::print("  {}: {}\n", st.name, why);
    }
  }
  // --- end pipeline staleness ---
  return 0;
}

DVX_COMMAND("status", "show tracked files changed in the worktree and objects missing from the cache",
            run_status);

}  // namespace
}  // namespace dvx::cli
