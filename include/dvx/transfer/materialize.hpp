#pragma once
// Turning worktree files that still hold pointer text, or are missing, into
// their data (after a checkout without the object, GIT_DVX_SKIP_SMUDGE, a
// fetch, or a checkout whose filter died): each file is written atomically
// from its verified object, keeping its mode, through a temporary file in
// <git-dir>/dvx/tmp, and the index's stat data is refreshed so `git status`
// stays clean (also for files a killed run wrote but did not record).
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/remote/remote.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/transfer/queue.hpp"

namespace dvx::transfer {

struct MaterializeResult {
  std::size_t pointer_files = 0;     // worktree files that were not their data (PointerFile)
  TransferResult download;           // objects fetched for them
  std::vector<std::string> written;  // paths replaced by their data
  std::vector<Failure> failures;     // objects that could not be had, files that could not be written
};

// For `files` (from pointer_files_in_worktree()): downloads the missing
// objects (and `also_fetch`) from `remote` when not null, writing each file as
// soon as its object has arrived; writes the files whose objects were cached
// already; then records the written files' stat data in the index. A file
// that no longer holds its pointer text or is no longer absent (edited
// meanwhile) is left alone; one
// that cannot be written is a failure, the others carry on.
MaterializeResult fetch_and_materialize(const git::Repo& repo, const cache::ObjectStore& store,
                                        remote::Remote* remote, const std::vector<PointerFile>& files,
                                        const TransferOptions& options,
                                        const std::vector<Item>& also_fetch = {});

}  // namespace dvx::transfer
