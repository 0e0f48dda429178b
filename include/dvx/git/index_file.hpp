#pragma once
// A read-only parser of git's index file (versions 2 to 4), for the
// commands that visit every tracked file: libgit2 1.5 takes 0.11 s to load
// an index of 100,000 entries (it verifies the trailing checksum with its
// collision-detecting SHA-1 and allocates and sorts every entry), which is
// most of what `git status` spends in all; git itself reads it without the
// checksum. Layouts this parser does not know (a split or sparse index, a
// SHA-256 repository, an unknown version) answer nullopt: the caller then
// reads the index with libgit2. The format: git's
// Documentation/gitformat-index.txt.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dvx::git {

struct IndexFileEntry {
  std::string path;
  std::uint32_t mode = 0;
  int stage = 0;
  unsigned char blob_id[20] = {};
  std::uint32_t ctime_sec = 0, ctime_nsec = 0, mtime_sec = 0, mtime_nsec = 0;
  std::uint32_t ino = 0, size = 0;
};

// Calls start(number of entries), then entry(e) for each entry of the
// index file `bytes` in index order (e's path may be moved from). False
// when its layout is one left to libgit2 or it is damaged; entry() may then
// have seen the entries before the point where the parser gave up.
bool for_each_index_file_entry(std::string_view bytes, const std::function<void(std::size_t)>& start,
                               const std::function<void(IndexFileEntry&)>& entry);

// The same entries as a list; nullopt when for_each_index_file_entry is false.
std::optional<std::vector<IndexFileEntry>> parse_index_file(std::string_view bytes);

}  // namespace dvx::git
