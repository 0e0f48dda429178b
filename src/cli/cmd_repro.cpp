// git dvx repro [STAGE...] [-f] [--dry-run] [-j N] [--downstream] [-S key=value] [--no-run-cache] [--no-wait]
//               [--json]
#include <fmt/core.h>

#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/pipeline/repro.hpp"
#include "dvx/quality/validate.hpp"
#include "dvx/quality/validate_render.hpp"
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

// dvx.toml's [checks] applied to a stage's outs (the files under a folder
// out) before dvx.lock records them; the report goes to stderr.
std::function<std::string(const std::vector<std::string>&)> out_checker(const git::Repo& repo) {
  auto checks = std::make_shared<quality::Checks>(quality::worktree_checks(repo));
  if (checks->empty()) return {};
  return [&repo, checks](const std::vector<std::string>& outs) -> std::string {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const auto& out : outs) {
      const fs::path full = repo.workdir() / out;
      std::error_code ec;
      if (!fs::is_directory(full, ec)) {
        files.push_back(out);
        continue;
      }
      for (auto it = fs::recursive_directory_iterator(full, ec); it != fs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_regular_file(ec))
          files.push_back(it->path().lexically_relative(repo.workdir()).generic_string());
    }
    auto report = quality::validate_worktree_files(repo, *checks, files);
    if (report.ok()) return "";
    static std::mutex print;
    std::lock_guard g(print);
    std::cerr << quality::render_text(report);
    std::string failed;
    for (const auto& f : report.files)
      if (!f.ok())
        failed += (failed.empty() ? "" : ", ") +
                  (f.error.empty() ? fmt::format("{} ({} violation{})", f.path, f.violations.size(),
                                                 f.violations.size() == 1 ? "" : "s")
                                   : fmt::format("{} (unreadable)", f.path));
    return failed;
  };
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
  if (!o.dry_run) o.check_outs = out_checker(repo);  // invalid checks stop repro before anything runs
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
