#pragma once
// Deps that hold pointer text instead of their data (a GIT_DVX_SKIP_SMUDGE
// clone, the CI recipe): found before anything runs, hashed through their
// pointer (its oid is the content's SHA-256), and fetched and written from
// the cache or the default store before a stage that reads them runs, as
// `dvc repro --pull` does. Private to the pipeline layer.
#include <ostream>
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/pipeline/hashing.hpp"
#include "dvx/pipeline/workspace.hpp"
#include "dvx/transfer/pointer_scan.hpp"

namespace dvx::pipeline::detail {

// Tracked (filter=dvx) worktree files holding pointer text that lie in, or
// are, a dep, out or metric of some stage.
std::vector<transfer::PointerFile> pipeline_pointer_files(const git::Repo& repo, const Workspace& ws);

PointerFiles by_path(const std::vector<transfer::PointerFile>& files);

// The files of `files` that the stages marked in `will_run` read: under one
// of their deps, and not under an out of a stage that runs (that out is
// written before it is read).
std::vector<transfer::PointerFile> pointer_deps_to_fetch(const Workspace& ws,
                                                         const std::vector<transfer::PointerFile>& files,
                                                         const std::vector<bool>& will_run);

// Writes `files` with their data, from the cache or else the default store,
// and tells `hasher` their oids (so they are not read again). Throws
// Error(not_found), naming every file and why, when any could not be
// written: nothing has run or been removed at that point.
void fetch_pointer_deps(const git::Repo& repo, const cache::ObjectStore& store,
                        const std::vector<transfer::PointerFile>& files, Hasher& hasher, std::ostream& err);

}  // namespace dvx::pipeline::detail
