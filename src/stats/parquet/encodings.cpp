#include "stats/parquet/encodings.hpp"

#include <algorithm>
#include <cstring>

#include "dvx/util/error.hpp"

namespace dvx::stats::parquet {

std::uint64_t read_bits_lsb(const std::uint8_t* data, std::size_t bit_pos, int width) {
  if (width == 0) return 0;
  std::size_t byte = bit_pos >> 3;
  int shift = static_cast<int>(bit_pos & 7);
  int nbytes = (shift + width + 7) / 8;  // at most 9
  std::uint64_t lo = 0;
  int first = nbytes < 8 ? nbytes : 8;
  for (int i = 0; i < first; ++i) lo |= std::uint64_t(data[byte + i]) << (8 * i);
  std::uint64_t v = lo >> shift;
  if (nbytes == 9) v |= std::uint64_t(data[byte + 8]) << (64 - shift);
  if (width < 64) v &= (std::uint64_t(1) << width) - 1;
  return v;
}

std::uint64_t read_uleb128(const std::uint8_t* data, std::size_t size, std::size_t& pos) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= size) fail(ErrorKind::corrupt, "varint truncated at byte {}", pos);
    std::uint8_t b = data[pos++];
    if (shift == 63 && (b & 0x7e) != 0) fail(ErrorKind::corrupt, "varint overflows 64 bits at byte {}", pos);
    value |= std::uint64_t(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return value;
  }
  fail(ErrorKind::corrupt, "varint longer than 10 bytes at byte {}", pos);
}

std::int64_t read_zigzag_varint(const std::uint8_t* data, std::size_t size, std::size_t& pos) {
  std::uint64_t v = read_uleb128(data, size, pos);
  return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

// ---------------------------------------------------------------- RLE hybrid

RleBitPackedDecoder::RleBitPackedDecoder(const std::uint8_t* data, std::size_t size, int bit_width)
    : data_(data), size_(size), bit_width_(bit_width) {
  if (bit_width < 0 || bit_width > 32)
    fail(ErrorKind::corrupt, "RLE bit width {} out of range 0..32", bit_width);
}

bool RleBitPackedDecoder::next_run() {
  if (pos_ >= size_) return false;
  std::uint64_t header = read_uleb128(data_, size_, pos_);
  if ((header & 1) == 0) {
    rle_left_ = header >> 1;
    std::size_t nbytes = (bit_width_ + 7) / 8;
    if (nbytes > size_ - pos_) fail(ErrorKind::corrupt, "RLE run value truncated at byte {}", pos_);
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < nbytes; ++i) v |= std::uint32_t(data_[pos_ + i]) << (8 * i);
    pos_ += nbytes;
    if (bit_width_ < 32 && (v >> bit_width_) != 0)
      fail(ErrorKind::corrupt, "RLE run value {} wider than {} bits", v, bit_width_);
    rle_value_ = v;
  } else {
    std::uint64_t groups = header >> 1;
    std::size_t avail = size_ - pos_;
    // The last bit-packed run may be cut short of its final group: decode
    // what is there (as Arrow and parquet-mr do).
    std::uint64_t bytes = groups * static_cast<std::uint64_t>(bit_width_);
    if (groups > (std::uint64_t(1) << 40) || bytes > avail) bytes = avail;
    packed_left_ = bit_width_ == 0 ? groups * 8 : (bytes * 8) / bit_width_;
    if (packed_left_ > groups * 8) packed_left_ = groups * 8;
    packed_bit_pos_ = pos_ * 8;
    pos_ += bytes;
  }
  return true;
}

void RleBitPackedDecoder::decode(std::uint32_t* out, std::size_t n) {
  std::size_t i = 0;
  while (i < n) {
    if (rle_left_ > 0) {
      std::size_t take = rle_left_ < n - i ? rle_left_ : n - i;
      std::fill(out + i, out + i + take, rle_value_);
      i += take;
      rle_left_ -= take;
    } else if (packed_left_ > 0) {
      std::size_t take = packed_left_ < n - i ? packed_left_ : n - i;
      for (std::size_t k = 0; k < take; ++k) {
        out[i + k] = static_cast<std::uint32_t>(read_bits_lsb(data_, packed_bit_pos_, bit_width_));
        packed_bit_pos_ += bit_width_;
      }
      i += take;
      packed_left_ -= take;
    } else if (!next_run()) {
      fail(ErrorKind::corrupt, "RLE/bit-packed data ends after {} of {} values", i, n);
    }
  }
}

std::size_t decode_bit_packed_msb(const std::uint8_t* data, std::size_t size, int bit_width,
                                  std::uint32_t* out, std::size_t n) {
  if (bit_width < 0 || bit_width > 32) fail(ErrorKind::corrupt, "bit width {} out of range", bit_width);
  std::uint64_t bits = static_cast<std::uint64_t>(n) * bit_width;
  std::uint64_t bytes = (bits + 7) / 8;
  if (bytes > size) fail(ErrorKind::corrupt, "BIT_PACKED levels need {} bytes, {} left", bytes, size);
  std::size_t bit = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t v = 0;
    for (int b = 0; b < bit_width; ++b, ++bit) {
      v = (v << 1) | ((data[bit >> 3] >> (7 - (bit & 7))) & 1);
    }
    out[i] = v;
  }
  return bytes;
}

// ------------------------------------------------------------ delta encodings

