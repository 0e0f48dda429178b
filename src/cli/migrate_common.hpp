#pragma once
// What `git dvx migrate lfs` and `git dvx migrate dvc` share: the git-dvx
// hooks in place of another tool's, staging and the one commit, the upload.
#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "cli/repo_context.hpp"

namespace dvx::cli {

// The options both migrations take: --dry-run, --no-commit, --no-push, --quiet.
boost::program_options::options_description migrate_options();

// Configures the dvx filter in .git/config when no git config sets it
// (the data must go through it); returns a line for the summary, or "".
std::string ensure_dvx_filter(const git::Repo& repo);

// Removes the hooks migrate::hook_tool recognises (git-lfs's, DVC's) and installs
// git-dvx's; returns what was done, for the summary.
std::vector<std::string> replace_tool_hooks(const git::Repo& repo, bool dry_run);

// Commits what is staged with `message` unless `no_commit`; returns the line
// for the summary ("committed: ...", "staged, not committed", "nothing to commit").
std::string commit_migration(const git::Repo& repo, const std::string& message, bool no_commit);

// Uploads every object any ref, reflog or the index references to the
// default store; prints the summary line. Without a store, prints how to
// add one and returns false.
bool push_everything(RepoContext& ctx, bool quiet);

}  // namespace dvx::cli
