// Thrift compact protocol, RLE/bit-packed hybrid and delta encodings, on
// byte sequences built by hand from the Parquet format specification
// (Encodings.md examples) and the Thrift compact protocol specification.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dvx/util/error.hpp"
#include "stats/parquet/encodings.hpp"
#include "stats/parquet/metadata.hpp"
#include "stats/parquet/thrift_compact.hpp"

namespace pq = dvx::stats::parquet;
using Bytes = std::vector<std::uint8_t>;

namespace {

void expect_corrupt(const std::function<void()>& fn) {
  try {
    fn();
    ADD_FAILURE() << "expected dvx::Error(corrupt)";
  } catch (const dvx::Error& e) {
    EXPECT_EQ(e.kind(), dvx::ErrorKind::corrupt) << e.what();
  }
}

// ------------------------------------------------------------ thrift compact

// PageHeader{type=DATA_PAGE, uncompressed=100, compressed=50, crc=-1,
//   data_page_header{num_values=10, encoding=PLAIN, def=RLE, rep=RLE}},
// plus an unknown binary field 100 (long-form header) that must be skipped.
const Bytes kPageHeader = {
    0x15, 0x00,        // field 1 (delta 1, i32): 0
    0x15, 0xC8, 0x01,  // field 2: zigzag(100) = 200
    0x15, 0x64,        // field 3: zigzag(50) = 100
    0x15, 0x01,        // field 4: zigzag(-1) = 1
    0x1C,              // field 5 (delta 1, struct)
    0x15, 0x14,        //   field 1: 10
    0x15, 0x00,        //   field 2: PLAIN
    0x15, 0x06,        //   field 3: RLE (3)
    0x15, 0x06,        //   field 4: RLE (3)
    0x00,              //   stop
    0x08, 0xC8, 0x01,  // field 100 (long form: type binary, zigzag id 200)
    0x01, 'x',         //   binary "x"
    0x00,              // stop
};

TEST(ParquetThrift, PageHeaderFromSpecBytes) {
  std::size_t used = 0;
  pq::PageHeader h = pq::parse_page_header(kPageHeader.data(), kPageHeader.size(), used);
  EXPECT_EQ(used, kPageHeader.size());
  EXPECT_EQ(h.type, pq::PageType::data);
  EXPECT_EQ(h.uncompressed_page_size, 100);
  EXPECT_EQ(h.compressed_page_size, 50);
  ASSERT_TRUE(h.crc.has_value());
  EXPECT_EQ(*h.crc, 0xFFFFFFFFu);
  EXPECT_EQ(h.type_header_id, 5);
  EXPECT_EQ(h.num_values, 10);
  EXPECT_EQ(h.encoding, 0);
  EXPECT_EQ(h.def_level_encoding, 3);
}

TEST(ParquetThrift, EveryTruncationIsAnError) {
  for (std::size_t n = 0; n < kPageHeader.size(); ++n) {
    std::size_t used = 0;
    expect_corrupt([&] { pq::parse_page_header(kPageHeader.data(), n, used); });
  }
}

TEST(ParquetThrift, VarintsAndZigzag) {
  // Compact protocol: i64 zigzag varints; -1 -> 1, 1 -> 2, -64 -> 127, 64 -> 128 (0x80 0x01).
  Bytes b = {0x16, 0x01, 0x16, 0x02, 0x16, 0x7F, 0x16, 0x80, 0x01, 0x00};
  pq::CompactReader r(b.data(), b.size());
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  std::vector<std::int64_t> got;
  while (r.next_field(id, t)) got.push_back(r.read_i64(t));
  r.end_struct();
  EXPECT_EQ(got, (std::vector<std::int64_t>{-1, 1, -64, 64}));
}

TEST(ParquetThrift, ListsMapsAndSkipping) {
  // field 1: list<i32> of 3 (header 0x35): 1, -1, 2; field 2: map<binary,i32> {"a": 7};
  // field 3: bool true in the header (type 1); field 4: double 1.5 (skipped).
  Bytes b = {0x19, 0x35, 0x02, 0x01, 0x04,                       // list
             0x1B, 0x01, 0x85, 0x01, 'a',  0x0E,                 // map: size 1, key binary(8) value i32(5)
             0x11,                                               // bool true
             0x17, 0,    0,    0,    0,    0,    0, 0xF8, 0x3F,  // double 1.5
             0x00};
  pq::CompactReader r(b.data(), b.size());
  r.begin_struct();
  std::int16_t id;
  std::uint8_t t;
  ASSERT_TRUE(r.next_field(id, t));
  auto h = r.read_list_header(t);
  ASSERT_EQ(h.size, 3u);
  EXPECT_EQ(r.read_list_i32(h.elem_type), 1);
  EXPECT_EQ(r.read_list_i32(h.elem_type), -1);
  EXPECT_EQ(r.read_list_i32(h.elem_type), 2);
  ASSERT_TRUE(r.next_field(id, t));
  EXPECT_EQ(id, 2);
  r.skip(t);
  ASSERT_TRUE(r.next_field(id, t));
  EXPECT_EQ(id, 3);
  EXPECT_TRUE(r.read_bool(t));
  ASSERT_TRUE(r.next_field(id, t));
  EXPECT_EQ(id, 4);
  r.skip(t);
  EXPECT_FALSE(r.next_field(id, t));
  r.end_struct();
  EXPECT_EQ(r.position(), b.size());
}

TEST(ParquetThrift, HostileInputs) {
  // A list claiming 2^40 elements in a 10-byte buffer.
  Bytes huge = {0x19, 0xF5, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x00, 0x00};
  expect_corrupt([&] {
    pq::CompactReader r(huge.data(), huge.size());
    r.begin_struct();
    std::int16_t id;
    std::uint8_t t;
    r.next_field(id, t);
    r.skip(t);
  });
  // An 11-byte varint.
  Bytes longvar = {0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00};
  expect_corrupt([&] {
    pq::CompactReader r(longvar.data(), longvar.size());
    r.begin_struct();
    std::int16_t id;
    std::uint8_t t;
    r.next_field(id, t);
    r.read_i64(t);
  });
  // Structs nested 1000 deep (field 1, type struct, repeated): depth limit, no stack overflow.
  Bytes deep(1000, 0x1C);
  expect_corrupt([&] {
    pq::CompactReader r(deep.data(), deep.size());
    r.skip(pq::ttype::kStruct);
  });
  // Wrong wire type for a known field: schema name (binary) sent as i32.
  Bytes file = {0x29, 0x1C, 0x45, 0x02, 0x00, 0x00};  // FileMetaData.schema = [SchemaElement{name: i32}]
  expect_corrupt([&] { pq::parse_file_metadata(file.data(), file.size()); });
}

// ------------------------------------------------------------ RLE / bit-packed

TEST(ParquetRle, BitPackedSpecExample) {
  // Encodings.md: values 0..7 with bit width 3 bit-pack to 10001000 11000110 11111010.
  Bytes b = {0x03, 0x88, 0xC6, 0xFA};  // header: 1 group of 8, bit-packed
  std::vector<std::uint32_t> out(8);
  pq::RleBitPackedDecoder dec(b.data(), b.size(), 3);
  dec.decode(out.data(), 8);
  EXPECT_EQ(out, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(ParquetRle, RleRunsThenBitPacked) {
  // RLE run of 5 x 4 (header 5<<1 = 0x0A, value byte 0x04), then the bit-packed group above.
  Bytes b = {0x0A, 0x04, 0x03, 0x88, 0xC6, 0xFA};
  std::vector<std::uint32_t> out(13);
  pq::RleBitPackedDecoder dec(b.data(), b.size(), 3);
  dec.decode(out.data(), 2);
  dec.decode(out.data() + 2, 11);
  EXPECT_EQ(out, (std::vector<std::uint32_t>{4, 4, 4, 4, 4, 0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(ParquetRle, WideValuesAndBitWidthZero) {
  // 17-bit RLE value uses 3 bytes: 100000 = 0x0186A0.
  Bytes b = {0x04, 0xA0, 0x86, 0x01};
  std::vector<std::uint32_t> out(2);
  pq::RleBitPackedDecoder(b.data(), b.size(), 17).decode(out.data(), 2);
  EXPECT_EQ(out, (std::vector<std::uint32_t>{100000, 100000}));
  // Bit width 0: an RLE run has no value bytes; every value is 0.
  Bytes z = {0x06};
  std::vector<std::uint32_t> zo(3, 9);
  pq::RleBitPackedDecoder(z.data(), z.size(), 0).decode(zo.data(), 3);
  EXPECT_EQ(zo, (std::vector<std::uint32_t>{0, 0, 0}));
}

TEST(ParquetRle, TruncatedAndOversizedAreErrors) {
  Bytes b = {0x0A, 0x04};
  std::vector<std::uint32_t> out(6);
  expect_corrupt([&] { pq::RleBitPackedDecoder(b.data(), b.size(), 3).decode(out.data(), 6); });
  Bytes v = {0x02, 0x09};  // value 9 does not fit 3 bits
  expect_corrupt([&] { pq::RleBitPackedDecoder(v.data(), v.size(), 3).decode(out.data(), 1); });
  expect_corrupt([&] { pq::RleBitPackedDecoder(v.data(), v.size(), 33); });
}

TEST(ParquetRle, DeprecatedBitPackedSpecExample) {
  // Encodings.md BIT_PACKED: 0..7 with bit width 3 -> 00000101 00111001 01110111.
  Bytes b = {0x05, 0x39, 0x77};
  std::vector<std::uint32_t> out(8);
  EXPECT_EQ(pq::decode_bit_packed_msb(b.data(), b.size(), 3, out.data(), 8), 3u);
  EXPECT_EQ(out, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  expect_corrupt([&] { pq::decode_bit_packed_msb(b.data(), 2, 3, out.data(), 8); });
}

// ------------------------------------------------------------ delta encodings

TEST(ParquetDelta, BinaryPackedSpecExample1) {
  // 1,2,3,4,5: deltas all 1, min delta 1, bit width 0 (no miniblock bytes).
  Bytes b = {0x80, 0x01, 0x04, 0x05, 0x02,   // block 128, 4 miniblocks, 5 values, first = 1
             0x02, 0x00, 0x00, 0x00, 0x00};  // min delta 1, bit widths 0,0,0,0
  std::vector<std::int64_t> out;
  EXPECT_EQ(pq::decode_delta_binary_packed(b.data(), b.size(), 100, out), b.size());
  EXPECT_EQ(out, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
}

TEST(ParquetDelta, BinaryPackedSpecExample2) {
  // 7,5,3,1,2,3,4,5: min delta -2, relative deltas 0,0,0,3,3,3,3 at bit width 2.
  Bytes b = {0x80, 0x01, 0x04, 0x08, 0x0E,            // first = 7 (zigzag 14)
             0x03, 0x02, 0x00, 0x00, 0x00,            // min delta -2 (zigzag 3); widths 2,0,0,0
             0xC0, 0xFF, 0,    0,    0,    0, 0, 0};  // 32 values x 2 bits
  std::vector<std::int64_t> out;
  EXPECT_EQ(pq::decode_delta_binary_packed(b.data(), b.size(), 100, out), b.size());
  EXPECT_EQ(out, (std::vector<std::int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  // More values than allowed, and every truncation, are errors.
  out.clear();
  expect_corrupt([&] { pq::decode_delta_binary_packed(b.data(), b.size(), 7, out); });
  for (std::size_t n = 0; n < 11; ++n) {
    out.clear();
    expect_corrupt([&] { pq::decode_delta_binary_packed(b.data(), n, 100, out); });
  }
}

TEST(ParquetDelta, BinaryPackedSingleValueAndBadHeaders) {
  Bytes one = {0x80, 0x01, 0x04, 0x01, 0x7F};  // one value: -64, no blocks
  std::vector<std::int64_t> out;
  EXPECT_EQ(pq::decode_delta_binary_packed(one.data(), one.size(), 10, out), one.size());
  EXPECT_EQ(out, (std::vector<std::int64_t>{-64}));
  Bytes bad_block = {0x40, 0x04, 0x01, 0x00};  // block size 64: not a multiple of 128
  expect_corrupt([&] { pq::decode_delta_binary_packed(bad_block.data(), bad_block.size(), 10, out); });
  Bytes bad_mini = {0x80, 0x01, 0x03, 0x01, 0x00};  // 3 miniblocks: 128/3 not a multiple of 32
  expect_corrupt([&] { pq::decode_delta_binary_packed(bad_mini.data(), bad_mini.size(), 10, out); });
  Bytes wide = {0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 65, 0, 0, 0};  // bit width 65
  expect_corrupt([&] { pq::decode_delta_binary_packed(wide.data(), wide.size(), 10, out); });
}

TEST(ParquetDelta, LengthByteArraySpecExample) {
  // Encodings.md: "Hello", "World", "Foobar", "ABCDEF" -> lengths 5,5,6,6 then the bytes.
  Bytes b = {0x80, 0x01, 0x04, 0x04, 0x0A,  // first length 5
             0x00, 0x01, 0x00, 0x00, 0x00,  // min delta 0; widths 1,0,0,0
             0x02, 0x00, 0x00, 0x00};       // relative deltas 0,1,0
  std::string text = "HelloWorldFoobarABCDEF";
  b.insert(b.end(), text.begin(), text.end());
  std::vector<std::string_view> out;
  EXPECT_EQ(pq::decode_delta_length_byte_array(b.data(), b.size(), 4, out), b.size());
  EXPECT_EQ(out, (std::vector<std::string_view>{"Hello", "World", "Foobar", "ABCDEF"}));
  out.clear();
  expect_corrupt([&] { pq::decode_delta_length_byte_array(b.data(), b.size() - 1, 4, out); });
}

TEST(ParquetDelta, ByteArraySpecExample) {
  // Encodings.md: "axis", "axle", "babble", "babyhood" -> prefixes 0,2,0,3; suffixes
  // "axis", "le", "babble", "yhood".
  Bytes b = {0x80, 0x01, 0x04, 0x04, 0x00,                        // prefixes: first 0
             0x03, 0x03, 0x00, 0x00, 0x00,                        // min delta -2; width 3
             0x44, 0x01, 0,    0,    0,    0, 0, 0, 0, 0, 0, 0,   // 4,0,5
             0x80, 0x01, 0x04, 0x04, 0x08,                        // suffix lengths: first 4
             0x03, 0x03, 0x00, 0x00, 0x00,                        // min delta -2; width 3
             0x70, 0x00, 0,    0,    0,    0, 0, 0, 0, 0, 0, 0};  // 0,6,1
  std::string text = "axislebabbleyhood";
  b.insert(b.end(), text.begin(), text.end());
  std::string arena;
  std::vector<std::string_view> out;
  pq::decode_delta_byte_array(b.data(), b.size(), 4, 1 << 20, arena, out);
  EXPECT_EQ(out, (std::vector<std::string_view>{"axis", "axle", "babble", "babyhood"}));
  // A prefix longer than the previous value is an error; so is exceeding the byte budget.
  Bytes bad = b;
  bad[4] = 0x0A;  // first prefix 5 instead of 0 (the first value has no predecessor)
  out.clear();
  expect_corrupt([&] { pq::decode_delta_byte_array(bad.data(), bad.size(), 4, 1 << 20, arena, out); });
  out.clear();
  expect_corrupt([&] { pq::decode_delta_byte_array(b.data(), b.size(), 4, 10, arena, out); });
}

TEST(ParquetByteStreamSplit, Interleaves) {
  // Two FLOATs 1.0f (0x3F800000) and -2.0f (0xC0000000): stream k holds byte k of each value.
  Bytes b = {0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x3F, 0xC0};
  Bytes out(8);
  pq::decode_byte_stream_split(b.data(), b.size(), 2, 4, out.data());
  float f[2];
  std::memcpy(f, out.data(), 8);
  EXPECT_EQ(f[0], 1.0f);
  EXPECT_EQ(f[1], -2.0f);
  expect_corrupt([&] { pq::decode_byte_stream_split(b.data(), 7, 2, 4, out.data()); });
}

}  // namespace