std::size_t decode_delta_binary_packed(const std::uint8_t* data, std::size_t size, std::size_t max_values,
                                       std::vector<std::int64_t>& out) {
  std::size_t pos = 0;
  std::uint64_t block_size = read_uleb128(data, size, pos);
  std::uint64_t miniblocks = read_uleb128(data, size, pos);
  std::uint64_t total = read_uleb128(data, size, pos);
  std::int64_t first = read_zigzag_varint(data, size, pos);
  if (block_size == 0 || block_size % 128 != 0 || block_size > (1u << 20))
    fail(ErrorKind::corrupt, "DELTA_BINARY_PACKED block size {} is not a positive multiple of 128",
         block_size);
  if (miniblocks == 0 || miniblocks > block_size || block_size % miniblocks != 0 ||
      (block_size / miniblocks) % 32 != 0)
    fail(ErrorKind::corrupt, "DELTA_BINARY_PACKED has {} miniblocks per block of {}", miniblocks, block_size);
  if (total > max_values)
    fail(ErrorKind::corrupt, "DELTA_BINARY_PACKED claims {} values where at most {} fit", total, max_values);
  std::size_t per_mini = block_size / miniblocks;
  std::size_t start = out.size();
  std::size_t end = start + total;
  if (total == 0) return pos;
  out.reserve(start + std::min<std::size_t>(total, std::size_t(1) << 16));
  out.push_back(first);
  std::uint64_t last = static_cast<std::uint64_t>(first);
  while (out.size() < end) {
    std::uint64_t min_delta = static_cast<std::uint64_t>(read_zigzag_varint(data, size, pos));
    if (miniblocks > size - pos)
      fail(ErrorKind::corrupt, "DELTA_BINARY_PACKED bit widths truncated at byte {}", pos);
    const std::uint8_t* widths = data + pos;
    pos += miniblocks;
    for (std::size_t m = 0; m < miniblocks && out.size() < end; ++m) {
      int w = widths[m];
      if (w > 64) fail(ErrorKind::corrupt, "DELTA_BINARY_PACKED bit width {} exceeds 64", w);
      std::size_t take = end - out.size() < per_mini ? end - out.size() : per_mini;
      std::size_t need = (take * w + 7) / 8;
      if (need > size - pos)
        fail(ErrorKind::corrupt, "DELTA_BINARY_PACKED miniblock truncated at byte {}", pos);
      std::size_t bit = pos * 8;
      for (std::size_t k = 0; k < take; ++k) {
        last += min_delta + read_bits_lsb(data, bit, w);
        bit += w;
        out.push_back(static_cast<std::int64_t>(last));
      }
      std::size_t full = per_mini * w / 8;
      pos += full < size - pos ? full : size - pos;
    }
  }
  return pos;
}

std::size_t decode_delta_length_byte_array(const std::uint8_t* data, std::size_t size, std::size_t n,
                                           std::vector<std::string_view>& out) {
  std::vector<std::int64_t> lengths;
  std::size_t pos = decode_delta_binary_packed(data, size, n, lengths);
  if (lengths.size() != n)
    fail(ErrorKind::corrupt, "DELTA_LENGTH_BYTE_ARRAY has {} lengths for {} values", lengths.size(), n);
  out.reserve(out.size() + n);
  for (std::int64_t len64 : lengths) {
    auto len = static_cast<std::int32_t>(len64);
    if (len < 0 || static_cast<std::size_t>(len) > size - pos)
      fail(ErrorKind::corrupt, "DELTA_LENGTH_BYTE_ARRAY value of length {} exceeds the {} bytes left", len,
           size - pos);
    out.emplace_back(reinterpret_cast<const char*>(data + pos), static_cast<std::size_t>(len));
    pos += len;
  }
  return pos;
}

void decode_delta_byte_array(const std::uint8_t* data, std::size_t size, std::size_t n, std::size_t max_total,
                             std::string& arena, std::vector<std::string_view>& out) {
  std::vector<std::int64_t> prefixes;
  std::size_t pos = decode_delta_binary_packed(data, size, n, prefixes);
  if (prefixes.size() != n)
    fail(ErrorKind::corrupt, "DELTA_BYTE_ARRAY has {} prefix lengths for {} values", prefixes.size(), n);
  std::vector<std::string_view> suffixes;
  decode_delta_length_byte_array(data + pos, size - pos, n, suffixes);
  // First pass: lengths and the total, checked before allocating.
  std::uint64_t total = 0, prev_len = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto p = static_cast<std::int32_t>(prefixes[i]);
    if (p < 0 || static_cast<std::uint64_t>(p) > prev_len)
      fail(ErrorKind::corrupt, "DELTA_BYTE_ARRAY prefix length {} exceeds the previous value's length {}", p,
           prev_len);
    prev_len = static_cast<std::uint64_t>(p) + suffixes[i].size();
    total += prev_len;
    if (total > max_total)
      fail(ErrorKind::corrupt, "DELTA_BYTE_ARRAY values exceed {} bytes in one page", max_total);
  }
  arena.clear();
  arena.reserve(total);
  std::size_t prev_start = 0;
  std::vector<std::size_t> starts(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t start = arena.size();
    arena.append(arena, prev_start, static_cast<std::size_t>(prefixes[i]));
    arena.append(suffixes[i]);
    starts[i] = start;
    prev_start = start;
  }
  out.reserve(out.size() + n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t len = (i + 1 < n ? starts[i + 1] : arena.size()) - starts[i];
    out.emplace_back(arena.data() + starts[i], len);
  }
}

void decode_byte_stream_split(const std::uint8_t* data, std::size_t size, std::size_t n, std::size_t width,
                              std::uint8_t* out) {
  if (width == 0) return;
  std::size_t stride = size / width;
  if (stride < n) fail(ErrorKind::corrupt, "BYTE_STREAM_SPLIT data holds {} values, {} expected", stride, n);
  for (std::size_t b = 0; b < width; ++b) {
    const std::uint8_t* stream = data + b * stride;
    for (std::size_t i = 0; i < n; ++i) out[i * width + b] = stream[i];
  }
}

}  // namespace dvx::stats::parquet
