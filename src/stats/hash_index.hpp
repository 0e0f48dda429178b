#pragma once
// An open-addressing hash index from text to a dense code (0, 1, 2, ... in
// order of first appearance), for counting categories without copying a
// string per row. It stores only (hash, code) pairs; the caller keeps the
// text of each code and hands it back through `text_of` so that equal
// hashes are confirmed byte for byte (codes are exact, never merged by a
// hash collision). Linear probing; power-of-two capacity kept under half full.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace dvx::stats {

// 64-bit hash of bytes: 8 bytes at a time (FNV-1a style), then a final mix.
inline std::uint64_t hash_text(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ULL;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

class HashIndex {
 public:
  HashIndex() { rehash(1024); }
  std::size_t size() const { return size_; }

  // The code of `value`; when it is new, `size()` before the call (the
  // caller then stores its text under that code) and *inserted = true.
  template <class TextOf>
  std::uint32_t find_or_add(std::string_view value, const TextOf& text_of, bool* inserted) {
    const std::uint64_t h = hash_text(value);
    for (std::size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
      Slot& s = slots_[slot];
      if (s.code == kEmpty) {
        *inserted = true;
        s.hash = h;
        s.code = static_cast<std::uint32_t>(size_++);
        const std::uint32_t code = s.code;
        if (2 * size_ > slots_.size()) rehash(slots_.size() * 2);
        return code;
      }
      if (s.hash == h && text_of(s.code) == value) {
        *inserted = false;
        return s.code;
      }
    }
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xffffffffU;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t code = kEmpty;
  };

  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    for (const Slot& s : old) {
      if (s.code == kEmpty) continue;
      std::size_t slot = s.hash & mask_;
      while (slots_[slot].code != kEmpty) slot = (slot + 1) & mask_;
      slots_[slot] = s;
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0, size_ = 0;
};

}  // namespace dvx::stats
