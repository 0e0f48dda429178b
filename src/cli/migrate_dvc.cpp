// `git dvx migrate dvc`: a DVC project becomes a git-dvx one in one commit
// (docs/coming-from-dvc.md). Order matters for re-runs: the data is put in
// place and checked first, and the DVC files are removed last, so a run
// that stops half-way is finished by running it again.
#include "cli/migrate_dvc.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cli/migrate_common.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/core/attributes.hpp"
#include "dvx/dvc/dvc_objects.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/migrate/dvc_pipeline.hpp"
#include "dvx/migrate/dvc_project.hpp"
#include "dvx/pipeline/hashing.hpp"
#include "dvx/pipeline/pipeline_file.hpp"
#include "dvx/pipeline/record.hpp"
#include "dvx/pipeline/workspace.hpp"
#include "dvx/remote/remote_config.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::cli {
namespace {

namespace fs = std::filesystem;

// filter=dvx patterns for the outputs (PATH, or PATH/** for a folder, as
// repro writes them), unless a pattern covers them already.
std::vector<std::string> track_outputs(const git::Repo& repo,
                                       const std::vector<migrate::DataOutput>& outputs) {
  std::vector<std::string> patterns;
  for (const auto& o : outputs) {
    std::string probe = o.out.is_dir() ? o.path + "/x" : o.path;
    if (repo.attribute(probe, "filter") == std::optional<std::string>("dvx")) continue;
    patterns.push_back(o.out.is_dir() ? o.path + "/**" : o.path);
  }
  if (patterns.empty()) return {};
  return core::track_patterns(repo.workdir() / ".gitattributes", patterns);
}

// .dvc/config remotes into .dvxconfig (those not there yet). Returns lines for the summary.
std::vector<std::string> convert_remotes(const fs::path& root, const dvc::DvcConfig& config, bool dry_run,
                                         std::vector<std::string>& skipped) {
  std::vector<std::string> lines;
  auto existing = remote::load_remotes(root);
  for (const auto& r : config.remotes) {
    auto rc = dvc::to_remote_config(r, &skipped);
    bool is_default = r.name == config.default_remote || config.remotes.size() == 1;
    if (existing.find(rc.name)) {
      lines.push_back(fmt::format("remote '{}': already in .dvxconfig, kept", rc.name));
      continue;
    }
    lines.push_back(
        fmt::format("remote '{}' -> .dvxconfig: {}{}", rc.name, rc.url, is_default ? " (default)" : ""));
    if (dry_run) continue;
    remote::add_remote(root, remote::ConfigScope::project, rc.name, rc.url, is_default);
    for (const auto& [key, value] : rc.options)
      remote::modify_remote(root, remote::ConfigScope::project, rc.name, key, value);
  }
  return lines;
}

// Records in dvx.lock the stages DVC had up to date. Returns the names recorded.
std::vector<std::string> record_up_to_date(RepoContext& ctx, const std::vector<std::string>& stages,
                                           std::vector<std::string>& warnings) {
  std::vector<std::string> recorded;
  try {
    pipeline::Workspace ws(ctx.repo.workdir());
    pipeline::StatCache cache(pipeline::stat_cache_path(ctx.repo));
    pipeline::Hasher hasher(ws.root(), cache);
    for (std::size_t i = 0; i < ws.pipeline().stages.size(); ++i) {
      const auto& name = ws.stage(i).name;
      if (std::find(stages.begin(), stages.end(), name) == stages.end()) continue;
      pipeline::record_stage(ws, i, hasher, ctx.store);
      recorded.push_back(name);
    }
    cache.flush();
  } catch (const Error& e) {
    warnings.push_back(
        fmt::format("dvx.lock: not written ({}); `git dvx repro` will run the stages", e.what()));
  }
  return recorded;
}

void print_list(const std::string& title, const std::vector<std::string>& items) {
  if (items.empty()) return;
  fmt::print("{}:\n", title);
  for (const auto& i : items) fmt::print("  {}\n", i);
}

void exclude_dvc_folder(const git::Repo& repo) {
  fs::path exclude = repo.common_dir() / "info" / "exclude";
  auto text = util::read_file_if_exists(exclude).value_or("");
  if (text.find("\n/.dvc/\n") != std::string::npos || text.starts_with("/.dvc/\n")) return;
  if (!text.empty() && text.back() != '\n') text += "\n";
  fs::create_directories(exclude.parent_path());
  util::write_file_atomic(exclude,
                          text + "# DVC's cache, kept by `git dvx migrate dvc` for older commits\n/.dvc/\n");
}

}  // namespace

