#pragma once
// Writing and removing the git hooks git-dvx runs as (pre-commit,
// pre-push, post-checkout, post-merge). An existing hook of someone else's is never
// replaced silently: install refuses, or with `chain` keeps it as
// <name>.pre-dvx so the git-dvx script runs it first.
#include <filesystem>
#include <string>
#include <vector>

namespace dvx::hooks {

inline const std::vector<std::string> kHookNames = {"pre-commit", "pre-push", "post-checkout", "post-merge"};

enum class ExistingHook { refuse, chain, replace };

// Returns the names installed. Throws Error(usage) naming the hook when one
// of someone else's is in the way and policy is `refuse` (nothing is
// written then), or with `chain` when <name>.pre-dvx exists already (a
// second chained hook would replace the first).
std::vector<std::string> install_hooks(const std::filesystem::path& hooks_dir, const std::string& script,
                                       ExistingHook policy);
// True when `hook` is a script git-dvx wrote (it carries git-dvx's marker).
bool is_dvx_hook(const std::filesystem::path& hook);

// Removes git-dvx's hooks and puts chained ones back; returns the names removed.
std::vector<std::string> uninstall_hooks(const std::filesystem::path& hooks_dir);

}  // namespace dvx::hooks
