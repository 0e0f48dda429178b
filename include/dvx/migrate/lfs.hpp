#pragma once
// Moving a git-lfs repository to git-dvx (`git dvx migrate lfs`). The pointer
// format is the same, so commits stay as they are: .gitattributes switches
// its filter=lfs lines to filter=dvx, and the objects git-lfs downloaded
// (.git/lfs/objects, the same <aa>/<bb>/<oid> layout) join the cache.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/cache/object_store.hpp"

namespace dvx::migrate {

namespace fs = std::filesystem;

struct AttributesSwitch {
  std::string text;                   // the new file content
  std::vector<std::string> patterns;  // patterns whose line said filter=lfs
};

// Every line with filter=lfs gets filter=dvx instead; diff=lfs and merge=lfs
// are dropped (no such drivers once git-lfs is gone) and -text is kept or
// added. Other lines, comments and line order are kept byte for byte.
AttributesSwitch switch_lfs_attributes(std::string_view text);

struct AdoptResult {
  std::size_t adopted = 0;           // new in the cache
  std::size_t linked = 0;            // of those, hard-linked rather than copied
  std::size_t present = 0;           // already in the cache
  std::uint64_t bytes = 0;           // size of the adopted objects
  std::vector<std::string> corrupt;  // LFS files whose content does not match their name
};

// Adopts every object under `lfs_objects` (<aa>/<bb>/<64 hex>) into `store`:
// hard-linked where the two share a filesystem (objects are immutable in both
// stores), else copied in the kernel (a reflink where the filesystem can);
// each verified by SHA-256 before it gets its name in the cache. A folder
// that does not exist adopts nothing.
AdoptResult adopt_lfs_objects(const fs::path& lfs_objects, const cache::ObjectStore& store);

// The tool whose hook script this is: "git-lfs" ("git lfs pre-push" and
// friends), "DVC" ("dvc git-hook ..."), or "" for anything else.
std::string hook_tool(std::string_view script);

}  // namespace dvx::migrate
