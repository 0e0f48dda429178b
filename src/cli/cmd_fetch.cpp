// `git dvx fetch [REMOTE] [--include GLOB] [--exclude GLOB] [--json] [REV...]`:
// downloads the objects that the revisions (default HEAD) reference into the
// local cache, verified; the working tree is not touched (see `pull`).
#include <fmt/core.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/filter/worktree_state.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/transfer/summary.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

std::vector<std::string> strings(const po::variables_map& vars, const char* key) {
  return vars.count(key) ? vars[key].as<std::vector<std::string>>() : std::vector<std::string>{};
}

int run_fetch(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("quiet,q", "no summary line")("include,I", po::value<std::vector<std::string>>(),
                                                      "only paths matching GLOB (repeatable)")(
      "exclude,X", po::value<std::vector<std::string>>(), "skip paths matching GLOB (repeatable)")(
      "all", "objects of every commit of every ref")("json", "print what was downloaded as JSON on stdout")(
      "args", po::value<std::vector<std::string>>(), "REMOTE, REV");
  po::positional_options_description pos;
  pos.add("args", -1);
  auto parsed = parse_args(
      args, "fetch [-q] [--json] [REMOTE] [--include GLOB] [--exclude GLOB] [--all] [REV...]", options, pos);
  if (parsed.help) return 0;
  auto positional = strings(parsed.vars, "args");
  auto include = strings(parsed.vars, "include");
  auto exclude = strings(parsed.vars, "exclude");

  auto ctx = open_repo_context();
  std::string name;
  if (!positional.empty() && transfer::is_remote_name(ctx.repo, positional[0])) {
    name = positional[0];
    positional.erase(positional.begin());
  }
  auto config = transfer::find_remote(ctx.repo, name);
  if (!config) fail(ErrorKind::usage, "nothing to fetch from: {}", transfer::no_remote_hint());

  bool quiet = parsed.vars.count("quiet") > 0;
  bool json = parsed.vars.count("json") > 0;
  std::vector<transfer::Item> items;
  std::vector<std::string> tracked;  // every pointer path of the revisions, for --include's check
  if (parsed.vars.count("all")) {
    for (auto& item : transfer::pointers_in_rev_list(ctx.repo, {"--all"})) {
      tracked.push_back(item.label);
      if (transfer::path_selected(item.label, include, exclude)) items.push_back(item);
    }
  } else {
    if (positional.empty()) {
      if (!ctx.repo.has_head()) {
        if (!include.empty())
          fail(ErrorKind::usage, "--include {} matches nothing: the repository has no commit yet",
               quote_list(include));
        print_summary("everything up to date (no commit yet)", quiet);
        if (json) print_json(transfer_json({}, config->name, "downloaded"));
        return 0;
      }
      positional.push_back("HEAD");
    }
    if (!include.empty())
      for (const auto& rev : positional)
        for (const auto& f : filter::tracked_files(ctx.repo, ctx.store, rev)) tracked.push_back(f.path);
    items = transfer::pointers_in_revs(ctx.repo, positional, include, exclude);
  }
  // An --include that selects no tracked data file is a typo, not "nothing to do".
  if (auto unmatched = transfer::unmatched_patterns(include, tracked); !unmatched.empty())
    fail(ErrorKind::usage, "--include {} match{} no file tracked by git-dvx in {}; nothing was fetched",
         quote_list(unmatched), unmatched.size() == 1 ? "es" : "",
         parsed.vars.count("all") ? "any commit" : quote_list(positional));

  auto opened = transfer::open_transfer_remote(*config);
  auto result = transfer::download_missing(*opened.remote, ctx.store, items,
                                           {opened.jobs, !quiet && transfer::progress_enabled()});
  print_summary(transfer::download_summary(result, 0, opened.config.name), quiet);
  for (const auto& f : result.failures) print_error(f.message);
  if (json) print_json(transfer_json(result, opened.config.name, "downloaded"));
  if (!result.failures.empty())
    fail(ErrorKind::permanent, "{} of {} object{} could not be fetched", result.failures.size(),
         result.requested - result.present, result.requested - result.present == 1 ? "" : "s");
  return 0;
}

DVX_COMMAND("fetch", "download the data objects of revisions into the local cache", run_fetch);

}  // namespace
}  // namespace dvx::cli
