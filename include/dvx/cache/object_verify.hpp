#pragma once
// Re-hashing the whole cache (fsck), on all cores, skipping the objects
// verified since they were last written. What was verified is recorded in
// <cache>/verified: per object, its size, mtime, ctime (nanoseconds) and
// inode when its hash checked out. An object whose stat data still equal
// the record has not been written since (any write, chmod or touch changes
// ctime, which no user command can set back), so it is not read again;
// Rehash::all re-reads everything (fsck --full), for what stat data cannot
// show: bits rotting on the disk.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "dvx/cache/object_store.hpp"

namespace dvx::cache {

struct CorruptObject {
  std::string oid;
  std::filesystem::path file;
  std::string hashes_to;  // the SHA-256 of its content
};

struct VerifyReport {
  std::size_t checked = 0;             // objects found
  std::size_t rehashed = 0;            // of which read and hashed this time
  std::vector<CorruptObject> corrupt;  // sorted by oid
};

enum class Rehash { changed, all };

// Every object of `store` (<aa>/<bb>/<oid> files) checked against its name.
// Corrupt objects are reported, not moved (the caller decides); the record
// is rewritten with the sound ones (errors writing it are ignored).
VerifyReport verify_objects(const ObjectStore& store, Rehash rehash);

}  // namespace dvx::cache
