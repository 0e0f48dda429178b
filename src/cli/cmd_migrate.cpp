// `git dvx migrate lfs|dvc`: one command to move a git-lfs or DVC project to
// git-dvx (docs/coming-from-git-lfs.md, docs/coming-from-dvc.md).
#include <fmt/format.h>

#include <algorithm>

#include "cli/command.hpp"
#include "cli/migrate_common.hpp"
#include "cli/migrate_dvc.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/migrate/lfs.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {
namespace {

// The .gitattributes files of the worktree: those git tracks, and the root one.
std::vector<std::string> attribute_files(const git::Repo& repo) {
  std::vector<std::string> files;
  for (const auto& entry : repo.list_index())
    if (entry.path == ".gitattributes" || entry.path.ends_with("/.gitattributes"))
      files.push_back(entry.path);
  if (std::find(files.begin(), files.end(), ".gitattributes") == files.end() &&
      std::filesystem::exists(repo.workdir() / ".gitattributes"))
    files.insert(files.begin(), ".gitattributes");
  return files;
}

int run_migrate_lfs(const std::vector<std::string>& args) {
  auto options = migrate_options();
  auto parsed = parse_args(args, "migrate lfs [--dry-run] [--no-commit] [--no-push]", options);
  if (parsed.help) return 0;
  bool dry_run = parsed.vars.count("dry-run") > 0;
  auto ctx = open_repo_context();
  auto root = ctx.repo.workdir();
  if (!dry_run)
    if (auto line = ensure_dvx_filter(ctx.repo); !line.empty()) fmt::print("{}\n", line);
  const char* verb = dry_run ? "would switch" : "switched";

  std::vector<std::string> changed;
  for (const auto& file : attribute_files(ctx.repo)) {
    auto text = util::read_file_if_exists(root / file);
    if (!text) continue;
    auto edit = migrate::switch_lfs_attributes(*text);
    if (edit.patterns.empty()) continue;
    fmt::print("{}: {} filter=lfs -> filter=dvx: {}\n", file, verb, quote_list(edit.patterns));
    if (!dry_run) util::write_file_atomic(root / file, edit.text);
    changed.push_back(file);
  }

  // git-lfs keeps objects in <common-dir>/lfs/objects unless lfs.storage moves them.
  auto storage = ctx.repo.config_string("lfs.storage");
  std::filesystem::path lfs_dir = storage ? std::filesystem::path(*storage) : ctx.repo.common_dir() / "lfs";
  if (lfs_dir.is_relative()) lfs_dir = ctx.repo.common_dir() / lfs_dir;
  if (dry_run) {
    std::size_t n = 0;
    std::error_code ec;
    if (std::filesystem::is_directory(lfs_dir / "objects", ec))
      for (const auto& e : std::filesystem::recursive_directory_iterator(lfs_dir / "objects"))
        n += e.is_regular_file() && e.path().filename().string().size() == 64 ? 1 : 0;
    fmt::print("would adopt {} object{} from {} into the git-dvx cache\n", n, n == 1 ? "" : "s",
               (lfs_dir / "objects").string());
    for (const auto& line : replace_tool_hooks(ctx.repo, true)) fmt::print("would have: {}\n", line);
    return 0;
  }
  auto adopted = migrate::adopt_lfs_objects(lfs_dir / "objects", ctx.store);
  fmt::print("objects: {} adopted into the cache ({}, {} hard-linked), {} already there\n", adopted.adopted,
             util::human_size(adopted.bytes), adopted.linked, adopted.present);
  for (const auto& line : replace_tool_hooks(ctx.repo, false)) fmt::print("{}\n", line);

  git::add_paths(root, changed);
  fmt::print("{}\n", commit_migration(ctx.repo, "Switch from git-lfs to git-dvx (git dvx migrate lfs)",
                                      parsed.vars.count("no-commit") > 0));
  if (!parsed.vars.count("no-push")) push_everything(ctx, parsed.vars.count("quiet") > 0);
  fmt::print(
      "commits from before the switch say filter=lfs: `git dvx install --lfs` lets git-dvx "
      "check them out without git-lfs\n");
  if (!adopted.corrupt.empty())
    fail(ErrorKind::corrupt, "{} git-lfs object{} did not match {} name and stayed out of the cache: {}",
         adopted.corrupt.size(), adopted.corrupt.size() == 1 ? "" : "s",
         adopted.corrupt.size() == 1 ? "its" : "their", quote_list(adopted.corrupt));
  return 0;
}

int run_migrate(const std::vector<std::string>& args) {
  const std::string usage =
      "migrate lfs|dvc [OPTIONS]   (git dvx migrate lfs --help, git dvx migrate dvc --help)";
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    fmt::print("usage: git dvx {}\n", usage);
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "lfs") return run_migrate_lfs(rest);
  if (args[0] == "dvc") return run_migrate_dvc(rest);
  fail(ErrorKind::usage, "unknown migration '{}': expected lfs or dvc", args[0]);
}

DVX_COMMAND("migrate", "move a git-lfs (migrate lfs) or DVC (migrate dvc) project to git-dvx", run_migrate);

}  // namespace
}  // namespace dvx::cli
