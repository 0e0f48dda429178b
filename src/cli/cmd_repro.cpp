// git dvx repro [STAGE...] [-f] [--dry-run] [-j N] [--downstream] [-S key=value] [--no-run-cache] [--no-wait]
//               [--json]
#include <iostream>
#include <optional>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/pipeline/repro.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

nlohmann::json repro_json(const pipeline::ReproSummary& s, bool dry_run, const std::string& error) {
  auto stages = nlohmann::json::array();
  for (const auto& st : s.stages)
    stages.push_back({{"name", st.name},
                      {"outcome", st.outcome},
                      {"detail", st.detail.empty() ? nlohmann::json(nullptr) : nlohmann::json(st.detail)}});
  return {{"dry_run", dry_run},
          {"stages", std::move(stages)},
          {"ran", s.ran},
          {"restored", s.restored},
          {"up_to_date", s.up_to_date},
          {"failed", s.failed},
          {"not_run", s.not_run},
          {"error", error.empty() ? nlohmann::json(nullptr) : nlohmann::json(error)}};
}

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
      "no-wait", "fail at once when another repro runs in this repository instead of waiting for it")(
      "json", "print each stage's outcome as JSON on stdout (progress lines go to stderr)");
  po::positional_options_description pos;
  pos.add("stages", -1);
  auto parsed = parse_args(
      args, "repro [STAGE...] [-f] [--dry-run] [-j N] [--downstream] [-S key=value] [--no-wait] [--json]",
      opts, pos);
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
  if (!parsed.vars.count("json")) {
    pipeline::ReproSummary summary;
    pipeline::repro(repo, o, std::cout, std::cerr, summary);
    return 0;
  }
  // A failed stage still prints the document (with "error"), then fails
  // as without --json.
  pipeline::ReproSummary summary;
  std::optional<Error> error;
  try {
    pipeline::repro(repo, o, std::cerr, std::cerr, summary);
  } catch (const Error& e) {
    if (summary.stages.empty()) throw;  // nothing ran: a usage error, an invalid dvx.toml
    error = e;
  }
  print_json(repro_json(summary, o.dry_run, error ? error->what() : ""));
  if (error) throw *error;
  return 0;
}

DVX_COMMAND("repro", "run the stale stages of dvx.toml and record them in dvx.lock", run_repro);

}  // namespace
}  // namespace dvx::cli
