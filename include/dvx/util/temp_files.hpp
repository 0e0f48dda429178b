#pragma once
// Temporary files that a killed process leaves behind: finding them, telling
// a stale one from one still being written, and removing the stale ones.
// Each layer knows its own temporaries' names (ObjectStore::temporaries(),
// remote::local_store_temporaries()); this is what they share, for
// `git dvx fsck` and a future gc.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace dvx::util {

namespace fs = std::filesystem;

// A temporary file younger than this may still be written by a live
// process (on this host or another sharing the folder): never removed.
inline constexpr std::chrono::seconds kTempGrace{3600};

struct TempFile {
  fs::path path;
  std::uint64_t size = 0;
  std::int64_t age_seconds = 0;  // since its last modification
  std::optional<pid_t> pid;      // the writer's pid, when its name carries one
};

// The writer's pid in ".<name>.<pid>.<n>.download" (cache downloads) and
// ".dvx-<name>.<pid>.<n>.<hex>.tmp" (AtomicFile, UnnamedFile); nullopt otherwise.
std::optional<pid_t> temp_name_pid(std::string_view name);
// AtomicFile's and UnnamedFile's names: ".dvx-<...>.tmp".
bool is_atomic_temp_name(std::string_view name);

// Regular files under `dir` (recursively) whose file name `is_temp`
// accepts, with size and age. A missing `dir` has none.
std::vector<TempFile> find_temporaries(const fs::path& dir,
                                       const std::function<bool(std::string_view)>& is_temp);

// Older than `grace` and not written by a process that is alive on this host.
bool temp_is_stale(const TempFile& file, std::chrono::seconds grace = kTempGrace);

// Removes `file` if it is stale; true when removed.
bool remove_if_stale(const TempFile& file, std::chrono::seconds grace = kTempGrace);

}  // namespace dvx::util
