// git dvx exp run [-S KEY=VALUE]... [--name NAME] [--queue] [-j N] | run --run-all [-j N]
// git dvx exp show ... (cmd_exp_show.cpp) | exp diff A [B]
// git dvx exp apply NAME [--force] | branch NAME BRANCH | remove NAME... | queue
// git dvx exp push REMOTE [NAME...] | pull REMOTE
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "cli/command.hpp"
#include "cli/exp_show.hpp"
#include "cli/options.hpp"
#include "dvx/exp/experiments.hpp"
#include "dvx/exp/run.hpp"
#include "dvx/exp/share.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/human_size.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::cli {
namespace {

constexpr const char* kUsage =
    "exp run [-S [file:]key=value]... [--name NAME] [--queue] [-j N] [--no-run-cache]\n"
    "       git dvx exp run --run-all [-j N]\n"
    "       git dvx exp show [-n N] [--all-branches] [--all-tags] [--exps-only] [--params GLOB]... "
    "[--metrics GLOB]... [--sort-by NAME [--sort-order asc|desc]] [--json|--csv|--md] [--to-mlflow DIR]\n"
    "       git dvx exp diff A [B]\n"
    "       git dvx exp apply NAME [--force]\n"
    "       git dvx exp branch NAME BRANCH\n"
    "       git dvx exp remove NAME...\n"
    "       git dvx exp queue\n"
    "       git dvx exp push REMOTE [NAME...]\n"
    "       git dvx exp pull REMOTE";

std::string seed_of(const exp::Variant& v) {
  auto ns = std::chrono::steady_clock::now().time_since_epoch().count();
  return fmt::format("{}\n{}\n{}", v.baseline, util::join(v.set_params, "\n"), ns);
}

int report(const std::vector<exp::RunResult>& results) {
  std::vector<std::string> failed;
  for (const auto& r : results)
    if (!r.succeeded) failed.push_back(r.name);
  if (failed.empty()) return 0;
  fail(ErrorKind::permanent,
       "{} of {} experiment{} failed: {} (their logs: git log -1 refs/dvx/exps-failed/NAME)", failed.size(),
       results.size(), results.size() == 1 ? "" : "s", util::join(failed, ", "));
}

int exp_run(const std::vector<std::string>& args) {
  po::options_description opts("options");
  unsigned jobs = 1;
  opts.add_options()("set-param,S", po::value<std::vector<std::string>>()->composing(),
                     "[file:]key=value: the variant's param values (as repro -S)")(
      "name", po::value<std::string>(), "the experiment's name (default: an adjective-noun name)")(
      "queue", "add the variant to the queue instead of running it")(
      "run-all", "run every queued variant, -j N at a time")(
      "jobs,j", po::value<unsigned>(&jobs)->default_value(1),
      "with --run-all: variants run at once; else: repro's -j inside the variant")(
      "no-run-cache", "always execute the stages; never restore outputs from the run cache");
  auto parsed = parse_args(args, kUsage, opts);
  if (parsed.help) return 0;
  auto repo = git::Repo::discover();
  exp::RunOptions ro;
  ro.run_cache = parsed.vars.count("no-run-cache") == 0;
  jobs = std::max(1u, jobs);
  if (parsed.vars.count("run-all")) {
    if (parsed.vars.count("set-param") || parsed.vars.count("name") || parsed.vars.count("queue"))
      fail(ErrorKind::usage, "--run-all runs the queued variants: it takes no -S, --name or --queue");
    auto variants = exp::queued(repo);
    if (variants.empty()) {
      std::cout << "no queued experiments\n";
      return 0;
    }
    exp::check_can_run(repo);
    ro.parallel = jobs;
    auto results = exp::run_variants(repo, variants, ro, std::cout);
    for (const auto& v : variants) exp::unqueue(repo, v.name);
    return report(results);
  }
  if (!repo.has_head()) fail(ErrorKind::usage, "no commit yet: an experiment runs from a baseline commit");
  exp::Variant v{"", repo.resolve_commit("HEAD"), string_values(parsed, "set-param"), ""};
  for (const auto& s : v.set_params)
    if (s.find('=') == std::string::npos || s.front() == '=')
      fail(ErrorKind::usage, "-S expects [file:]key=value, got '{}'", s);
  std::vector<std::string> taken;
  for (const auto& q : exp::queued(repo)) taken.push_back(q.name);
  if (parsed.vars.count("name")) {
    v.name = parsed.vars["name"].as<std::string>();
    exp::check_name(v.name);
    if (exp::find_experiment(repo, v.name))
      fail(ErrorKind::usage, "an experiment named '{}' exists already (git dvx exp remove {} first)", v.name,
           v.name);
    if (std::find(taken.begin(), taken.end(), v.name) != taken.end())
      fail(ErrorKind::usage, "a variant named '{}' is queued already", v.name);
  } else {
    v.name = exp::auto_name(repo, seed_of(v), taken);
  }
  exp::check_can_run(repo);
  v.start = exp::workspace_start(repo, v.baseline);
  if (parsed.vars.count("queue")) {
    exp::enqueue(repo, v);
    std::cout << fmt::format("queued experiment '{}' (baseline {}{}){}\n", v.name, v.baseline.substr(0, 7),
                             v.start != v.baseline ? " with the uncommitted changes" : "",
                             v.set_params.empty() ? "" : ": " + util::join(v.set_params, " "));
    return 0;
  }
  ro.repro_jobs = jobs;
  return report(exp::run_variants(repo, {v}, ro, std::cout));
}

int exp_queue(const std::vector<std::string>& args) {
  po::options_description opts("options");
  if (parse_args(args, "exp queue", opts).help) return 0;
  auto repo = git::Repo::discover();
  for (const auto& v : exp::queued(repo))
    std::cout << fmt::format("{}  {}  {}\n", v.name, v.baseline.substr(0, 7), util::join(v.set_params, " "));
  return 0;
}

std::vector<std::string> positionals(const std::vector<std::string>& args, const std::string& usage,
                                     po::options_description opts, std::size_t min, std::size_t max,
                                     ParsedArgs* out = nullptr) {
  opts.add_options()("args", po::value<std::vector<std::string>>()->composing(), "arguments");
  po::positional_options_description pos;
  pos.add("args", -1);
  auto parsed = parse_args(args, usage, opts, pos);
  if (parsed.help) return {"--help"};
  auto rest = string_values(parsed, "args");
  if (rest.size() < min || rest.size() > max) fail(ErrorKind::usage, "usage: git dvx {}", usage);
  if (out) *out = std::move(parsed);
  return rest;
}

bool is_help(const std::vector<std::string>& rest) {
  return rest.size() == 1 && rest[0] == "--help";
}

int exp_apply(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("force,f", "overwrite local changes to the files the experiment changed");
  ParsedArgs parsed;
  auto rest = positionals(args, "exp apply NAME [--force]", opts, 1, 1, &parsed);
  if (is_help(rest)) return 0;
  auto repo = git::Repo::discover();
  auto e = exp::require_experiment(repo, rest[0]);
  auto r = exp::apply_experiment(repo, e, parsed.vars.count("force") > 0);
  std::cout << fmt::format("applied experiment '{}'{}: {} file{} written{}\n", e.name,
                           e.failed ? " (failed)" : "", r.written.size(), r.written.size() == 1 ? "" : "s",
                           r.removed.empty() ? "" : fmt::format(", {} removed", r.removed.size()));
  for (const auto& p : r.written) std::cout << "  " << p << "\n";
  return 0;
}

int exp_branch(const std::vector<std::string>& args) {
  auto rest = positionals(args, "exp branch NAME BRANCH", po::options_description("options"), 2, 2);
  if (is_help(rest)) return 0;
  auto repo = git::Repo::discover();
  auto e = exp::require_experiment(repo, rest[0]);
  exp::branch_experiment(repo, e, rest[1]);
  std::cout << fmt::format("branch '{}' created at experiment '{}' ({})\n", rest[1], e.name,
                           e.commit.substr(0, 7));
  return 0;
}

int exp_remove(const std::vector<std::string>& args) {
  auto rest = positionals(args, "exp remove NAME...", po::options_description("options"), 1, 100000);
  if (is_help(rest)) return 0;
  auto repo = git::Repo::discover();
  std::vector<std::string> missing;
  for (const auto& n : rest) {
    if (exp::remove_experiment(repo, n))
      std::cout << fmt::format("removed experiment '{}'\n", n);
    else
      missing.push_back(n);
  }
  if (!missing.empty()) fail(ErrorKind::not_found, "no experiment {}", quote_list(missing));
  return 0;
}

int exp_push(const std::vector<std::string>& args) {
  auto rest = positionals(args, "exp push REMOTE [NAME...]", po::options_description("options"), 1, 100000);
  if (is_help(rest)) return 0;
  auto repo = git::Repo::discover();
  auto r = exp::push_experiments(repo, rest[0], {rest.begin() + 1, rest.end()});
  std::cout << fmt::format("pushed {} experiment ref{} to '{}'", r.refs.size(), r.refs.size() == 1 ? "" : "s",
                           rest[0]);
  if (!r.store.empty())
    std::cout << fmt::format("; data: {} object{} ({}) uploaded to store '{}', {} already there", r.uploaded,
                             r.uploaded == 1 ? "" : "s", util::human_size(r.uploaded_bytes), r.store,
                             r.present);
  std::cout << "\n";
  return 0;
}

int exp_pull(const std::vector<std::string>& args) {
  auto rest = positionals(args, "exp pull REMOTE", po::options_description("options"), 1, 1);
  if (is_help(rest)) return 0;
  auto repo = git::Repo::discover();
  auto exps = exp::pull_experiments(repo, rest[0]);
  std::cout << fmt::format("{} experiment{} after fetching from '{}' (data comes with exp apply)\n",
                           exps.size(), exps.size() == 1 ? "" : "s", rest[0]);
  return 0;
}

int run_exp(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << "usage: git dvx " << kUsage << "\n";
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string& verb = args[0];
  if (verb == "run") return exp_run(rest);
  if (verb == "show") return run_exp_show(rest);
  if (verb == "diff") return run_exp_diff(rest);
  if (verb == "apply") return exp_apply(rest);
  if (verb == "branch") return exp_branch(rest);
  if (verb == "remove" || verb == "rm") return exp_remove(rest);
  if (verb == "queue") return exp_queue(rest);
  if (verb == "push") return exp_push(rest);
  if (verb == "pull") return exp_pull(rest);
  fail(ErrorKind::usage, "unknown exp command '{}' (usage: git dvx {})", verb, kUsage);
}

DVX_COMMAND("exp", "run, compare, apply and share experiments (variants of the pipeline's params)", run_exp);

}  // namespace

std::vector<std::string> string_values(const ParsedArgs& p, const char* name) {
  return p.vars.count(name) ? p.vars[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

}  // namespace dvx::cli
