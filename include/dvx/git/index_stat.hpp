#pragma once
// The stat data git keeps in the index for each worktree file, so that a
// command can tell an unchanged file from a modified one without hashing it
// (git's own "racily clean" rule applies).
#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "dvx/git/repo.hpp"

namespace dvx::git {

struct IndexStat {
  std::string blob_id;  // the cleaned blob (a pointer for a tracked file)
  std::int64_t mtime_sec = 0;
  std::uint32_t mtime_nsec = 0;
  std::int64_t ctime_sec = 0;  // the inode's change time: any write, even with mtime set back
  std::uint32_t ctime_nsec = 0;
  std::uint32_t size = 0;  // worktree size, truncated to 32 bits as git stores it
  std::uint32_t ino = 0;
};

struct IndexSnapshot {
  std::unordered_map<std::string, IndexStat> entries;  // stage-0 entries by path
  std::int64_t index_mtime_sec = 0;                    // of the index file itself
  std::uint32_t index_mtime_nsec = 0;
};

IndexSnapshot read_index_stats(const Repo& repo);

// The same stage-0 entries as a list in index order, with each entry's
// mode, read in one pass over the index (no object is read): what a
// command that visits every tracked file walks.
struct IndexedFile {
  std::string path;
  std::uint32_t mode = 0;
  IndexStat stat;
};
struct IndexFiles {
  std::vector<IndexedFile> files;
  bool has_conflicts = false;  // entries at stages 1-3 (Repo::list_conflicts lists them)
  std::int64_t index_mtime_sec = 0;
  std::uint32_t index_mtime_nsec = 0;
};
IndexFiles read_index_files(const Repo& repo);

// True when `st` (a file's stat) is not older than the index file: git
// could not have seen a change made in that instant ("racily clean").
bool racily_clean(std::int64_t index_mtime_sec, std::uint32_t index_mtime_nsec, const struct stat& st);

// True when the worktree file at `full_path` still matches the stat data
// recorded in the index, and the entry is not racily clean (the file was
// not modified in the same instant the index was written). When true, the
// file's content is what the index blob describes.
bool stat_unchanged(const IndexSnapshot& index, const IndexStat& entry, const fs::path& full_path);

// True when `st` (a worktree file's lstat) is what the index recorded for it
// (size, mtime, ctime, inode, as git with core.trustctime), racily clean or not: git last saw the file as it
// is. False for an entry git never wrote (no stat data) or a file changed since.
bool stat_recorded(const IndexStat& entry, const struct stat& st);

// An index entry without stat data: git staged it but never wrote its file
// (a checkout whose filter failed), or its stat data was discarded.
bool stat_empty(const IndexStat& entry);

// A worktree file and the blob its index entry is expected to stage.
struct StagedFile {
  std::string path;
  std::string blob_id;  // hex SHA-1
};

// Records the worktree stat data of `files` in the index, keeping each
// entry's blob. Only for files whose content is known to clean to that blob
// (a file just written from its pointer's object): git then sees them clean
// without re-running the filter over their whole content. An entry that no
// longer stages `blob_id` (changed meanwhile), or has no stage-0 entry, is
// left alone.
void record_worktree_stats(const Repo& repo, const std::vector<StagedFile>& files);

}  // namespace dvx::git
