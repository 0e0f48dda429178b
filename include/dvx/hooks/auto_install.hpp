#pragma once
// Hooks in every repository git-dvx filters, as git-lfs does: git never
// copies hooks on clone, so the filter process (which git starts for every
// clone, checkout and add touching a filter=dvx path) installs git-dvx's
// pre-push, post-checkout and post-merge hooks into a repository that lacks
// them. Only when git-dvx is configured beyond the repository (a global or
// system `git dvx install`; a repo-local install manages its own hooks), and
// not when dvx.autoinstallhooks is false (`git dvx install --skip-repo`).
#include <ostream>
#include <string>
#include <string_view>

#include "dvx/git/repo.hpp"

namespace dvx::hooks {

inline constexpr std::string_view kAutoInstallKey = "dvx.autoinstallhooks";

// Installs `script` as each hook that is missing or someone else's (a
// foreign hook is chained: kept as <name>.pre-dvx and run first, with a
// note on `err`). Costs one stat per hook when they are in place. Never
// throws: a problem is one warning line on `err`.
void ensure_hooks(const git::Repo& repo, const std::string& script, std::ostream& err);

}  // namespace dvx::hooks
