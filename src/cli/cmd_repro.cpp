// git dvx repro [STAGE...] [-f] [--dry-run] [-j N] [--downstream] [-S key=value] [--no-run-cache] [--no-wait]
#include <iostream>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/pipeline/repro.hpp"

namespace dvx::cli {
namespace {

int run_repro(const std::vector<std::string>& args) {
  po::options_description opts("options");
  unsigned jobs = 1;
  opts.add_options()("stages", po::value<std::vector<std::string>>()->composing(), "stages to reproduce")(
      "force,f", "run the selected stages even when they are up to date")(
      "dry-run", "print what would run and why, run nothing")(
      "jobs,j", po::value<unsigned>(&jobs)->default_value(1), "run up to N independent stages at once")(
      "downstream", "reproduce the given stages and everything downstream of them (not upstream)")(
      "set-param,S", po::value<std::vector<std::string>>()->composing(),
      "[file:]key=value: set a param in its params file (default params.toml) before running")(
      "no-run-cache", "always execute; never restore outputs from the run cache")(
      "no-wait", "fail at once when another repro runs in this repository instead of waiting for it");
  po::positional_options_description pos;
  pos.add("stages", -1);
  auto parsed = parse_args(
      args, "repro [STAGE...] [-f] [--dry-run] [-j N] [--downstream] [-S key=value] [--no-wait]", opts, pos);
  if (parsed.help) return 0;
  pipeline::ReproOptions o;
  if (parsed.vars.count("stages")) o.targets = parsed.vars["stages"].as<std::vector<std::string>>();
  if (parsed.vars.count("set-param")) o.set_params = parsed.vars["set-param"].as<std::vector<std::string>>();
  o.force = parsed.vars.count("force") > 0;
  o.dry_run = parsed.vars.count("dry-run") > 0;
  o.downstream = parsed.vars.count("downstream") > 0;
  o.run_cache = parsed.vars.count("no-run-cache") == 0;
  o.jobs = jobs == 0 ? 1 : jobs;
  o.wait_for_lock = parsed.vars.count("no-wait") == 0;
  auto repo = git::Repo::discover();
  pipeline::repro(repo, o, std::cout, std::cerr);
  return 0;
}

DVX_COMMAND("repro", "run the stale stages of dvx.toml and record them in dvx.lock", run_repro);

}  // namespace
}  // namespace dvx::cli
