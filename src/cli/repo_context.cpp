#include "cli/repo_context.hpp"

#include "dvx/util/durable.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {

RepoContext open_repo_context() {
  auto repo = git::Repo::discover();
  auto dir = git::cache_dir(repo);
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
