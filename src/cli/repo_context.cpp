#include "cli/repo_context.hpp"

#include "cli/options.hpp"
#include "dvx/cache/repo_registry.hpp"
#include "dvx/util/durable.hpp"
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

void flush_written_objects() {
  if (!util::has_unflushed()) return;
  bool enabled = true;
  try {
    enabled = git::Repo::discover().config_bool("dvx.fsync").value_or(true);
  } catch (const Error&) {
  }
  if (enabled)
    util::flush_written();
  else
    util::discard_written();
}

}  // namespace dvx::cli
