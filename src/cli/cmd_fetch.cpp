// `git dvx fetch [REMOTE] [--include GLOB] [--exclude GLOB] [REV...]`:
// downloads the objects that the revisions (default HEAD) reference into the
// local cache, verified; the working tree is not touched (see `pull`).
#include <fmt/core.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

std::vector<std::string> strings(const po::variables_map& vars, const char* key) {
  return vars.count(key) ? vars[key].as<std::vector<std::string>>() : std::vector<std::string>{};
}

int run_fetch(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("include,I", po::value<std::vector<std::string>>(),
                        "only paths matching GLOB (repeatable)")(
      "exclude,X", po::value<std::vector<std::string>>(), "skip paths matching GLOB (repeatable)")(
      "all", "objects of every commit of every ref")("args", po::value<std::vector<std::string>>(),
                                                     "REMOTE, REV");
  po::positional_options_description pos;
  pos.add("args", -1);
  auto parsed =
      parse_args(args, "fetch [REMOTE] [--include GLOB] [--exclude GLOB] [--all] [REV...]", options, pos);
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

  std::vector<transfer::Item> items;
  if (parsed.vars.count("all")) {
    for (auto& item : transfer::pointers_in_rev_list(ctx.repo, {"--all"}))
      if (transfer::path_selected(item.label, include, exclude)) items.push_back(item);
  } else {
    if (positional.empty()) {
      if (!ctx.repo.has_head()) return 0;
      positional.push_back("HEAD");
    }
    items = transfer::pointers_in_revs(ctx.repo, positional, include, exclude);
  }

  auto opened = transfer::open_transfer_remote(*config);
  auto result = transfer::download_missing(*opened.remote, ctx.store, items,
                                           {opened.jobs, transfer::progress_enabled()});
  for (const auto& f : result.failures) print_error(f.message);
  if (!result.failures.empty())
    fail(ErrorKind::permanent, "{} of {} object{} could not be fetched", result.failures.size(),
         result.requested - result.present, result.requested - result.present == 1 ? "" : "s");
  return 0;
}

DVX_COMMAND("fetch", "download the data objects of revisions into the local cache", run_fetch);

}  // namespace
}  // namespace dvx::cli
