#include "cli/repo_context.hpp"

#include "cli/options.hpp"
#include "dvx/cache/repo_registry.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {

RepoContext open_repo_context() {
  auto repo = git::Repo::discover();
  auto dir = git::cache_dir(repo);
  // A cache moved with dvx.cachedir may be shared: record that this
  // repository uses it, so that gc elsewhere keeps what it references.
  // Once per process (the filter process, a command), one stat when known.
  if (dir != git::state_dir(repo) / "objects") {
    try {
      cache::register_repository(dir, repo.common_dir());
    } catch (const Error& e) {
      print_warning(e.what());
    }
  }
  return {std::move(repo), cache::ObjectStore(dir)};
}

}  // namespace dvx::cli
