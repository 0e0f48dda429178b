// `git dvx install` / `git dvx uninstall`: the filter configuration (git
// config, at the chosen scope) and the hooks of the current repository.
#include <fmt/core.h>

#include "cli/command.hpp"
#include "cli/filter_driver.hpp"
#include "cli/hook_script.hpp"
#include "cli/options.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/hooks/auto_install.hpp"
#include "dvx/hooks/hook_install.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

struct Scope {
  git::ConfigScope scope;
  std::string where;  // for messages
};

Scope parse_scope(const po::variables_map& vars) {
  int chosen = static_cast<int>(vars.count("local")) + static_cast<int>(vars.count("global")) +
               static_cast<int>(vars.count("system"));
  if (chosen > 1) fail(ErrorKind::usage, "choose one of --local, --global, --system");
  if (vars.count("local")) return {git::ConfigScope::local, ".git/config"};
  if (vars.count("system")) return {git::ConfigScope::system, "the system git config"};
  return {git::ConfigScope::global, "~/.gitconfig"};
}

void set(const Scope& scope, const std::string& key, const std::string& value) {
  git::config_set(scope.scope, {}, key, value);
}

std::optional<std::filesystem::path> hooks_dir_of_current_repo() {
  try {
    auto repo = git::Repo::discover();
    if (repo.is_bare()) return std::nullopt;
    return repo.hooks_dir();
  } catch (const Error&) {
    return std::nullopt;
  }
}

po::options_description scope_options() {
  po::options_description options("options");
  options.add_options()("local", "configure this repository only (.git/config)")(
      "global", "configure the current user (~/.gitconfig; the default)")("system", "configure every user");
  return options;
}

int run_install(const std::vector<std::string>& args) {
  auto options = scope_options();
  options.add_options()("skip-hooks", "install no hooks in the current repository")(
      "skip-repo",
      "install no hooks, here or later: also sets dvx.autoinstallhooks=false, so the filter never "
      "installs hooks into repositories")("chain", "keep existing hooks and run them before git-dvx's")(
      "force", "replace existing hooks")(
      "lfs",
      "also answer for git-lfs's filter (filter.lfs.*): the pointers are the same, so commits from "
      "before `git dvx migrate lfs` check out without git-lfs");
  auto parsed = parse_args(
      args, "install [--local|--global|--system] [--skip-hooks|--skip-repo] [--chain|--force] [--lfs]",
      options);
  if (parsed.help) return 0;
  auto scope = parse_scope(parsed.vars);
  bool skip_repo = parsed.vars.count("skip-repo") > 0;
  bool skip_hooks = skip_repo || parsed.vars.count("skip-hooks") > 0;
  auto hooks_dir = skip_hooks ? std::nullopt : hooks_dir_of_current_repo();
  if (scope.scope == git::ConfigScope::local && !hooks_dir && !skip_hooks)
    fail(ErrorKind::usage, "--local needs a git working tree: run it inside the repository");

  // Hooks first: a refusal then leaves the configuration untouched too.
  std::vector<std::string> hooks;
  if (hooks_dir) {
    auto policy = parsed.vars.count("force")   ? hooks::ExistingHook::replace
                  : parsed.vars.count("chain") ? hooks::ExistingHook::chain
                                               : hooks::ExistingHook::refuse;
    hooks = hooks::install_hooks(*hooks_dir, kHookScript, policy);
  }
  set_filter_driver(scope.scope, "dvx");
  if (parsed.vars.count("lfs")) set_filter_driver(scope.scope, "lfs");
  std::string auto_key(hooks::kAutoInstallKey);
  if (skip_repo)
    set(scope, auto_key, "false");
  else
    git::config_unset(scope.scope, {}, auto_key);
  fmt::print("git-dvx {} installed: filter \"dvx\" (process mode) in {}\n", DVX_VERSION, scope.where);
  if (parsed.vars.count("lfs"))
    fmt::print("filter \"lfs\" is git-dvx too in {}: git-lfs is no longer called for filter=lfs files\n",
               scope.where);
  if (!hooks.empty()) fmt::print("hooks installed: {}\n", fmt::join(hooks, ", "));
  if (skip_repo)
    fmt::print("hooks: none installed, and the filter will not install any ({}=false in {})\n", auto_key,
               scope.where);
  return 0;
}

int run_uninstall(const std::vector<std::string>& args) {
  auto options = scope_options();
  options.add_options()("skip-hooks", "leave the hooks in place");
  auto parsed = parse_args(args, "uninstall [--local|--global|--system] [--skip-hooks]", options);
  if (parsed.help) return 0;
  auto scope = parse_scope(parsed.vars);
  git::config_remove_section(scope.scope, {}, "filter.dvx");
  // filter.lfs only when install --lfs wrote it (git-lfs's own stays).
  for (const auto& entry : git::config_get_regexp({}, "^filter\\.lfs\\.process$"))
    if (entry.value == "git-dvx filter-process" && git::config_remove_section(scope.scope, {}, "filter.lfs"))
      fmt::print("filter \"lfs\" (git-dvx's, from install --lfs) removed from {}\n", scope.where);
  git::config_unset(scope.scope, {}, std::string(hooks::kAutoInstallKey));
  fmt::print("filter \"dvx\" removed from {}\n", scope.where);
  if (!parsed.vars.count("skip-hooks"))
    if (auto dir = hooks_dir_of_current_repo()) {
      auto removed = hooks::uninstall_hooks(*dir);
      if (!removed.empty()) fmt::print("hooks removed: {}\n", fmt::join(removed, ", "));
    }
  return 0;
}

DVX_COMMAND("install", "configure the dvx filter in git config and install the hooks", run_install);
DVX_COMMAND("uninstall", "remove the dvx filter configuration and git-dvx's hooks", run_uninstall);

}  // namespace
}  // namespace dvx::cli
