#include "dvx/git/dvx_paths.hpp"

#include <cstdlib>

namespace dvx::git {

fs::path state_dir(const Repo& repo) {
  return repo.common_dir() / "dvx";
}

fs::path worktree_state_dir(const Repo& repo) {
  std::error_code ec;
  if (fs::equivalent(repo.git_dir(), repo.common_dir(), ec)) return state_dir(repo);
  return repo.git_dir() / "dvx";
}

fs::path temp_dir(const Repo& repo) {
  return state_dir(repo) / "tmp";
}

fs::path cache_dir(const Repo& repo) {
  auto configured = repo.config_string("dvx.cachedir");
  if (!configured || configured->empty()) return state_dir(repo) / "objects";
  fs::path dir = *configured;
  if (configured->starts_with("~/")) {
    const char* home = std::getenv("HOME");
    dir = fs::path(home ? home : "") / configured->substr(2);
  }
  if (dir.is_relative()) dir = (repo.is_bare() ? repo.common_dir() : repo.workdir()) / dir;
  return dir.lexically_normal();
}

}  // namespace dvx::git
