#pragma once
// Access to the bytes of a tracked file at any revision: follows the pointer
// to the cache, fetching the object from the default remote when missing. A
// revision where the file is a plain git blob (committed before it was
// tracked, or never tracked) gives that blob's bytes.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "dvx/core/pointer.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/util/file.hpp"

namespace dvx::transfer {

namespace fs = std::filesystem;

struct VersionedFile {
  fs::path local_path;                   // a readable file with the content (do not modify)
  std::optional<core::Pointer> pointer;  // set when the blob was a pointer
  std::string rev;                       // as given ("" = worktree)
  // A plain blob's bytes, written to a temporary file (local_path) in
  // <git-dir>/dvx/tmp and removed when the last copy of this goes.
  std::shared_ptr<util::AtomicFile> blob_copy;
};

// `rev` empty means the worktree file itself. Throws Error(not_found) when
// the path does not exist at rev, naming both.
VersionedFile open_version(const git::Repo& repo, const std::string& rev, const std::string& path);

// Makes sure the object is in the cache (fetching it from the default
// remote when one is configured); returns its cache path. Throws
// Error(not_found) naming `what` when it cannot be had.
fs::path ensure_cached(const git::Repo& repo, const core::Pointer& pointer, const std::string& what);

}  // namespace dvx::transfer
