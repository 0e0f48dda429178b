// `git-dvx hook <pre-commit|pre-push|post-checkout|post-merge> [args]`: what the hook
// scripts `git dvx install` writes (hooks/git-dvx-hook.sh) run. Git's hook
// arguments follow the name; pre-push also gets git's ref lines on stdin.
#include <fmt/core.h>

#include <iostream>
#include <iterator>
#include <string>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/hooks/sync_hooks.hpp"
#include "dvx/quality/pre_commit.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

std::string read_stdin() {
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

int run_hook(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    fmt::print("usage: git dvx hook <pre-commit|pre-push|post-checkout|post-merge> [git's hook arguments]\n");
    return args.empty() ? 2 : 0;
  }
  const std::string& name = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (name == "pre-push") {
    std::string input = read_stdin();
    auto ctx = open_repo_context();
    return hooks::pre_push(ctx.repo, ctx.store, rest, input, std::cerr);
  }
  if (name == "pre-commit") return quality::pre_commit(git::Repo::discover(), std::cerr);
  if (name == "post-checkout" || name == "post-merge") {
    auto ctx = open_repo_context();
    return name == "post-merge" ? hooks::post_merge(ctx.repo, ctx.store, rest, std::cerr)
                                : hooks::post_checkout(ctx.repo, ctx.store, rest, std::cerr);
  }
  fail(ErrorKind::usage, "unknown hook '{}' (expected pre-commit, pre-push, post-checkout or post-merge)",
       name);
}

DVX_COMMAND("hook", "run a git hook's git-dvx part (called by the installed hooks)", run_hook);

}  // namespace
}  // namespace dvx::cli
