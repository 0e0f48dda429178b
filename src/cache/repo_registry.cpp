#include "dvx/cache/repo_registry.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::cache {

namespace {

fs::path canonical_or_absolute(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  if (ec) c = fs::absolute(p, ec);
  return c.lexically_normal();
}

fs::path entry_for(const fs::path& cache_root, const fs::path& git_dir) {
  return cache_root / "repos" / util::sha256_hex(git_dir.string()).substr(0, 16);
}

}  // namespace

void register_repository(const fs::path& cache_root, const fs::path& git_common_dir) {
  fs::path git_dir = canonical_or_absolute(git_common_dir);
  fs::path entry = entry_for(cache_root, git_dir);
  struct stat st {};
  if (::stat(entry.c_str(), &st) == 0) return;
  std::error_code ec;
  fs::create_directories(entry.parent_path(), ec);
  if (ec)
    fail(ErrorKind::permanent, "cannot register this repository with the cache: cannot create {}: {}",
         entry.parent_path().string(), ec.message());
  util::write_file_atomic(entry, git_dir.string() + "\n");
}

std::vector<RegisteredRepo> registered_repositories(const fs::path& cache_root) {
  std::vector<RegisteredRepo> out;
  std::error_code ec;
  for (fs::directory_iterator it(cache_root / "repos", ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() != 16 || name.starts_with('.')) continue;
    auto text = util::read_file_if_exists(it->path());
    if (!text) continue;
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
    if (text->empty()) continue;
    out.push_back({it->path(), fs::path(*text)});
  }
  std::sort(out.begin(), out.end(),
            [](const RegisteredRepo& a, const RegisteredRepo& b) { return a.git_dir < b.git_dir; });
  return out;
}

void unregister_repository(const RegisteredRepo& repo) {
  if (::unlink(repo.entry.c_str()) != 0 && errno != ENOENT)
    fail_errno(fmt::format("cannot remove {}", repo.entry.string()), errno);
}

}  // namespace dvx::cache
