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
#include <filesystem>
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

// The entries of the index file `bytes`, in index order; nullopt when its
// layout is one left to libgit2 or it is damaged.
std::optional<std::vector<IndexFileEntry>> parse_index_file(std::string_view bytes);

}  // namespace dvx::git
