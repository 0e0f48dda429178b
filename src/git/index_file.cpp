#include "dvx/git/index_file.hpp"

#include <cstring>

namespace dvx::git {

namespace {

constexpr std::size_t kHeader = 12, kChecksum = 20, kStatFields = 40, kIdBytes = 20;
constexpr std::uint16_t kExtendedFlag = 0x4000, kNameMask = 0x0fff;

std::uint32_t be32(const char* p) {
  auto* u = reinterpret_cast<const unsigned char*>(p);
  return std::uint32_t{u[0]} << 24 | std::uint32_t{u[1]} << 16 | std::uint32_t{u[2]} << 8 | u[3];
}

std::uint16_t be16(const char* p) {
  auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<std::uint16_t>(u[0] << 8 | u[1]);
}

// git's varint of index v4 (each continuation adds one before shifting).
std::optional<std::size_t> read_varint(const char*& p, const char* end) {
  if (p >= end) return std::nullopt;
  auto c = static_cast<unsigned char>(*p++);
  std::size_t value = c & 127;
  while (c & 128) {
    if (p >= end || value > (SIZE_MAX >> 8)) return std::nullopt;
    c = static_cast<unsigned char>(*p++);
    value = ((value + 1) << 7) | (c & 127);
  }
  return value;
}

}  // namespace

bool for_each_index_file_entry(std::string_view bytes, const std::function<void(std::size_t)>& start,
                               const std::function<void(IndexFileEntry&)>& entry_fn) {
  if (bytes.size() < kHeader + kChecksum || bytes.substr(0, 4) != "DIRC") return false;
  const std::uint32_t version = be32(bytes.data() + 4), count = be32(bytes.data() + 8);
  if (version < 2 || version > 4) return false;
  const char* p = bytes.data() + kHeader;
  const char* end = bytes.data() + bytes.size() - kChecksum;
  start(std::min<std::size_t>(count, bytes.size() / (kStatFields + kIdBytes + 2)));
  std::string previous;  // v4 paths are stored as a suffix of the one before
  for (std::uint32_t i = 0; i < count; ++i) {
    const char* entry = p;
    if (end - p < static_cast<std::ptrdiff_t>(kStatFields + kIdBytes + 2)) return false;
    IndexFileEntry e;
    e.ctime_sec = be32(p), e.ctime_nsec = be32(p + 4), e.mtime_sec = be32(p + 8), e.mtime_nsec = be32(p + 12);
    e.ino = be32(p + 20), e.mode = be32(p + 24), e.size = be32(p + 36);
    std::memcpy(e.blob_id, p + kStatFields, kIdBytes);
    const std::uint16_t flags = be16(p + kStatFields + kIdBytes);
    e.stage = (flags >> 12) & 3;
    p += kStatFields + kIdBytes + 2;
    if (flags & kExtendedFlag) {
      if (version < 3 || end - p < 2) return false;
      p += 2;
    }
    if (version == 4) {
      auto strip = read_varint(p, end);
      if (!strip || *strip > previous.size()) return false;
      const char* nul = static_cast<const char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
      if (!nul) return false;
      previous.resize(previous.size() - *strip);
      previous.append(p, nul);
      e.path = previous;
      p = nul + 1;
    } else {
      std::size_t length = flags & kNameMask;
      const char* nul = static_cast<const char*>(std::memchr(p, '\0', static_cast<std::size_t>(end - p)));
      if (!nul || (length < kNameMask && static_cast<std::size_t>(nul - p) != length)) return false;
      e.path.assign(p, nul);
      // Padded with 1 to 8 NULs to a multiple of 8 bytes from the entry's start.
      std::size_t size = (static_cast<std::size_t>(nul - entry) + 8) & ~std::size_t{7};
      if (end - entry < static_cast<std::ptrdiff_t>(size)) return false;
      p = entry + size;
    }
    // A sparse index's folder entries stand for many files: left to libgit2.
    if ((e.mode & 0170000) == 0040000) return false;
    entry_fn(e);
  }
  // Extensions: a split index ("link") keeps entries in another file.
  while (end - p >= 8) {
    std::uint32_t size = be32(p + 4);
    if (std::memcmp(p, "link", 4) == 0 || std::memcmp(p, "sdir", 4) == 0) return false;
    if (static_cast<std::size_t>(end - p - 8) < size) return false;
    p += 8 + size;
  }
  return p == end;
}

std::optional<std::vector<IndexFileEntry>> parse_index_file(std::string_view bytes) {
  std::vector<IndexFileEntry> out;
  if (!for_each_index_file_entry(
          bytes, [&](std::size_t count) { out.reserve(count); },
          [&](IndexFileEntry& e) { out.push_back(std::move(e)); }))
    return std::nullopt;
  return out;
}

}  // namespace dvx::git
