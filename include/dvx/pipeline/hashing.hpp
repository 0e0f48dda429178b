#pragma once
// Hashing of deps and outs with a stat cache: a file's SHA-256 is remembered
// by (path, size, mtime_ns, inode) in SQLite (<state_dir>/stat.db), so a
// no-op `repro` does not re-read unchanged data. Folders are hashed as the
// sorted manifest of their files (see lock.hpp).
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dvx/core/pointer.hpp"
#include "dvx/pipeline/lock.hpp"

namespace dvx::pipeline {

namespace fs = std::filesystem;

struct FileKey {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t inode = 0;
};

// Thread-safe. New entries are kept in memory until flush() (one transaction).
class StatCache {
 public:
  // Opens (creating) the database; an empty path keeps everything in memory.
  explicit StatCache(const fs::path& db_path);
  ~StatCache();
  StatCache(const StatCache&) = delete;
  StatCache& operator=(const StatCache&) = delete;

  std::optional<std::string> lookup(const std::string& path, const FileKey& key);
  void remember(const std::string& path, const FileKey& key, const std::string& oid);
  void flush();

  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }

 private:
  struct Db;
  std::unique_ptr<Db> db_;
  std::mutex mutex_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

struct DirFile {
  std::string relpath;  // relative to the folder, '/' separated
  std::string oid;
  std::uint64_t size = 0;
};

// The manifest text of a folder (files sorted by relpath).
std::string folder_manifest(std::vector<DirFile> files);
std::vector<DirFile> parse_folder_manifest(std::string_view text, const std::string& what);

// Tracked worktree files (relative paths) that hold the pointer text of
// their data instead of the data (a GIT_DVX_SKIP_SMUDGE clone, a checkout
// whose download failed). See pointer_deps.hpp.
using PointerFiles = std::map<std::string, core::Pointer>;

class Hasher {
 public:
  Hasher(fs::path root, StatCache& cache) : root_(std::move(root)), cache_(cache) {}
  // A file listed in `files` that still holds exactly that pointer text is
  // hashed as the content it stands for: the pointer's oid IS the SHA-256
  // of that content, its size the content's size. Never the hash of the
  // pointer text itself. `files` must outlive the hasher's use.
  void set_pointer_files(const PointerFiles* files) { pointers_ = files; }
  // Hashes `relpath` (file or folder) under the root; nullopt when it does
  // not exist. Files (relative paths) hashed through their pointer text are
  // appended to `pointer_text` when given.
  std::optional<LockEntry> hash(const std::string& relpath, std::vector<std::string>* pointer_text = nullptr);
  // The files of a folder with their hashes (for storing them in the cache).
  std::vector<DirFile> folder_files(const std::string& relpath,
                                    std::vector<std::string>* pointer_text = nullptr);
  // Hashes one file (absolute path) through the stat cache; `key` is the cache key.
  std::string hash_file(const fs::path& abs, const std::string& key_path);
  std::string hash_file(const fs::path& abs, const std::string& key_path, const FileKey& stat_data);
  // Records a hash computed elsewhere (e.g. while inserting into the object store).
  void remember(const fs::path& abs, const std::string& key_path, const std::string& oid);
  const fs::path& root() const { return root_; }

 private:
  // The pointer `key_path` still holds, when it is one of the pointer files.
  std::optional<core::Pointer> pointer_text(const fs::path& abs, const std::string& key_path) const;

  fs::path root_;
  StatCache& cache_;
  const PointerFiles* pointers_ = nullptr;
};

}  // namespace dvx::pipeline
