#include "stats/parquet/values.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "dvx/util/error.hpp"
#include "stats/parquet/encodings.hpp"

namespace dvx::stats::parquet {

namespace {

// `n` values of T stored little-endian one after the other (PLAIN FLOAT, DOUBLE).
template <typename T>
void append_little_endian(const std::uint8_t* data, std::size_t n, std::vector<double>& out) {
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, data + sizeof(T) * i, sizeof(T));
    out.push_back(v);
  }
}

std::size_t fixed_width(const Leaf& leaf) {
  switch (leaf.type) {
    case Type::int32:
    case Type::float_: return 4;
    case Type::int64:
    case Type::double_: return 8;
    case Type::int96: return 12;
    case Type::fixed_len_byte_array: return static_cast<std::size_t>(leaf.type_length);
    default: return 0;
  }
}

}  // namespace

void decode_plain(const Leaf& leaf, const std::uint8_t* data, std::size_t size, std::size_t n, Phys& out) {
  switch (leaf.type) {
    case Type::boolean: {
      if ((n + 7) / 8 > size)
        fail(ErrorKind::corrupt, "PLAIN booleans need {} bytes, page has {}", (n + 7) / 8, size);
      out.ints.reserve(n);
      for (std::size_t i = 0; i < n; ++i) out.ints.push_back((data[i >> 3] >> (i & 7)) & 1);
      return;
    }
    case Type::byte_array: {
      std::size_t pos = 0;
      out.bytes.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        if (size - pos < 4) fail(ErrorKind::corrupt, "PLAIN byte array {} of {} truncated", i, n);
        std::uint32_t len = le32(data + pos);
        pos += 4;
        if (len > size - pos)
          fail(ErrorKind::corrupt, "PLAIN byte array of {} bytes exceeds the {} bytes left", len, size - pos);
        out.bytes.emplace_back(reinterpret_cast<const char*>(data + pos), len);
        pos += len;
      }
      return;
    }
    default: break;
  }
  std::size_t w = fixed_width(leaf);
  if (n > size / w) fail(ErrorKind::corrupt, "PLAIN values need {} bytes, page has {}", n * w, size);
  switch (leaf.type) {
    case Type::int32:
      out.ints.reserve(n);
      for (std::size_t i = 0; i < n; ++i) out.ints.push_back(static_cast<std::int32_t>(le32(data + 4 * i)));
      return;
    case Type::int64:
      out.ints.reserve(n);
      for (std::size_t i = 0; i < n; ++i) out.ints.push_back(static_cast<std::int64_t>(le64(data + 8 * i)));
      return;
    case Type::float_: append_little_endian<float>(data, n, out.reals); return;
    case Type::double_: append_little_endian<double>(data, n, out.reals); return;
    default:  // INT96, FLBA
      out.bytes.reserve(n);
      for (std::size_t i = 0; i < n; ++i)
        out.bytes.emplace_back(reinterpret_cast<const char*>(data + w * i), w);
      return;
  }
}

void decode_values(const Leaf& leaf, int enc, const std::uint8_t* data, std::size_t size, std::size_t n,
                   Phys& out) {
  namespace e = encoding;
  switch (enc) {
    case e::kPlain: decode_plain(leaf, data, size, n, out); return;
    case e::kRle: {
      if (leaf.type != Type::boolean) break;
      if (size < 4) fail(ErrorKind::corrupt, "RLE booleans lack their length prefix");
      std::uint32_t len = le32(data);
      if (len > size - 4) fail(ErrorKind::corrupt, "RLE booleans claim {} bytes, page has {}", len, size - 4);
      std::vector<std::uint32_t> bits(n);
      RleBitPackedDecoder dec(data + 4, len, 1);
      dec.decode(bits.data(), n);
      out.ints.assign(bits.begin(), bits.end());
      return;
    }
    case e::kDeltaBinaryPacked: {
      if (leaf.type != Type::int32 && leaf.type != Type::int64) break;
      decode_delta_binary_packed(data, size, n, out.ints);
      if (out.ints.size() != n)
        fail(ErrorKind::corrupt, "DELTA_BINARY_PACKED holds {} values, page needs {}", out.ints.size(), n);
      if (leaf.type == Type::int32)
        for (auto& v : out.ints) v = static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
      return;
    }
    case e::kDeltaLengthByteArray:
      if (leaf.type != Type::byte_array) break;
      decode_delta_length_byte_array(data, size, n, out.bytes);
      return;
    case e::kDeltaByteArray:
      if (leaf.type != Type::byte_array && leaf.type != Type::fixed_len_byte_array) break;
      // Reconstructed values may exceed the page (shared prefixes), within reason.
      decode_delta_byte_array(
          data, size, n,
          std::min<std::uint64_t>(kMaxPageBytes, std::max<std::uint64_t>(64ull << 20, 256ull * size)),
          out.arena, out.bytes);
      if (leaf.type == Type::fixed_len_byte_array)
        for (auto v : out.bytes)
          if (v.size() != static_cast<std::size_t>(leaf.type_length))
            fail(ErrorKind::corrupt,
                 "DELTA_BYTE_ARRAY value of {} bytes in a FIXED_LEN_BYTE_ARRAY({}) column", v.size(),
                 leaf.type_length);
      return;
    case e::kByteStreamSplit: {
      std::size_t w = fixed_width(leaf);
      if (w == 0) break;
      if (n > size / w)
        fail(ErrorKind::corrupt, "BYTE_STREAM_SPLIT values need {} bytes, page has {}", n * w, size);
      out.split.resize(n * w);
      decode_byte_stream_split(data, size, n, w, out.split.data());
      decode_plain(leaf, out.split.data(), out.split.size(), n, out);
      return;
    }
    default: break;
  }
  fail(ErrorKind::corrupt, "encoding {} ({}) is not valid for {} values", encoding::name(enc), enc,
       type_name(leaf.type));
}