int run_migrate_dvc(const std::vector<std::string>& args) {
  auto options = migrate_options();
  options.add_options()("force", "replace an existing dvx.toml");
  auto parsed = parse_args(args, "migrate dvc [--dry-run] [--no-commit] [--no-push] [--force]", options);
  if (parsed.help) return 0;
  bool dry_run = parsed.vars.count("dry-run") > 0;
  auto ctx = open_repo_context();
  auto root = ctx.repo.workdir();
  if (!dry_run)
    if (auto line = ensure_dvx_filter(ctx.repo); !line.empty()) fmt::print("{}\n", line);

  std::optional<migrate::ConvertedPipeline> pipe;
  auto dvc_yaml = util::read_file_if_exists(root / "dvc.yaml");
  if (dvc_yaml) pipe = migrate::convert_dvc_yaml(*dvc_yaml, "dvc.yaml");
  auto project =
      migrate::scan_dvc_project(ctx.repo, pipe ? pipe->wdir : std::map<std::string, std::string>{});
  std::error_code ec;
  bool has_dvc_dir_in_git = false;
  for (const auto& e : ctx.repo.list_index())
    has_dvc_dir_in_git = has_dvc_dir_in_git || e.path.starts_with(".dvc/");
  if (project.dvc_files.empty() && !pipe && !has_dvc_dir_in_git && !fs::exists(root / "dvc.lock", ec)) {
    fmt::print("nothing to migrate: no .dvc files, dvc.yaml or .dvc/ in git (already migrated?)\n");
    return 0;
  }
  if (pipe && fs::exists(root / pipeline::kPipelineFile, ec) && !parsed.vars.count("force")) {
    auto current = util::read_file(root / pipeline::kPipelineFile);
    if (current != pipe->toml)
      fail(ErrorKind::usage, "{} exists and is not the conversion of dvc.yaml: move it away or use --force",
           pipeline::kPipelineFile);
  }

  dvc::ObjectSource objects(root, git::state_dir(ctx.repo) / "tmp" / "migrate-dvc");
  std::vector<std::string> warnings, skipped;
  auto remotes = convert_remotes(root, objects.config(), true, skipped);

  if (dry_run) {
    fmt::print("plan (nothing changed):\n");
    for (const auto& o : project.outputs)
      fmt::print("  track {}{} (from {}){}\n", o.path, o.out.is_dir() ? "/" : "", o.origin,
                 fs::exists(root / o.path, ec) ? "" : ": not in the workspace, from DVC's cache or remote");
    for (const auto& f : project.dvc_files) fmt::print("  remove {}\n", f);
    for (const auto& [file, line] : migrate::remove_gitignore_entries(root, project.outputs, true))
      fmt::print("  remove '{}' from {}\n", line, file);
    if (pipe)
      fmt::print("  dvc.yaml -> dvx.toml: {} stage{}\n", pipe->stages.size(),
                 pipe->stages.size() == 1 ? "" : "s");
    for (const auto& r : remotes) fmt::print("  {}\n", r);
    print_list("not converted", project.unsupported);
    if (pipe) print_list("not converted", pipe->unsupported);
    print_list("remote options not converted", skipped);
    return 0;
  }

  // 1. The bytes of every output in the workspace, verified, before git changes.
  std::map<std::string, std::size_t> sources;
  for (const auto& o : project.outputs) ++sources[migrate::fill_output(root, o, objects, warnings)];
  // 2. Which stages DVC had up to date (before any file changes).
  migrate::LockCheck lock;
  if (auto text = util::read_file_if_exists(root / "dvc.lock"))
    lock = migrate::check_dvc_lock(root, *text, "dvc.lock",
                                   pipe ? pipe->wdir : std::map<std::string, std::string>{}, objects);
  // 3. git-dvx files.
  auto patterns = track_outputs(ctx.repo, project.outputs);
  auto ignored = migrate::remove_gitignore_entries(root, project.outputs, false);
  if (pipe) util::write_file_atomic(root / pipeline::kPipelineFile, pipe->toml);
  remotes = convert_remotes(root, objects.config(), false, skipped);
  // 4. Out with DVC's files (the .dvc folder stays on disk, ignored: older commits' data is in its cache).
  std::vector<std::string> dvc_paths = project.dvc_files;
  for (const char* f : {"dvc.yaml", "dvc.lock", ".dvc", ".dvcignore"}) dvc_paths.push_back(f);
  git::remove_from_index(root, dvc_paths);
  for (const auto& f : project.dvc_files) fs::remove(root / f);
  fs::remove(root / "dvc.yaml");
  fs::remove(root / "dvc.lock");
  fs::remove(root / ".dvcignore");
  exclude_dvc_folder(ctx.repo);
  // 5. Stage everything: the data goes through the dvx filter.
  std::vector<std::string> add = {".gitattributes"};
  for (const auto& [file, line] : ignored)
    if (fs::exists(root / file, ec)) add.push_back(file);
  if (pipe) add.push_back(std::string(pipeline::kPipelineFile));
  if (fs::exists(root / remote::kDvxConfigFile, ec)) add.push_back(remote::kDvxConfigFile);
  for (const auto& o : project.outputs) add.push_back(o.path);
  git::add_paths(root, add, true);
  // Deleted .gitignore files.
  std::vector<std::string> gone;
  for (const auto& [file, line] : ignored)
    if (!fs::exists(root / file, ec)) gone.push_back(file);
  git::remove_from_index(root, gone);
  // 6. dvx.lock for the stages DVC had up to date.
  std::vector<std::string> recorded;
  if (pipe) {
    recorded = record_up_to_date(ctx, lock.up_to_date, warnings);
    if (fs::exists(root / pipeline::kLockFile, ec)) git::add_paths(root, {std::string(pipeline::kLockFile)});
  }
  for (const auto& line : replace_tool_hooks(ctx.repo, false)) fmt::print("{}\n", line);

  // Summary.
  fmt::print("{} .dvc file{} converted, {} output{} tracked by git-dvx", project.dvc_files.size(),
             project.dvc_files.size() == 1 ? "" : "s", project.outputs.size(),
             project.outputs.size() == 1 ? "" : "s");
  std::vector<std::string> from;
  for (const auto& [where, n] : sources) from.push_back(fmt::format("{} from {}", n, where));
  fmt::print("{}{}\n", from.empty() ? "" : ": ", fmt::join(from, ", "));
  if (!patterns.empty()) fmt::print(".gitattributes: filter=dvx for {}\n", quote_list(patterns));
  for (const auto& [file, line] : ignored) fmt::print("{}: removed '{}'\n", file, line);
  if (pipe) {
    fmt::print("dvc.yaml -> dvx.toml: {} stage{}\n", pipe->stages.size(),
               pipe->stages.size() == 1 ? "" : "s");
    fmt::print("dvc.lock -> dvx.lock: {} stage{} up to date{}\n", recorded.size(),
               recorded.size() == 1 ? "" : "s", recorded.empty() ? "" : ": " + quote_list(recorded));
    for (const auto& [stage, why] : lock.changed) fmt::print("  stage '{}' will run again: {}\n", stage, why);
  }
  for (const auto& r : remotes) fmt::print("{}\n", r);
  print_list("not converted (listed, not dropped silently)", project.unsupported);
  if (pipe) {
    print_list("not converted (listed, not dropped silently)", pipe->unsupported);
    print_list("notes", pipe->notes);
  }
  print_list("remote options not converted (credentials stay in the environment or ~/.aws)", skipped);
  for (const auto& w : warnings) print_warning(w);
  fmt::print("{}\n", commit_migration(ctx.repo, "Switch from DVC to git-dvx (git dvx migrate dvc)",
                                      parsed.vars.count("no-commit") > 0));
  if (!parsed.vars.count("no-push")) push_everything(ctx, parsed.vars.count("quiet") > 0);
  return 0;
}

}  // namespace dvx::cli
