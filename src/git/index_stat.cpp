#include "dvx/git/index_stat.hpp"

#include <git2.h>
#include <sys/stat.h>

#include <memory>

#include "dvx/git/index_file.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::git {

namespace {

// Calls fn(path, mode, its stat data) for each stage-0 blob entry in index
// order, after start(number of entries) (called again, to start over,
// when the parser gives up half-way); sets the index file's mtime; returns
// whether the index has conflict stages. Read by index_file.cpp, or by
// libgit2 for the layouts that parser leaves to it.
template <typename Start, typename Fn>
bool walk_index(const Repo& repo, std::int64_t& mtime_sec, std::uint32_t& mtime_nsec, Start start, Fn fn) {
  const fs::path path = repo.git_dir() / "index";
  bool conflicts = false;
  auto bytes = util::read_file_if_exists(path);
  if (!bytes) return false;  // no index yet: nothing staged
  // Its mtime after its content: an index rewritten in between looks newer,
  // which only makes more entries racily clean (hashed, not trusted).
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    mtime_sec = st.st_mtim.tv_sec;
    mtime_nsec = static_cast<std::uint32_t>(st.st_mtim.tv_nsec);
  }
  if (for_each_index_file_entry(*bytes, start, [&](IndexFileEntry& e) {
        if (e.stage != 0) conflicts = true;
        if (e.stage != 0 || (e.mode & 0170000) == 0160000) return;
        fn(std::move(e.path), e.mode,
           IndexStat{util::hex_encode(e.blob_id), static_cast<std::int32_t>(e.mtime_sec), e.mtime_nsec,
                     static_cast<std::int32_t>(e.ctime_sec), e.ctime_nsec, e.size, e.ino});
      }))
    return conflicts;
  conflicts = false;
  git_index* index = nullptr;
  check(git_repository_index(&index, repo.raw()), "cannot read the index");
  std::unique_ptr<git_index, decltype(&git_index_free)> owner(index, git_index_free);
  std::size_t count = git_index_entrycount(index);
  start(count);
  char hex[GIT_OID_HEXSZ + 1];
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* e = git_index_get_byindex(index, i);
    if (git_index_entry_stage(e) != 0) conflicts = true;
    if (git_index_entry_stage(e) != 0 || (e->mode & 0170000) == 0160000) continue;
    git_oid_tostr(hex, sizeof hex, &e->id);
    fn(std::string(e->path), e->mode,
       IndexStat{hex, e->mtime.seconds, e->mtime.nanoseconds, e->ctime.seconds, e->ctime.nanoseconds,
                 e->file_size, e->ino});
  }
  return conflicts;
}

}  // namespace

IndexSnapshot read_index_stats(const Repo& repo) {
  IndexSnapshot out;
  walk_index(
      repo, out.index_mtime_sec, out.index_mtime_nsec,
      [&](std::size_t count) { out.entries.clear(), out.entries.reserve(count); },
      [&](std::string path, std::uint32_t, IndexStat stat) {
        out.entries[std::move(path)] = std::move(stat);
      });
  return out;
}

IndexFiles read_index_files(const Repo& repo) {
  IndexFiles out;
  out.has_conflicts = walk_index(
      repo, out.index_mtime_sec, out.index_mtime_nsec,
      [&](std::size_t count) { out.files.clear(), out.files.reserve(count); },
      [&](std::string path, std::uint32_t mode, IndexStat stat) {
        out.files.push_back({std::move(path), mode, std::move(stat)});
      });
  return out;
}

bool racily_clean(std::int64_t index_mtime_sec, std::uint32_t index_mtime_nsec, const struct stat& st) {
  return st.st_mtim.tv_sec > index_mtime_sec ||
         (st.st_mtim.tv_sec == index_mtime_sec &&
          static_cast<std::uint32_t>(st.st_mtim.tv_nsec) >= index_mtime_nsec);
}

