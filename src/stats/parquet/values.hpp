#pragma once
// Value decoding: one page's (or the dictionary's) physical values in any of
// the encodings a flat column may use, and their conversion to the numbers
// and texts a Table holds, as the leaf's classification says.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "stats/parquet/schema.hpp"

namespace dvx::stats::parquet {

inline constexpr std::uint64_t kMaxPageBytes = 1ull << 30;  // one decompressed page

// Physical values of one page (or of the dictionary).
struct Phys {
  std::vector<std::int64_t> ints;       // BOOLEAN, INT32, INT64
  std::vector<double> reals;            // FLOAT, DOUBLE
  std::vector<std::string_view> bytes;  // BYTE_ARRAY, FLBA, INT96
  std::string arena;                    // DELTA_BYTE_ARRAY reconstruction
  std::vector<std::uint8_t> split;      // BYTE_STREAM_SPLIT of FLBA
  void clear() {
    ints.clear();
    reals.clear();
    bytes.clear();
    arena.clear();
    split.clear();
  }
};

inline std::uint32_t le32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline std::uint64_t le64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// `n` PLAIN values of the leaf's physical type from `size` bytes.
void decode_plain(const Leaf& leaf, const std::uint8_t* data, std::size_t size, std::size_t n, Phys& out);
// `n` values in encoding `enc` (not a dictionary encoding); an encoding that
// does not fit the physical type is corrupt.
void decode_values(const Leaf& leaf, int enc, const std::uint8_t* data, std::size_t size, std::size_t n,
                   Phys& out);
// Value `i` of `p` as a number (numeric leaves) or a text (categorical leaves).
double to_number(const Leaf& leaf, const Phys& p, std::size_t i);
std::string to_text(const Leaf& leaf, const Phys& p, std::size_t i);
// How many values `p` holds for the leaf's physical type.
std::size_t phys_count(const Leaf& leaf, const Phys& p);

}  // namespace dvx::stats::parquet
