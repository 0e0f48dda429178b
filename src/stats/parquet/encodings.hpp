#pragma once
// Parquet value and level encodings, decoded from bounded byte spans. All
// functions throw dvx::Error(corrupt) when the bytes end early or hold
// impossible values; none reads outside [data, data + size).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::stats::parquet {

// Reads `width` (0..64) bits starting at bit `bit_pos`, LSB-first. The caller
// guarantees (bit_pos + width + 7) / 8 <= size.
std::uint64_t read_bits_lsb(const std::uint8_t* data, std::size_t bit_pos, int width);

// ULEB128 varint and zigzag varint readers over [data, data+size) at pos.
std::uint64_t read_uleb128(const std::uint8_t* data, std::size_t size, std::size_t& pos);
std::int64_t read_zigzag_varint(const std::uint8_t* data, std::size_t size, std::size_t& pos);

// RLE / bit-packed hybrid (levels, dictionary indices, RLE booleans).
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder(const std::uint8_t* data, std::size_t size, int bit_width);
  // Decodes exactly n values; throws corrupt when the runs end first.
  void decode(std::uint32_t* out, std::size_t n);
  std::size_t position() const { return pos_; }

 private:
  bool next_run();
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  int bit_width_;
  std::uint64_t rle_left_ = 0;
  std::uint32_t rle_value_ = 0;
  std::uint64_t packed_left_ = 0;
  std::size_t packed_bit_pos_ = 0;  // bit offset of the next packed value
};

// Deprecated BIT_PACKED level encoding (MSB-first, no length prefix).
// Returns the bytes consumed.
std::size_t decode_bit_packed_msb(const std::uint8_t* data, std::size_t size, int bit_width,
                                  std::uint32_t* out, std::size_t n);

// DELTA_BINARY_PACKED: appends every value of the stream (at most
// max_values, else corrupt) to out and returns the bytes consumed. Values
// are computed with 64-bit wrap-around; INT32 callers truncate.
std::size_t decode_delta_binary_packed(const std::uint8_t* data, std::size_t size, std::size_t max_values,
                                       std::vector<std::int64_t>& out);

// DELTA_LENGTH_BYTE_ARRAY: n values as views into data. Returns bytes consumed.
std::size_t decode_delta_length_byte_array(const std::uint8_t* data, std::size_t size, std::size_t n,
                                           std::vector<std::string_view>& out);

// DELTA_BYTE_ARRAY: n values, reconstructed into `arena` (reallocated once,
// so the views stay valid while arena lives and is not modified).
// `max_total` bounds the reconstructed bytes.
void decode_delta_byte_array(const std::uint8_t* data, std::size_t size, std::size_t n, std::size_t max_total,
                             std::string& arena, std::vector<std::string_view>& out);

// BYTE_STREAM_SPLIT: n values of `width` bytes, re-interleaved into `out`
// (n * width bytes).
void decode_byte_stream_split(const std::uint8_t* data, std::size_t size, std::size_t n, std::size_t width,
                              std::uint8_t* out);

}  // namespace dvx::stats::parquet