bool stat_recorded(const IndexStat& entry, const struct stat& st) {
  if (!S_ISREG(st.st_mode) || static_cast<std::uint32_t>(st.st_size) != entry.size) return false;
  if (static_cast<std::int32_t>(st.st_mtim.tv_sec) != static_cast<std::int32_t>(entry.mtime_sec))
    return false;
  if (static_cast<std::uint32_t>(st.st_mtim.tv_nsec) != entry.mtime_nsec) return false;
  if (static_cast<std::int32_t>(st.st_ctim.tv_sec) != static_cast<std::int32_t>(entry.ctime_sec) ||
      static_cast<std::uint32_t>(st.st_ctim.tv_nsec) != entry.ctime_nsec)
    return false;
  return entry.ino == 0 || static_cast<std::uint32_t>(st.st_ino) == entry.ino;
}

bool stat_empty(const IndexStat& entry) {
  return entry.mtime_sec == 0 && entry.mtime_nsec == 0 && entry.size == 0 && entry.ino == 0;
}

bool stat_unchanged(const IndexSnapshot& index, const IndexStat& entry, const fs::path& full_path) {
  struct stat st {};
  if (::lstat(full_path.c_str(), &st) != 0 || !stat_recorded(entry, st)) return false;
  // Racily clean: modified in the same instant the index was written, git
  // could not have seen the change; such entries must be hashed.
  return !racily_clean(index.index_mtime_sec, index.index_mtime_nsec, st);
}

void record_worktree_stats(const Repo& repo, const std::vector<StagedFile>& files) {
  if (files.empty()) return;
  git_index* index = nullptr;
  check(git_repository_index(&index, repo.raw()), "cannot read the index");
  std::unique_ptr<git_index, decltype(&git_index_free)> owner(index, git_index_free);
  // The index file's mtime before this write, in whole seconds: git (built
  // without USE_NSEC, as Debian's is) compares mtimes in seconds, so an entry
  // recorded in the same second the index was last written is "racily
  // clean" to git and gets its content checked. Rewriting the index later
  // would make such an entry look trustworthy: a file modified within that
  // second, keeping its size, would then look unchanged to git. libgit2 only
  // smudges what is racy at nanosecond precision, so those entries are
  // smudged here (size 0: git re-checks their content once), as git does.
  struct stat index_stat {};
  const bool had_index = ::stat(git_index_path(index), &index_stat) == 0;
  check(git_index_read(index, /*force=*/1), "cannot read the index");
  std::vector<git_index_entry> racy;
  for (std::size_t i = 0; had_index && i < git_index_entrycount(index); ++i) {
    const git_index_entry* e = git_index_get_byindex(index, i);
    if (e &&
        static_cast<std::int64_t>(e->mtime.seconds) >= static_cast<std::int64_t>(index_stat.st_mtim.tv_sec) &&
        e->file_size != 0 && GIT_INDEX_ENTRY_STAGE(e) == 0)
      racy.push_back(*e);
  }
  for (auto& e : racy) {
    e.file_size = 0;
    check(git_index_add(index, &e), fmt::format("cannot update the index entry of {}", e.path));
  }
  fs::path root = repo.workdir();
  char hex[GIT_OID_HEXSZ + 1];
  for (const auto& file : files) {
    const git_index_entry* staged = git_index_get_bypath(index, file.path.c_str(), 0);
    if (!staged || git_oid_tostr(hex, sizeof hex, &staged->id) != file.blob_id) continue;
    struct stat st {};
    if (::lstat((root / file.path).c_str(), &st) != 0) continue;
    git_index_entry entry = *staged;
    entry.ctime = {static_cast<std::int32_t>(st.st_ctim.tv_sec),
                   static_cast<std::uint32_t>(st.st_ctim.tv_nsec)};
    entry.mtime = {static_cast<std::int32_t>(st.st_mtim.tv_sec),
                   static_cast<std::uint32_t>(st.st_mtim.tv_nsec)};
    entry.dev = static_cast<std::uint32_t>(st.st_dev);
    entry.ino = static_cast<std::uint32_t>(st.st_ino);
    entry.uid = st.st_uid;
    entry.gid = st.st_gid;
    entry.file_size = static_cast<std::uint32_t>(st.st_size);
    check(git_index_add(index, &entry), fmt::format("cannot update the index entry of {}", file.path));
  }
  check(git_index_write(index), "cannot write the index");
}

}  // namespace dvx::git
