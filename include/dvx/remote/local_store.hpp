#pragma once
// What a directory store holds besides its objects: the temporary files of
// puts that were killed (".dvx-<oid>.<pid>.<n>.<hex>.tmp" beside the object),
// for `git dvx fsck` and a future gc. Puts never list or read them.
#include <filesystem>
#include <optional>
#include <vector>

#include "dvx/remote/remote.hpp"
#include "dvx/util/temp_files.hpp"

namespace dvx::remote {

// The folder of a directory store (a plain path or file:// URL); nullopt for
// other schemes. Throws Error(usage) for a malformed file URL.
std::optional<fs::path> local_store_root(const RemoteConfig& config);

// Temporary files under a directory store's `root`, with size and age.
std::vector<util::TempFile> local_store_temporaries(const fs::path& root);

}  // namespace dvx::remote
