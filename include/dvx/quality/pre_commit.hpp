#pragma once
// The pre-commit hook's git-dvx part: validates the staged version of every
// file that some [checks] rule of the staged dvx.toml matches and that the
// commit changes (all of them when the checks themselves change). Any
// violation, unreadable file or invalid check blocks the commit (exit 1),
// with the report on `err`; `git commit --no-verify` skips the hook as usual.
// Without [checks] in the staged dvx.toml it costs one index read.
#include <ostream>

#include "dvx/git/repo.hpp"

namespace dvx::quality {

int pre_commit(const git::Repo& repo, std::ostream& err);

}  // namespace dvx::quality
