#pragma once
// Which repositories use a cache: <cache>/repos/<16 hex>, one small file per
// repository holding the path of its git common dir. Commands that use the
// cache register their repository (the filter process does, once per
// process); gc walks every registered repository so that a cache shared
// through dvx.cachedir never loses an object another repository references.
#include <filesystem>
#include <string>
#include <vector>

namespace dvx::cache {

namespace fs = std::filesystem;

struct RegisteredRepo {
  fs::path entry;    // the registry file
  fs::path git_dir;  // the repository's git common dir, as registered
};

// Records `git_common_dir` (made absolute) in the registry of `cache_root`;
// cheap when already recorded (one stat). Throws Error(permanent) when the
// registry cannot be written.
void register_repository(const fs::path& cache_root, const fs::path& git_common_dir);

// Every registered repository, sorted by path. Unreadable entries are skipped.
std::vector<RegisteredRepo> registered_repositories(const fs::path& cache_root);

// Removes a registry entry (a repository that no longer exists).
void unregister_repository(const RegisteredRepo& repo);

}  // namespace dvx::cache
