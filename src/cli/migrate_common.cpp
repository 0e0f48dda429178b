#include "cli/migrate_common.hpp"

#include <fmt/format.h>

#include "cli/filter_driver.hpp"
#include "cli/hook_script.hpp"
#include "cli/options.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/hooks/hook_install.hpp"
#include "dvx/migrate/lfs.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/transfer/summary.hpp"
#include "dvx/util/file.hpp"

namespace dvx::cli {

boost::program_options::options_description migrate_options() {
  boost::program_options::options_description options("options");
  options.add_options()("dry-run,n", "print the plan, change nothing")(
      "no-commit", "stage the result, do not commit it")("no-push", "do not upload to the git-dvx store")(
      "quiet,q", "no upload summary");
  return options;
}

std::string ensure_dvx_filter(const git::Repo& repo) {
  if (repo.config_string("filter.dvx.process")) return "";
  set_filter_driver(git::ConfigScope::local, "dvx");
  return "filter \"dvx\" configured in .git/config (git dvx install --global does it for every repository)";
}

std::vector<std::string> replace_tool_hooks(const git::Repo& repo, bool dry_run) {
  std::vector<std::string> done;
  auto dir = repo.hooks_dir();
  // git-lfs also writes post-commit (lock files), DVC pre-commit; git-dvx has neither.
  for (const char* name : {"pre-push", "post-checkout", "post-merge", "post-commit", "pre-commit"}) {
    auto text = util::read_file_if_exists(dir / name);
    std::string tool = text ? migrate::hook_tool(*text) : "";
    if (tool.empty()) continue;
    done.push_back(fmt::format("{}'s {} hook removed", tool, name));
    if (!dry_run) std::filesystem::remove(dir / name);
  }
  if (dry_run) return done;
  auto installed = hooks::install_hooks(dir, kHookScript, hooks::ExistingHook::chain);
  if (!installed.empty())
    done.push_back(fmt::format("git-dvx hooks installed: {}", fmt::join(installed, ", ")));
  return done;
}

std::string commit_migration(const git::Repo& repo, const std::string& message, bool no_commit) {
  auto root = repo.workdir();
  if (!git::has_staged_changes(root)) return "nothing to commit (already migrated)";
  if (no_commit) return "changes staged, not committed (--no-commit)";
  git::commit(root, message);
  return fmt::format("committed: \"{}\" ({})", message, repo.resolve_commit("HEAD").substr(0, 12));
}

bool push_everything(RepoContext& ctx, bool quiet) {
  auto config = transfer::find_remote(ctx.repo);
  if (!config) {
    fmt::print(
        "no git-dvx store yet: objects stay in the local cache. Add one, then upload:\n"
        "  git dvx remote add --default NAME URL && git dvx push --all\n");
    return false;
  }
  auto items = transfer::pointers_in_rev_list(ctx.repo, {"--all", "--reflog", "--indexed-objects"});
  auto opened = transfer::open_transfer_remote(*config);
  auto result = transfer::upload_missing(*opened.remote, ctx.store, items,
                                         {opened.jobs, !quiet && transfer::progress_enabled()});
  print_summary(transfer::upload_summary(result, opened.config.name), quiet);
  return true;
}

}  // namespace dvx::cli
