// git dvx metrics show [--all-commits] [--json]
// git dvx metrics diff [REV1 [REV2]] [--all] [--json]
#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/pipeline_table.hpp"
#include "dvx/git/history.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/pipeline/metrics.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

nlohmann::json table_json(const pipeline::ValueTable& t) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [file, keys] : t)
    for (const auto& [k, v] : keys) j[file][k] = v;
  return j;
}

void add_rows(std::vector<std::vector<std::string>>& rows, const std::string& rev,
              const pipeline::ValueTable& t) {
  for (const auto& [file, keys] : t)
    for (const auto& [k, v] : keys) rows.push_back({rev, file, k, pipeline::value_text(v)});
}

int show(const git::Repo& repo, bool all_commits, bool json) {
  std::vector<std::pair<std::string, std::string>> revs{{"workspace", ""}};
  if (all_commits && repo.has_head())
    for (const auto& c : git::walk_commits(repo, "HEAD")) revs.push_back({c.substr(0, 7), c});
  nlohmann::json out = nlohmann::json::object();
  std::vector<std::vector<std::string>> rows{{"Revision", "Path", "Metric", "Value"}};
  for (const auto& [label, rev] : revs) {
    auto snap = pipeline::metrics_at(repo, rev);
    print_errors(snap, label);
    if (json) {
      out[all_commits ? label : "workspace"] = table_json(snap.values);
    } else {
      add_rows(rows, label, snap.values);
    }
  }
  if (json) {
    print_json(all_commits ? out : out["workspace"]);
  } else if (rows.size() > 1) {
    if (!all_commits)
      for (auto& r : rows) r.erase(r.begin());
    print_columns(rows);
  }
  return 0;
}

int run_metrics(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("args", po::value<std::vector<std::string>>()->composing(), "show | diff [REV1 [REV2]]")(
      "all-commits", "show: every commit reachable from HEAD too")("all", "diff: show unchanged metrics too")(
      "json", "JSON output");
  po::positional_options_description pos;
  pos.add("args", -1);
  const char* usage = "metrics show [--all-commits] [--json] | metrics diff [REV1 [REV2]] [--all] [--json]";
  auto parsed = parse_args(args, usage, opts, pos);
  if (parsed.help) return 0;
  std::vector<std::string> rest;
  if (parsed.vars.count("args")) rest = parsed.vars["args"].as<std::vector<std::string>>();
  bool json = parsed.vars.count("json") > 0;
  auto repo = git::Repo::discover();
  if (rest.size() == 1 && rest[0] == "show") return show(repo, parsed.vars.count("all-commits") > 0, json);
  if (rest.empty() || rest[0] != "diff" || rest.size() > 3)
    fail(ErrorKind::usage, "usage: git dvx {}", usage);
  std::string rev1 = rest.size() > 1 ? rest[1] : (repo.has_head() ? "HEAD" : "");
  std::string rev2 = rest.size() > 2 ? rest[2] : "";
  pipeline::Snapshot a;
  if (!rev1.empty()) {
    repo.resolve_commit(rev1);
    a = pipeline::metrics_at(repo, rev1);
  }
  if (!rev2.empty()) repo.resolve_commit(rev2);
  auto b = pipeline::metrics_at(repo, rev2);
  print_errors(a, rev1.empty() ? "workspace" : rev1);
  print_errors(b, rev2.empty() ? "workspace" : rev2);
  print_diff(pipeline::diff_tables(a.values, b.values, parsed.vars.count("all") > 0), "Metric", json);
  return 0;
}

DVX_COMMAND("metrics", "show metrics of dvx.toml stages, or compare them between revisions", run_metrics);

}  // namespace
}  // namespace dvx::cli
