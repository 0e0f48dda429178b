#include "stats/parquet/thrift_compact.hpp"

#include "dvx/util/error.hpp"

namespace dvx::stats::parquet {

namespace {
constexpr int kMaxDepth = 64;

const char* type_name(std::uint8_t t) {
  switch (t) {
    case ttype::kBoolTrue:
    case ttype::kBoolFalse: return "bool";
    case ttype::kByte: return "byte";
    case ttype::kI16: return "i16";
    case ttype::kI32: return "i32";
    case ttype::kI64: return "i64";
    case ttype::kDouble: return "double";
    case ttype::kBinary: return "binary";
    case ttype::kList: return "list";
    case ttype::kSet: return "set";
    case ttype::kMap: return "map";
    case ttype::kStruct: return "struct";
    default: return "invalid type";
  }
}
}  // namespace

void CompactReader::need(std::size_t n) const {
  if (n > size_ - pos_) fail(ErrorKind::corrupt, "thrift data truncated at byte {} (need {} more)", pos_, n);
}

std::uint8_t CompactReader::read_u8() {
  need(1);
  return data_[pos_++];
}

std::uint64_t CompactReader::read_varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    std::uint8_t b = read_u8();
    if (shift == 63 && (b & 0x7e) != 0)
      fail(ErrorKind::corrupt, "thrift varint overflows 64 bits at byte {}", pos_);
    value |= std::uint64_t(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return value;
  }
  fail(ErrorKind::corrupt, "thrift varint longer than 10 bytes at byte {}", pos_);
}

