// git dvx params diff [REV1 [REV2]] [--all] [--json]: param values used by
// the stages of dvx.toml, compared between revisions (default HEAD against
// the worktree).
#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/pipeline_table.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/pipeline/metrics.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

int run_params(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("args", po::value<std::vector<std::string>>()->composing(), "diff [REV1 [REV2]]")(
      "all", "show unchanged params too")("json", "JSON output");
  po::positional_options_description pos;
  pos.add("args", -1);
  auto parsed = parse_args(args, "params diff [REV1 [REV2]] [--all] [--json]", opts, pos);
  if (parsed.help) return 0;
  std::vector<std::string> rest;
  if (parsed.vars.count("args")) rest = parsed.vars["args"].as<std::vector<std::string>>();
  if (rest.empty() || rest[0] != "diff" || rest.size() > 3)
    fail(ErrorKind::usage, "usage: git dvx params diff [REV1 [REV2]] [--all] [--json]");
  auto repo = git::Repo::discover();
  std::string rev1 = rest.size() > 1 ? rest[1] : (repo.has_head() ? "HEAD" : "");
  std::string rev2 = rest.size() > 2 ? rest[2] : "";
  pipeline::Snapshot a;
  if (!rev1.empty()) {
    repo.resolve_commit(rev1);
    a = pipeline::params_at(repo, rev1);
  }
  if (!rev2.empty()) repo.resolve_commit(rev2);
  auto b = pipeline::params_at(repo, rev2);
  print_errors(a, rev1.empty() ? "workspace" : rev1);
  print_errors(b, rev2.empty() ? "workspace" : rev2);
  print_diff(pipeline::diff_tables(a.values, b.values, parsed.vars.count("all") > 0), "Param",
             parsed.vars.count("json") > 0);
  return 0;
}

DVX_COMMAND("params", "compare the params of dvx.toml stages between revisions (params diff)", run_params);

}  // namespace
}  // namespace dvx::cli
