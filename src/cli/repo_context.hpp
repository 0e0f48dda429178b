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

// Makes the objects this command stored (cache, directory store) durable:
// one syncfs per filesystem written to (util/durable.hpp), unless git config
// dvx.fsync is false. main() calls it when any command ends, so a filter
// process flushes before git, which waits for it, finishes `git add`, and
// the pre-push hook before git sends the commits.
void flush_written_objects();

}  // namespace dvx::cli
