#pragma once
// The repository and object cache a command works on, opened the same way
// by every command.
#include "dvx/cache/object_store.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::cli {

struct RepoContext {
  git::Repo repo;
  cache::ObjectStore store;
};

// Throws Error(usage) outside a repository.
RepoContext open_repo_context();

}  // namespace dvx::cli
