#pragma once
// What each git blob says as a pointer, remembered by blob id in
// <common-dir>/dvx/blob-pointers, so that listing 100,000 tracked files
// (status, ls-files, fsck, pull) reads only the blobs it has not seen
// before. A blob id names its content forever, so an entry never goes
// stale; the file is a cache: absent, unreadable or damaged, it is rebuilt
// from git, and a failure to write it is ignored.
//
// Format (docs/spec.md): the 8 bytes "DVXBLOB1", then 64-byte records
// sorted by blob id: 20 bytes of blob id (SHA-1), 32 bytes of oid, the size
// (8 bytes, little-endian), one kind byte, 3 bytes of padding.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dvx/core/pointer.hpp"
#include "dvx/git/repo.hpp"

namespace dvx::transfer {

class BlobPointers {
 public:
  // Loads the memo of `repo` (read once, then looked up in memory).
  explicit BlobPointers(const git::Repo& repo);
  BlobPointers(const BlobPointers&) = delete;
  BlobPointers& operator=(const BlobPointers&) = delete;

  // The pointer blob `blob_id` (hex) holds; nullopt when it is not a
  // pointer (or cannot be read). Unknown blobs are read from git once: the
  // header first, the content only when small enough to be a pointer.
  std::optional<core::Pointer> pointer(const std::string& blob_id);
  // What the memo already knows of `blob_id`, without reading git (safe on
  // several threads while nothing is learnt): nullopt when it does not
  // know the blob; an empty pointer when the blob is not a pointer.
  std::optional<std::optional<core::Pointer>> known_pointer(const std::string& blob_id) const;

  // Whether the data of the pointer in `blob_id` begins like pointer text
  // (conflict markers around pointers staged by mistake); nullopt when not
  // yet known. Only data under core::kMaxPointerSize can.
  std::optional<bool> data_looks_like_pointer(const std::string& blob_id) const;
  void note_data_looks_like_pointer(const std::string& blob_id, bool looks);

  // Writes the memo when anything new was learnt (atomically; errors ignored).
  void save() const;

 private:
  enum Kind : std::uint8_t {
    not_pointer = 0,
    pointer_data_unknown = 1,
    pointer_data_plain = 2,
    pointer_data_pointer_like = 3
  };
  struct Entry {
    std::string oid;  // empty when not a pointer
    std::uint64_t size = 0;
    Kind kind = not_pointer;
  };
  std::optional<Entry> find(std::string_view raw_id) const;

  const git::Repo& repo_;
  std::filesystem::path file_;
  std::string loaded_;                                // the file's bytes (sorted records after the magic)
  std::vector<std::uint32_t> first_record_;           // per first two id bytes: index of its first record
  std::map<std::string, Entry, std::less<>> learnt_;  // raw blob id -> entry, new or changed this run
};

// True when `text` begins like a pointer record's version line, whatever
// follows: the text git leaves when a merge of pointers conflicts.
bool looks_like_pointer_text(std::string_view text);

}  // namespace dvx::transfer
