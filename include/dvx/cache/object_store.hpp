#pragma once
// The local content-addressed cache: <root>/<oid[0:2]>/<oid[2:4]>/<oid>.
// insert() writes an unnamed file (O_TMPFILE in <root>/tmp) and links it
// under its hash once known (linkat; never a rename, so an object already
// there is left as it is), so a killed writer leaves nothing behind (where
// O_TMPFILE is missing: a named .dvx-unnamed.*.tmp file in <root>/tmp);
// downloads go to a named temporary file in the object's folder and are
// renamed into place only after their SHA-256 is checked (adopt). Either
// way a crash never leaves a wrong object under a good name. Objects are
// read-only once written, and the folders written into are noted for the
// batched flush (util/durable.hpp).
#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/core/pointer.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"
#include "dvx/util/temp_files.hpp"

namespace dvx::cache {

namespace fs = std::filesystem;

// Reads up to `size` bytes into `buf`; returns 0 at the end of the input.
using ByteSource = std::function<std::size_t(char* buf, std::size_t size)>;

class ObjectStore {
 public:
  explicit ObjectStore(fs::path root);

  const fs::path& root() const { return root_; }
  fs::path object_path(std::string_view oid) const;
  bool contains(std::string_view oid) const;
  // contains() for many objects at once (object_presence.cpp): folders
  // holding several of them are listed once instead of one stat per
  // object, on all cores. result[i] is whether oids[i] is in the cache.
  std::vector<bool> contains_many(const std::vector<std::string>& oids) const;
  // The same for `count` objects named by oid_at(i) (called from several
  // threads), for a caller whose oids live in its own records.
  using OidAt = std::function<std::string_view(std::size_t)>;
  std::vector<bool> contains_many(std::size_t count, const OidAt& oid_at) const;
  // Below this many objects, contains_many() lists no folder (its 65,536
  // folders hold fewer than 4 each on average) and probes each object in
  // turn: a caller visiting its files on several threads may as well ask a
  // PresenceProbe per file itself.
  static constexpr std::size_t kProbeEachBelow = 4 * 65536;

  // Streams `source` into the cache while hashing it; returns its pointer.
  // If the object already exists the new copy is discarded.
  core::Pointer insert(const ByteSource& source);
  core::Pointer insert_file(const fs::path& file);

  // Downloads: a fresh temporary path in the object's final folder (same
  // filesystem), then adopt() compares `written` (the SHA-256 and size of the
  // bytes the download wrote to `file`, hashed on their way in) with
  // `expected` and renames the file into place; on mismatch it deletes the
  // file and throws Error(corrupt) naming `what` (e.g. the object's URL).
  fs::path download_path(std::string_view oid) const;
  void adopt(const core::Pointer& expected, const fs::path& file, const util::FileDigest& written,
             std::string_view what) const;

  // Temporary files left in the cache by killed downloads (and by insert()
  // where O_TMPFILE is missing), with size and age: fsck reports them,
  // fsck --repair (and gc) remove the stale ones (util::remove_if_stale).
  std::vector<util::TempFile> temporaries() const;

  // Re-hashes the object: true when its content matches its name.
  bool verify(const core::Pointer& pointer) const;

  // Streams the object's bytes to `sink`; verifies the hash on the way and
  // throws Error(corrupt) naming the object if it does not match (the sink
  // will have seen the bytes: callers write to a temporary destination).
  // A pointer whose size disagrees with a sound object is refused before
  // any byte is sent, with a message saying the pointer is wrong.
  void read(const core::Pointer& pointer, const std::function<void(const char*, std::size_t)>& sink) const;
  // read(), or false (nothing sent) when the object is not cached: one open
  // instead of contains()'s stat and then an open, per file of a checkout.
  bool read_if_cached(const core::Pointer& pointer,
                      const std::function<void(const char*, std::size_t)>& sink) const;

  // Copies the object to `dest` (reflink where the filesystem can,
  // else a streamed copy), atomically, with `mode`; verified on the way
  // unless `check` is trust: for an object this process has just hashed
  // (a download adopted a moment ago), copied in the kernel instead. The
  // temporary copy is made in `temp_dir` when given (see util::AtomicFile).
  enum class Check { verify, trust };
  void materialize(const core::Pointer& pointer, const fs::path& dest, unsigned mode = 0644,
                   Check check = Check::verify, const fs::path& temp_dir = {}) const;

  // Maintenance (object_maintenance.cpp), for gc and fsck.
  struct ObjectFile {
    std::string oid;
    std::uint64_t size = 0;
    std::int64_t mtime = 0;  // seconds since the epoch
  };
  // Every object (<aa>/<bb>/<64 hex> files); other files are ignored.
  std::vector<ObjectFile> list_objects() const;
  // Their names only, from the folder listings (no stat per object).
  std::vector<std::string> list_oids() const;
  // The object's current mtime, nullopt when it is gone.
  std::optional<std::int64_t> object_mtime(std::string_view oid) const;
  // Deletes the object; an absent object is not an error.
  void remove(std::string_view oid) const;
  // Leftovers of interrupted writes older than `older_than_seconds`:
  // `.*.download` files in the object folders and `.dvx-*.tmp` files in tmp/.
  std::vector<fs::path> stale_temporaries(std::int64_t older_than_seconds) const;

 private:
  // Throws Error(corrupt) when the object behind `fd` is not pointer.size
  // bytes, saying whether the pointer or the object is wrong.
  void check_size(const core::Pointer& pointer, int fd) const;
  fs::path root_;
};

// Presence of single objects from any thread, one fstatat each below a
// cache root opened once (object_presence.cpp); contains_many()'s stat path.
class PresenceProbe {
 public:
  explicit PresenceProbe(const ObjectStore& store);
  ~PresenceProbe();
  PresenceProbe(const PresenceProbe&) = delete;
  PresenceProbe& operator=(const PresenceProbe&) = delete;
  // `oid` must be valid (core::is_valid_oid).
  bool contains(std::string_view oid) const;
  int root_fd() const { return root_fd_; }  // for listing folders below it

 private:
  int root_fd_ = -1;  // -1: no cache yet, nothing is in it
  // The 256 <aa> folders, opened on first use (one path component less per
  // object); -1 until then, and while a folder does not exist.
  mutable std::array<std::atomic<int>, 256> top_folders_;
};

}  // namespace dvx::cache
