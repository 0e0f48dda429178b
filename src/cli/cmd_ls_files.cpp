// `git dvx ls-files [REV]`: the tracked files of a revision (default HEAD, or
// the index before the first commit): oid prefix, size, present locally.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/filter/worktree_state.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {
namespace {

int run_ls_files(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("rev", po::value<std::string>()->default_value(""), "revision (default HEAD)")(
      "long,l", "show the whole oid")("json", "print JSON");
  po::positional_options_description positional;
  positional.add("rev", 1);
  auto parsed = parse_args(args, "ls-files [--long] [--json] [<rev>]", options, positional);
  if (parsed.help) return 0;
  auto ctx = open_repo_context();
  std::string rev = parsed.vars["rev"].as<std::string>();
  if (rev.empty() && ctx.repo.has_head()) rev = "HEAD";
  if (!rev.empty()) ctx.repo.resolve_commit(rev);  // a clear error for an unknown revision
  auto files = filter::tracked_files(ctx.repo, ctx.store, rev);
  if (parsed.vars.count("json")) {
    auto list = nlohmann::json::array();
    for (const auto& f : files)
      list.push_back(
          {{"path", f.path}, {"oid", f.pointer.oid}, {"size", f.pointer.size}, {"in_cache", f.in_cache}});
    print_json(list);
    return 0;
  }
  bool full = parsed.vars.count("long");
  for (const auto& f : files)
    fmt::print("{}  {:>8}  {}  {}\n", full ? f.pointer.oid : f.pointer.oid.substr(0, 10),
               util::human_size(f.pointer.size), f.in_cache ? '*' : '-', f.path);
  return 0;
}

DVX_COMMAND("ls-files", "list the files git-dvx tracks at a revision (* = content present locally)",
            run_ls_files);

}  // namespace
}  // namespace dvx::cli