namespace {

double half_to_double(std::uint16_t h) {
  int exp = (h >> 10) & 0x1f;
  int mant = h & 0x3ff;
  double sign = (h & 0x8000) ? -1.0 : 1.0;
  if (exp == 0) return sign * std::ldexp(mant, -24);
  if (exp == 31) return mant ? std::numeric_limits<double>::quiet_NaN() : sign * INFINITY;
  return sign * std::ldexp(mant + 1024, exp - 25);
}

double decimal_bytes_to_double(std::string_view b) {
  if (b.empty()) return 0.0;
  bool neg = static_cast<std::uint8_t>(b[0]) & 0x80;
  if (b.size() <= 16) {
    unsigned __int128 u = neg ? ~(unsigned __int128)0 : 0;
    for (unsigned char c : b) u = (u << 8) | c;
    auto s = static_cast<__int128>(u);
    return static_cast<double>(s);
  }
  // Wider than 128 bits: accumulate the magnitude in long double.
  long double v = 0;
  for (unsigned char c : b) v = v * 256 + (neg ? static_cast<unsigned char>(~c) : c);
  return static_cast<double>(neg ? -(v + 1) : v);
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if ((c & 0xe0) == 0xc0)
      len = 2, cp = c & 0x1f;
    else if ((c & 0xf0) == 0xe0)
      len = 3, cp = c & 0x0f;
    else if ((c & 0xf8) == 0xf0)
      len = 4, cp = c & 0x07;
    else
      return false;
    if (n - i < static_cast<std::size_t>(len)) return false;
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

std::string blob_text(std::string_view s) {
  if (valid_utf8(s)) return std::string(s);
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    if (c >= 32 && c <= 126 && c != '\\' && c != '\'' && c != '"') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

double to_number(const Leaf& leaf, const Phys& p, std::size_t i) {
  switch (leaf.conv) {
    case Conv::int_signed: return static_cast<double>(p.ints[i]);
    case Conv::uint32: return static_cast<double>(static_cast<std::uint32_t>(p.ints[i]));
    case Conv::uint64: return static_cast<double>(static_cast<std::uint64_t>(p.ints[i]));
    case Conv::real: return p.reals[i];
    case Conv::decimal_int: return static_cast<double>(p.ints[i]) / leaf.divisor;
    case Conv::decimal_bytes: return decimal_bytes_to_double(p.bytes[i]) / leaf.divisor;
    case Conv::scaled_int: return static_cast<double>(p.ints[i]) * leaf.factor;
    case Conv::int96_micros: {
      const auto* b = reinterpret_cast<const std::uint8_t*>(p.bytes[i].data());
      auto nanos = static_cast<std::int64_t>(le64(b));
      auto julian = static_cast<std::int32_t>(le32(b + 8));
      constexpr std::int64_t kUnixEpochJulian = 2440588;
      return static_cast<double>(julian - kUnixEpochJulian) * 86400e6 + static_cast<double>(nanos) / 1000.0;
    }
    case Conv::float16: {
      const auto* b = reinterpret_cast<const std::uint8_t*>(p.bytes[i].data());
      return half_to_double(static_cast<std::uint16_t>(b[0] | (b[1] << 8)));
    }
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

std::string to_text(const Leaf& leaf, const Phys& p, std::size_t i) {
  switch (leaf.conv) {
    case Conv::boolean_text: return p.ints[i] ? "true" : "false";
    case Conv::utf8: return std::string(p.bytes[i]);
    case Conv::uuid: {
      static const char* hex = "0123456789abcdef";
      std::string out;
      for (std::size_t k = 0; k < 16; ++k) {
        if (k == 4 || k == 6 || k == 8 || k == 10) out += '-';
        auto c = static_cast<unsigned char>(p.bytes[i][k]);
        out += hex[c >> 4];
        out += hex[c & 15];
      }
      return out;
    }
    default: return blob_text(p.bytes[i]);
  }
}

std::size_t phys_count(const Leaf& leaf, const Phys& p) {
  switch (leaf.type) {
    case Type::boolean:
    case Type::int32:
    case Type::int64: return p.ints.size();
    case Type::float_:
    case Type::double_: return p.reals.size();
    default: return p.bytes.size();
  }
}

}  // namespace dvx::stats::parquet
