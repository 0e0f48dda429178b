// `git dvx pull [REMOTE] [PATH...] [--json]`: fetch the objects of HEAD (restricted
// to PATHs) and materialise the worktree files that still hold pointer text
// or are missing (as `git lfs pull` does; never a file the user modified).
#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <set>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/filter/worktree_state.hpp"
#include "dvx/transfer/materialize.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/transfer/summary.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

int run_pull(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("quiet,q", "no summary line")("json", "print what was written as JSON on stdout")(
      "args", po::value<std::vector<std::string>>(), "REMOTE, PATH");
  po::positional_options_description pos;
  pos.add("args", -1);
  auto parsed = parse_args(args, "pull [-q] [--json] [REMOTE] [PATH...]", options, pos);
  if (parsed.help) return 0;
  auto positional = parsed.vars.count("args") ? parsed.vars["args"].as<std::vector<std::string>>()
                                              : std::vector<std::string>{};

  auto ctx = open_repo_context();
  std::string name;
  if (!positional.empty() && transfer::is_remote_name(ctx.repo, positional[0])) {
    name = positional[0];
    positional.erase(positional.begin());
  }
  // PATHs are relative to the current folder, like git's pathspecs.
  auto prefix =
      std::filesystem::relative(std::filesystem::current_path(), ctx.repo.workdir()).generic_string();
  auto as_given = positional;
  for (auto& p : positional)
    if (prefix != "." && !prefix.empty()) p = prefix + "/" + p;
  // A PATH that selects no tracked data file is a typo, not "nothing to do".
  if (!positional.empty()) {
    std::vector<std::string> tracked;
    for (const auto& f : filter::tracked_files(ctx.repo, ctx.store, "")) tracked.push_back(f.path);
    auto unmatched = transfer::unmatched_patterns(positional, tracked);
    if (!unmatched.empty()) {
      std::vector<std::string> named;
      for (std::size_t i = 0; i < positional.size(); ++i)
        if (std::find(unmatched.begin(), unmatched.end(), positional[i]) != unmatched.end())
          named.push_back(as_given[i]);
      fail(ErrorKind::usage,
           "{} match{} no file tracked by git-dvx (see 'git dvx ls-files'); nothing was pulled",
           quote_list(named), named.size() == 1 ? "es" : "");
    }
  }

  // Without a remote, pull still writes what the local cache has (as
  // `git lfs checkout` does), and says why anything else stays a pointer.
  auto config = transfer::find_remote(ctx.repo, name);
  if (!config && !name.empty()) fail(ErrorKind::usage, "no git-dvx remote named '{}'", name);
  std::optional<transfer::OpenRemote> opened;
  if (config) opened = transfer::open_transfer_remote(*config);
  transfer::TransferOptions topts;
  bool quiet = parsed.vars.count("quiet") > 0;
  topts.progress = !quiet && transfer::progress_enabled();
  if (opened) topts.jobs = opened->jobs;

  // The files, and HEAD's objects (so that a later checkout has them too).
  std::vector<transfer::Item> head_items;
  if (opened && ctx.repo.has_head()) head_items = transfer::pointers_in_revs(ctx.repo, {"HEAD"}, positional);
  auto result = transfer::fetch_and_materialize(
      ctx.repo, ctx.store, opened ? opened->remote.get() : nullptr,
      transfer::pointer_files_in_worktree(ctx.repo, positional, transfer::MissingFiles::all), topts,
      head_items);

  print_summary(
      transfer::download_summary(result.download, result.written.size(), opened ? opened->config.name : ""),
      quiet);
  const auto& failures = result.failures;
  // Print each failing object once.
  std::set<std::string> shown;
  for (const auto& f : failures)
    if (shown.insert(f.item.pointer.oid).second) print_error(f.message);
  std::size_t left = result.pointer_files - result.written.size();
  if (parsed.vars.count("json")) {
    auto j = transfer_json(result.download, opened ? opened->config.name : "", "downloaded");
    auto written = result.written;
    std::sort(written.begin(), written.end());
    j["written"] = written;
    j["written_count"] = written.size();
    j["pointer_files_left"] = left;
    j["failed"] = failures_json(failures);  // downloads and files that could not be written
    print_json(j);
  }
  if (!failures.empty() || left > 0)
    fail(ErrorKind::permanent, "{} file{} still hold{} pointer text ({})", left, left == 1 ? "" : "s",
         left == 1 ? "s" : "",
         opened ? "the data could not be fetched"
                : "their objects are not in the local cache and " + transfer::no_remote_hint());
  return 0;
}

DVX_COMMAND("pull", "fetch data objects and write them into the working tree", run_pull);

}  // namespace
}  // namespace dvx::cli
