#pragma once
// A tracked or plain file's bytes at one version, for the readers: the
// worktree file (its data fetched when it holds pointer text), or a blob at
// a revision or in the index (a pointer's object from the cache or the
// store; a plain git blob written to a temporary file removed with this).
#include <filesystem>
#include <memory>
#include <string>

#include "dvx/git/repo.hpp"

namespace dvx::quality {

struct VersionFile {
  std::filesystem::path local;  // readable; do not modify
  std::string label;            // "data.csv", "data.csv at v1", "data.csv at the index"
  std::shared_ptr<void> copy;   // the temporary copy of a plain blob, removed with the last holder
};

// `rev` empty = the worktree. Error(not_found) naming path and revision.
VersionFile open_file_version(const git::Repo& repo, const std::string& rev, const std::string& path);

// The file a blob's content stands for (`label` names it in messages).
VersionFile open_blob(const git::Repo& repo, const std::string& content, const std::string& label);

}  // namespace dvx::quality
