#include "dvx/pipeline/hashing.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::pipeline {

namespace {

struct PendingKey {
  FileKey key;
  std::string oid;
};

std::optional<FileKey> stat_key(const fs::path& abs, bool* is_dir = nullptr) {
  struct stat st {};
  if (::stat(abs.c_str(), &st) != 0) return std::nullopt;
  if (is_dir) *is_dir = S_ISDIR(st.st_mode);
  FileKey k;
  k.size = static_cast<std::uint64_t>(st.st_size);
  k.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  k.inode = static_cast<std::uint64_t>(st.st_ino);
  return k;
}

// A file modified within this window of "now" may still be changing within
// the same timestamp tick: its hash is not remembered (racy-git rule).
constexpr std::int64_t kRacyWindowNs = 2'000'000'000;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct StatCache::Db {
  sqlite3* db = nullptr;
  sqlite3_stmt* get = nullptr;
  sqlite3_stmt* put = nullptr;
  fs::path path;
  std::map<std::string, PendingKey> pending;
  ~Db() {
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    if (db) sqlite3_close(db);
  }
  [[noreturn]] void error(const char* what) const {
    fail(ErrorKind::permanent, "stat cache {}: {}: {}", path.string(), what,
         db ? sqlite3_errmsg(db) : "cannot open");
  }
};

