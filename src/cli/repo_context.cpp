#include "cli/repo_context.hpp"

namespace dvx::cli {

RepoContext open_repo_context() {
  auto repo = git::Repo::discover();
  auto dir = git::cache_dir(repo);
  return {std::move(repo), cache::ObjectStore(dir)};
}

}  // namespace dvx::cli
