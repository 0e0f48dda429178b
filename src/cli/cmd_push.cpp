// `git dvx push [REMOTE] [--all] [--json]`: uploads the objects that HEAD (or, with
// --all, every commit of every ref) references and the store lacks. `git
// push` does the same for the pushed commits through the pre-push hook.
#include <fmt/core.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/transfer/summary.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

int run_push(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("quiet,q", "no summary line")(
      "all", "every object referenced by any commit of any ref (branches, tags, stash)")(
      "json", "print what was uploaded as JSON on stdout")("remote", po::value<std::string>(),
                                                           "the remote (default: the default remote)");
  po::positional_options_description pos;
  pos.add("remote", 1);
  auto parsed = parse_args(args, "push [-q] [--json] [REMOTE] [--all]", options, pos);
  if (parsed.help) return 0;
  std::string name = parsed.vars.count("remote") ? parsed.vars["remote"].as<std::string>() : "";

  auto ctx = open_repo_context();
  auto config = transfer::find_remote(ctx.repo, name);
  if (!config) fail(ErrorKind::usage, "nothing to push to: {}", transfer::no_remote_hint());

  std::vector<transfer::Item> items;
  if (parsed.vars.count("all"))
    items = transfer::pointers_in_rev_list(ctx.repo, {"--all"});
  else if (ctx.repo.has_head())
    items = transfer::pointers_in_revs(ctx.repo, {"HEAD"});

  auto opened = transfer::open_transfer_remote(*config);
  bool quiet = parsed.vars.count("quiet") > 0;
  auto result = transfer::upload_missing(*opened.remote, ctx.store, items,
                                         {opened.jobs, !quiet && transfer::progress_enabled()});
  print_summary(transfer::upload_summary(result, opened.config.name), quiet);
  if (parsed.vars.count("json")) print_json(transfer_json(result, opened.config.name, "uploaded"));
  return 0;
}

DVX_COMMAND("push", "upload the data objects HEAD (or --all refs) references to a remote", run_push);

}  // namespace
}  // namespace dvx::cli