std::int64_t CompactReader::read_zigzag() {
  std::uint64_t v = read_varint();
  return static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

void CompactReader::check_type(std::uint8_t got, std::uint8_t want, const char* what) const {
  if (got != want)
    fail(ErrorKind::corrupt, "thrift {} expected as {} but encoded as {} at byte {}", what, type_name(want),
         type_name(got), pos_);
}

void CompactReader::begin_struct() {
  if (depth_ + 1 >= kMaxDepth) fail(ErrorKind::corrupt, "thrift structs nested deeper than {}", kMaxDepth);
  last_field_[++depth_] = 0;
}

void CompactReader::end_struct() {
  --depth_;
}

bool CompactReader::next_field(std::int16_t& id, std::uint8_t& type) {
  std::uint8_t b = read_u8();
  type = b & 0x0f;
  if (type == ttype::kStop) return false;
  if (type > ttype::kStruct)
    fail(ErrorKind::corrupt, "thrift field has invalid type {} at byte {}", type, pos_);
  std::uint8_t delta = b >> 4;
  if (delta != 0) {
    id = static_cast<std::int16_t>(last_field_[depth_] + delta);
  } else {
    std::int64_t v = read_zigzag();
    if (v < INT16_MIN || v > INT16_MAX) fail(ErrorKind::corrupt, "thrift field id {} out of range", v);
    id = static_cast<std::int16_t>(v);
  }
  last_field_[depth_] = id;
  return true;
}

bool CompactReader::read_bool(std::uint8_t type) {
  if (type == ttype::kBoolTrue) return true;
  if (type == ttype::kBoolFalse) return false;
  check_type(type, ttype::kBoolTrue, "bool");
  return false;
}

std::int32_t CompactReader::read_i32(std::uint8_t type) {
  if (type != ttype::kI32 && type != ttype::kI16 && type != ttype::kByte)
    check_type(type, ttype::kI32, "i32");
  if (type == ttype::kByte) return static_cast<std::int8_t>(read_u8());
  std::int64_t v = read_zigzag();
  if (v < INT32_MIN || v > INT32_MAX) fail(ErrorKind::corrupt, "thrift i32 value {} out of range", v);
  return static_cast<std::int32_t>(v);
}

std::int64_t CompactReader::read_i64(std::uint8_t type) {
  if (type != ttype::kI64 && type != ttype::kI32 && type != ttype::kI16) check_type(type, ttype::kI64, "i64");
  return read_zigzag();
}

std::string_view CompactReader::read_binary_view(std::uint8_t type) {
  check_type(type, ttype::kBinary, "binary");
  std::uint64_t n = read_varint();
  if (n > size_ - pos_)
    fail(ErrorKind::corrupt, "thrift binary of {} bytes exceeds the {} bytes left", n, size_ - pos_);
  std::string_view v(reinterpret_cast<const char*>(data_ + pos_), n);
  pos_ += n;
  return v;
}

std::string CompactReader::read_string(std::uint8_t type) {
  return std::string(read_binary_view(type));
}

CompactReader::ListHeader CompactReader::read_list_header(std::uint8_t type) {
  if (type != ttype::kSet) check_type(type, ttype::kList, "list");
  std::uint8_t b = read_u8();
  ListHeader h{static_cast<std::uint8_t>(b & 0x0f), static_cast<std::size_t>(b >> 4)};
  if (h.size == 15) {
    std::uint64_t n = read_varint();
    if (n > size_ - pos_)
      fail(ErrorKind::corrupt, "thrift list of {} elements exceeds the {} bytes left", n, size_ - pos_);
    h.size = n;
  }
  if (h.size > 0 && (h.elem_type == ttype::kStop || h.elem_type > ttype::kStruct))
    fail(ErrorKind::corrupt, "thrift list has invalid element type {}", h.elem_type);
  if (h.size > size_ - pos_)
    fail(ErrorKind::corrupt, "thrift list of {} elements exceeds the {} bytes left", h.size, size_ - pos_);
  return h;
}

void CompactReader::expect_struct(std::uint8_t type) {
  check_type(type, ttype::kStruct, "struct");
}

void CompactReader::skip(std::uint8_t type, int depth) {
  if (depth > kMaxDepth) fail(ErrorKind::corrupt, "thrift values nested deeper than {}", kMaxDepth);
  switch (type) {
    case ttype::kBoolTrue:
    case ttype::kBoolFalse: return;  // value is in the field header
    case ttype::kByte:
      need(1);
      pos_ += 1;
      return;
    case ttype::kI16:
    case ttype::kI32:
    case ttype::kI64: read_varint(); return;
    case ttype::kDouble:
      need(8);
      pos_ += 8;
      return;
    case ttype::kBinary: read_binary_view(type); return;
    case ttype::kList:
    case ttype::kSet: {
      ListHeader h = read_list_header(type);
      for (std::size_t i = 0; i < h.size; ++i) {
        if (h.elem_type == ttype::kBoolTrue || h.elem_type == ttype::kBoolFalse)
          read_u8();
        else
          skip(h.elem_type, depth + 1);
      }
      return;
    }
    case ttype::kMap: {
      std::uint64_t n = read_varint();
      if (n == 0) return;
      if (n > size_ - pos_) fail(ErrorKind::corrupt, "thrift map of {} entries exceeds the bytes left", n);
      std::uint8_t kv = read_u8();
      std::uint8_t kt = kv >> 4, vt = kv & 0x0f;
      if (kt == 0 || kt > ttype::kStruct || vt == 0 || vt > ttype::kStruct)
        fail(ErrorKind::corrupt, "thrift map has invalid key/value types");
      for (std::uint64_t i = 0; i < n; ++i) {
        for (std::uint8_t t : {kt, vt}) {
          if (t == ttype::kBoolTrue || t == ttype::kBoolFalse)
            read_u8();
          else
            skip(t, depth + 1);
        }
      }
      return;
    }
    case ttype::kStruct: {
      begin_struct();
      std::int16_t id;
      std::uint8_t t;
      while (next_field(id, t)) skip(t, depth + 1);
      end_struct();
      return;
    }
    default: fail(ErrorKind::corrupt, "thrift value has invalid type {} at byte {}", type, pos_);
  }
}

}  // namespace dvx::stats::parquet
