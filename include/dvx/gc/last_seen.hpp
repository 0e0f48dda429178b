#pragma once
// Where an object gc is about to delete was last seen, for the dry-run list:
// git keeps unreachable commits and blobs until its own gc prunes them, and
// `git fsck --connectivity-only --unreachable` names them. A pointer in an
// unreachable commit gives "PATH at COMMIT"; an unreachable pointer blob
// (staged once, then replaced or unstaged) gives "staged once (blob ID)".
#include <vector>

#include "dvx/gc/cache_gc.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::gc {

// Fills Candidate::where where it is empty and git still knows. Best effort:
// if fsck fails, the labels simply stay empty.
void describe_unreachable(const git::Repo& repo, std::vector<Candidate>& candidates);

}  // namespace dvx::gc
