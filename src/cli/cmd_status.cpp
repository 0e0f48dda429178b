// `git dvx status`: tracked files changed in the worktree, pointers whose
// object is not in the cache.
#include <fmt/core.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/filter/worktree_state.hpp"
#include "dvx/pipeline/workspace.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {
namespace {

const char* describe(filter::WorktreeChange change) {
  switch (change) {
    case filter::WorktreeChange::unchanged: return "unchanged";
    case filter::WorktreeChange::modified: return "modified";
    case filter::WorktreeChange::deleted: return "deleted";
    case filter::WorktreeChange::pointer_only: return "not materialised (pointer only)";
    case filter::WorktreeChange::missing: return "missing (never written; git dvx pull restores it)";
    case filter::WorktreeChange::pointer_text: return "pointer text";
    case filter::WorktreeChange::conflict: return "conflict";
  }
  return "";
}

std::string short_oid(const std::optional<core::Pointer>& p) {
  return p ? fmt::format("{} ({})", p->oid.substr(0, 10), util::human_size(p->size)) : "deleted";
}

int run_status(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("json", "print JSON")(
      "exit-code",
      "exit 1 when anything is not clean: a conflict, pointer text, a modified or deleted file, "
      "a stale pipeline stage");
  auto parsed = parse_args(args, "status [--json] [--exit-code]", options);
  if (parsed.help) return 0;
  auto ctx = open_repo_context();
  auto files = filter::worktree_status(ctx.repo, ctx.store);
  // --- pipeline staleness (issue 4; owned by the pipeline helper) ---
  auto stale = pipeline::stale_stages(ctx.repo);
  // --- end pipeline staleness ---
  bool clean = stale.empty() && std::all_of(files.begin(), files.end(), [](const auto& f) {
                 return f.change == filter::WorktreeChange::unchanged;
               });
  int exit_code = parsed.vars.count("exit-code") && !clean ? 1 : 0;
  if (parsed.vars.count("json")) {
    auto list = nlohmann::json::array();
    for (const auto& f : files) {
      nlohmann::json entry{{"path", f.path},
                           {"oid", f.pointer.oid},
                           {"size", f.pointer.size},
                           {"worktree", describe(f.change)},
                           {"in_cache", f.in_cache}};
      if (f.change == filter::WorktreeChange::conflict) {
        entry["ours"] = f.ours ? nlohmann::json(f.ours->oid) : nlohmann::json(nullptr);
        entry["theirs"] = f.theirs ? nlohmann::json(f.theirs->oid) : nlohmann::json(nullptr);
      }
      list.push_back(std::move(entry));
    }
    auto stages = nlohmann::json::array();
    for (const auto& st : stale) stages.push_back({{"stage", st.name}, {"reasons", st.reasons}});
    print_json({{"files", list}, {"stale_stages", stages}, {"clean", clean}});
    return exit_code;
  }
  std::size_t conflicts = 0, changed = 0, missing = 0;
  for (const auto& f : files) {
    if (f.change != filter::WorktreeChange::conflict) continue;
    if (!conflicts++)
      fmt::print(
          "Unmerged data files (resolve with 'git checkout --theirs|--ours FILE' then 'git add FILE'; "
          "see docs/sync.md):\n");
    fmt::print("  conflict   {}  ours {}, theirs {}\n", f.path, short_oid(f.ours), short_oid(f.theirs));
  }
  for (const auto& f : files) {
    if (f.change == filter::WorktreeChange::unchanged || f.change == filter::WorktreeChange::conflict)
      continue;
    if (!changed++) fmt::print("Tracked files changed in the working tree:\n");
    fmt::print("  {:<10} {}\n", describe(f.change), f.path);
  }
  for (const auto& f : files) {
    if (f.in_cache || f.change == filter::WorktreeChange::conflict) continue;
    if (!missing++) fmt::print("Objects not in the local cache (git dvx pull fetches them):\n");
    fmt::print("  {}  {:>8}  {}\n", f.pointer.oid.substr(0, 10), util::human_size(f.pointer.size), f.path);
  }
  if (!conflicts && !changed && !missing)
    fmt::print("{}, all up to date and cached\n", util::count_of(files.size(), "tracked file"));
  // --- pipeline staleness (issue 4; owned by the pipeline helper) ---
  if (!stale.empty()) {
    fmt::print("Pipeline stages that `git dvx repro` would run:\n");
    for (const auto& st : stale) {
      std::string why;
      for (const auto& r : st.reasons) why += (why.empty() ? "" : "; ") + r;
      fmt::print("  {}: {}\n", st.name, why);
    }
  }
  // --- end pipeline staleness ---
  return exit_code;
}

DVX_COMMAND("status", "show tracked files changed in the worktree and objects missing from the cache",
            run_status);

}  // namespace
}  // namespace dvx::cli
