#pragma once
// Thrift compact protocol reader (the encoding of Parquet's footer and page
// headers), bounds-checked over a byte span. Every malformed input throws
// dvx::Error(corrupt) with a message saying what was wrong; the Parquet
// reader adds the file name. Nesting depth and list sizes are bounded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dvx::stats::parquet {

// Compact protocol type ids.
namespace ttype {
inline constexpr std::uint8_t kStop = 0, kBoolTrue = 1, kBoolFalse = 2, kByte = 3, kI16 = 4, kI32 = 5,
                              kI64 = 6, kDouble = 7, kBinary = 8, kList = 9, kSet = 10, kMap = 11,
                              kStruct = 12;
}

class CompactReader {
 public:
  CompactReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::size_t position() const { return pos_; }

  // Struct traversal: begin_struct(); while (next_field(id, type)) {...}; end_struct().
  void begin_struct();
  bool next_field(std::int16_t& id, std::uint8_t& type);
  void end_struct();

  // Field readers: `type` is the type from the field header, checked.
  bool read_bool(std::uint8_t type);
  std::int32_t read_i32(std::uint8_t type);
  std::int64_t read_i64(std::uint8_t type);
  std::string read_string(std::uint8_t type);
  std::string_view read_binary_view(std::uint8_t type);

  // List header: element type and size. The size is bounded by the bytes left.
  struct ListHeader {
    std::uint8_t elem_type;
    std::size_t size;
  };
  ListHeader read_list_header(std::uint8_t type);
  // List elements (no field header).
  std::int32_t read_list_i32(std::uint8_t elem_type) { return read_i32(elem_type); }
  void expect_struct(std::uint8_t type);

  // Skips one value of `type` (any nesting, bounded depth).
  void skip(std::uint8_t type, int depth = 0);

 private:
  std::uint64_t read_varint();
  std::int64_t read_zigzag();
  std::uint8_t read_u8();
  void need(std::size_t n) const;
  void check_type(std::uint8_t got, std::uint8_t want, const char* what) const;

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::int16_t last_field_[64] = {};
  int depth_ = 0;
};

}  // namespace dvx::stats::parquet