StatCache::StatCache(const fs::path& db_path) : db_(std::make_unique<Db>()) {
  db_->path = db_path.empty() ? fs::path(":memory:") : db_path;
  if (!db_path.empty()) {
    std::error_code ec;
    fs::create_directories(db_path.parent_path(), ec);
  }
  if (sqlite3_open_v2(db_->path.c_str(), &db_->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
    db_->error("open");
  sqlite3_busy_timeout(db_->db, 10000);
  const char* schema =
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=NORMAL;"
      "CREATE TABLE IF NOT EXISTS stat (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT "
      "NULL,"
      " inode INTEGER NOT NULL, oid TEXT NOT NULL) WITHOUT ROWID;";
  char* err = nullptr;
  if (sqlite3_exec(db_->db, schema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    fail(ErrorKind::permanent, "stat cache {}: {}", db_->path.string(), msg);
  }
  if (sqlite3_prepare_v2(db_->db, "SELECT size, mtime_ns, inode, oid FROM stat WHERE path = ?1", -1,
                         &db_->get, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db_->db, "INSERT OR REPLACE INTO stat VALUES (?1, ?2, ?3, ?4, ?5)", -1, &db_->put,
                         nullptr) != SQLITE_OK)
    db_->error("prepare");
}

StatCache::~StatCache() {
  try {
    flush();
  } catch (...) {  // a lost cache entry only costs a re-hash
  }
}

std::optional<std::string> StatCache::lookup(const std::string& path, const FileKey& key) {
  std::lock_guard lock(mutex_);
  if (auto it = db_->pending.find(path); it != db_->pending.end()) {
    const auto& k = it->second.key;
    if (k.size == key.size && k.mtime_ns == key.mtime_ns && k.inode == key.inode) {
      ++hits_;
      return it->second.oid;
    }
  }
  sqlite3_reset(db_->get);
  sqlite3_bind_text(db_->get, 1, path.data(), static_cast<int>(path.size()), SQLITE_TRANSIENT);
  std::optional<std::string> out;
  if (sqlite3_step(db_->get) == SQLITE_ROW) {
    if (static_cast<std::uint64_t>(sqlite3_column_int64(db_->get, 0)) == key.size &&
        sqlite3_column_int64(db_->get, 1) == key.mtime_ns &&
        static_cast<std::uint64_t>(sqlite3_column_int64(db_->get, 2)) == key.inode) {
      auto* text = reinterpret_cast<const char*>(sqlite3_column_text(db_->get, 3));
      if (text) out = std::string(text);
    }
  }
  sqlite3_reset(db_->get);
  ++(out ? hits_ : misses_);
  return out;
}

void StatCache::remember(const std::string& path, const FileKey& key, const std::string& oid) {
  if (now_ns() - key.mtime_ns < kRacyWindowNs) return;
  std::lock_guard lock(mutex_);
  db_->pending[path] = {key, oid};
}

void StatCache::flush() {
  std::lock_guard lock(mutex_);
  if (db_->pending.empty()) return;
  sqlite3_exec(db_->db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  for (const auto& [path, p] : db_->pending) {
    sqlite3_reset(db_->put);
    sqlite3_bind_text(db_->put, 1, path.data(), static_cast<int>(path.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(db_->put, 2, static_cast<sqlite3_int64>(p.key.size));
    sqlite3_bind_int64(db_->put, 3, p.key.mtime_ns);
    sqlite3_bind_int64(db_->put, 4, static_cast<sqlite3_int64>(p.key.inode));
    sqlite3_bind_text(db_->put, 5, p.oid.data(), static_cast<int>(p.oid.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(db_->put) != SQLITE_DONE) {
      sqlite3_exec(db_->db, "ROLLBACK", nullptr, nullptr, nullptr);
      db_->pending.clear();
      db_->error("write");
    }
  }
  sqlite3_reset(db_->put);
  sqlite3_exec(db_->db, "COMMIT", nullptr, nullptr, nullptr);
  db_->pending.clear();
}

std::string folder_manifest(std::vector<DirFile> files) {
  std::sort(files.begin(), files.end(),
            [](const DirFile& a, const DirFile& b) { return a.relpath < b.relpath; });
  std::string out;
  for (const auto& f : files) out += fmt::format("{} {} {}\n", f.relpath, f.oid, f.size);
  return out;
}

std::vector<DirFile> parse_folder_manifest(std::string_view text, const std::string& what) {
  std::vector<DirFile> files;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos)
      fail(ErrorKind::corrupt, "folder manifest {}: missing final newline", what);
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    std::size_t s2 = line.rfind(' ');
    std::size_t s1 =
        s2 == std::string_view::npos || s2 == 0 ? std::string_view::npos : line.rfind(' ', s2 - 1);
    if (s1 == std::string_view::npos)
      fail(ErrorKind::corrupt, "folder manifest {}: bad line '{}'", what, line);
    DirFile f;
    f.relpath = std::string(line.substr(0, s1));
    f.oid = std::string(line.substr(s1 + 1, s2 - s1 - 1));
    try {
      f.size = std::stoull(std::string(line.substr(s2 + 1)));
    } catch (const std::exception&) {
      fail(ErrorKind::corrupt, "folder manifest {}: bad size in '{}'", what, line);
    }
    files.push_back(std::move(f));
  }
  return files;
}

std::string Hasher::hash_file(const fs::path& abs, const std::string& key_path) {
  auto key = stat_key(abs);
  if (!key) fail(ErrorKind::not_found, "{} disappeared while it was being hashed", key_path);
  return hash_file(abs, key_path, *key);
}

// With the stat data just taken by the caller: a no-op repro stats each file once.
std::string Hasher::hash_file(const fs::path& abs, const std::string& key_path, const FileKey& seen) {
  const FileKey* key = &seen;
  if (auto oid = cache_.lookup(key_path, *key)) return *oid;
  auto digest = util::sha256_file(abs);
  // Remember under the key seen before reading: a change while reading gives a new key next time.
  cache_.remember(key_path, *key, digest.hex);
  return digest.hex;
}

void Hasher::remember(const fs::path& abs, const std::string& key_path, const std::string& oid) {
  if (auto key = stat_key(abs)) cache_.remember(key_path, *key, oid);
}

std::optional<core::Pointer> Hasher::pointer_text(const fs::path& abs, const std::string& key_path) const {
  if (!pointers_) return std::nullopt;
  auto it = pointers_->find(key_path);
  if (it == pointers_->end()) return std::nullopt;
  // Re-read: the file may have been materialised (or edited) since it was listed.
  std::error_code ec;
  auto size = fs::file_size(abs, ec);
  if (ec || size >= core::kMaxPointerSize) return std::nullopt;
  auto text = util::read_file_if_exists(abs);
  if (!text || core::parse_pointer(*text) != it->second) return std::nullopt;
  return it->second;
}

std::vector<DirFile> Hasher::folder_files(const std::string& relpath,
                                          std::vector<std::string>* pointer_text_files) {
  std::vector<DirFile> files;
  fs::path dir = root_ / relpath;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  if (ec) fail(ErrorKind::permanent, "cannot list folder {}: {}", relpath, ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) fail(ErrorKind::permanent, "cannot list folder {}: {}", relpath, ec.message());
    if (it->is_directory() && it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::string rel = it->path().lexically_relative(dir).generic_string();
    std::string key_path = relpath + "/" + rel;
    DirFile f;
    f.relpath = rel;
    if (auto ptr = pointer_text(it->path(), key_path)) {
      f.size = ptr->size;
      f.oid = ptr->oid;
      if (pointer_text_files) pointer_text_files->push_back(key_path);
    } else {
      f.size = static_cast<std::uint64_t>(it->file_size());
      f.oid = hash_file(it->path(), key_path);
    }
    files.push_back(std::move(f));
  }
  return files;
}

std::optional<LockEntry> Hasher::hash(const std::string& relpath,
                                      std::vector<std::string>* pointer_text_files) {
  fs::path abs = root_ / relpath;
  bool is_dir = false;
  auto key = stat_key(abs, &is_dir);
  if (!key) return std::nullopt;
  LockEntry e;
  e.path = relpath;
  if (!is_dir) {
    if (auto ptr = pointer_text(abs, relpath)) {
      e.oid = ptr->oid;
      e.size = ptr->size;
      if (pointer_text_files) pointer_text_files->push_back(relpath);
      return e;
    }
    e.oid = hash_file(abs, relpath, *key);
    e.size = key->size;
    return e;
  }
  auto files = folder_files(relpath, pointer_text_files);
  e.nfiles = files.size();
  for (const auto& f : files) e.size += f.size;
  e.oid = util::sha256_hex(folder_manifest(std::move(files)));
  return e;
}

}  // namespace dvx::pipeline
