#pragma once
// Access to the bytes of a tracked file at any revision: follows the pointer
// to the cache, fetching the object from the default remote when missing.
#include <filesystem>
#include <optional>
#include <string>

#include "dvx/core/pointer.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::transfer {

namespace fs = std::filesystem;

struct VersionedFile {
  fs::path local_path;                   // a readable file with the content (do not modify)
  std::optional<core::Pointer> pointer;  // set when the blob was a pointer
  std::string rev;                       // as given ("" = worktree)
};

// `rev` empty means the worktree file itself. Throws Error(not_found) when
// the path does not exist at rev, naming both.
VersionedFile open_version(const git::Repo& repo, const std::string& rev, const std::string& path);

// Makes sure the object is in the cache (fetching it from the default
// remote when one is configured); returns its cache path. Throws
// Error(not_found) naming `what` when it cannot be had.
fs::path ensure_cached(const git::Repo& repo, const core::Pointer& pointer, const std::string& what);

}  // namespace dvx::transfer
