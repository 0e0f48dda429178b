#pragma once
// The one-line summary push, pull, fetch and the pre-push hook end with on
// stderr (terminal or not; `-q` silences it), so that a script's log shows
// what moved and a no-op is visible:
//   "12 objects (1.40 MB) uploaded to store 'team'"
//   "3 files written, 2 objects (2.10 MB) downloaded from store 'team'"
//   "everything up to date"
#include <string>

#include "dvx/transfer/queue.hpp"

namespace dvx::transfer {

// After an upload of `result` to the remote called `store`.
std::string upload_summary(const TransferResult& result, const std::string& store);
// After downloads (`result`) and `files_written` worktree files; `store` is
// empty when no remote was used.
std::string download_summary(const TransferResult& result, std::size_t files_written,
                             const std::string& store);

}  // namespace dvx::transfer
