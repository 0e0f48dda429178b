// Parquet file reader: footer, schema, column chunks, pages, levels and
// values into dvx::stats::Table. Every size and offset read from the file is
// checked against the file before use; decoded value counts are bounded by
// the page headers, which are bounded by a per-file sanity limit.
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "dvx/stats/parquet.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "stats/parquet/decompress.hpp"
#include "stats/parquet/encodings.hpp"
#include "stats/parquet/metadata.hpp"

namespace dvx::stats {

namespace pq = parquet;
using pq::Type;

namespace {

constexpr std::uint64_t kMaxPageBytes = 1ull << 30;      // one decompressed page
constexpr std::uint64_t kMaxFooterBytes = 256ull << 20;  // the Thrift footer
constexpr std::uint64_t kMaxDictHeaderPadding = 100;     // PARQUET-816 (old parquet-mr)

// ------------------------------------------------------------------ the file

class File {
 public:
  explicit File(const std::filesystem::path& path) : reader_(path) {
    off_t end = ::lseek(reader_.fd(), 0, SEEK_END);
    if (end < 0) fail_errno(fmt::format("cannot size {}", path.string()), errno);
    size_ = static_cast<std::uint64_t>(end);
  }
  std::uint64_t size() const { return size_; }
  const std::filesystem::path& path() const { return reader_.path(); }
  std::vector<std::uint8_t> read(std::uint64_t offset, std::uint64_t length) const {
    if (offset > size_ || length > size_ - offset)
      fail(ErrorKind::corrupt, "byte range {}+{} lies outside the {}-byte file", offset, length, size_);
    std::vector<std::uint8_t> buf(length);
    std::uint64_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(reader_.fd(), buf.data() + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        fail_errno(fmt::format("cannot read {}", path().string()), errno);
      }
      if (n == 0) fail(ErrorKind::corrupt, "file ends at byte {} while reading", offset + done);
      done += static_cast<std::uint64_t>(n);
    }
    return buf;
  }

 private:
  util::FileReader reader_;
  std::uint64_t size_ = 0;
};

// ------------------------------------------------------------------ schema

enum class Conv {
  int_signed,     // INT32 / INT64
  uint32,         // INT32 holding an unsigned value
  uint64,         // INT64 holding an unsigned value
  real,           // FLOAT / DOUBLE
  decimal_int,    // INT32 / INT64 unscaled decimal
  decimal_bytes,  // BYTE_ARRAY / FLBA big-endian two's complement decimal
  scaled_int,     // INT32 / INT64 times `factor` (dates, times, timestamps)
  int96_micros,   // Impala/Spark INT96 timestamp
  float16,        // FLBA(2) IEEE half
  boolean_text,   // BOOLEAN as "true"/"false"
  utf8,           // byte array as text
  blob,           // byte array without textual annotation
  uuid,           // FLBA(16) UUID
};

struct Leaf {
  std::string name;
  Type type = Type::int32;
  int type_length = 0;
  int max_def = 0, max_rep = 0;
  ColumnKind kind = ColumnKind::numeric;
  std::string skip_reason;
  Conv conv = Conv::int_signed;
  double factor = 1.0;  // scaled_int: multiply; decimal: divide by 10^scale via `divisor`
  double divisor = 1.0;
  std::string logical_text;
  std::string unit;
};

struct Schema {
  std::vector<Leaf> leaves;
};

bool is_unsigned_int(const pq::SchemaElement& e) {
  if (e.logical.kind == pq::LogicalType::integer) return !e.logical.is_signed;
  if (!e.converted_type) return false;
  int c = *e.converted_type;
  return c == pq::converted::kUint8 || c == pq::converted::kUint16 || c == pq::converted::kUint32 ||
         c == pq::converted::kUint64;
}

void classify(Leaf& leaf, const pq::SchemaElement& e) {
  using LT = pq::LogicalType;
  const LT& lt = e.logical;
  std::optional<int> ct = e.converted_type;
  auto conv_is = [&](int c) { return ct && *ct == c; };
  bool decimal = lt.kind == LT::decimal || (lt.kind == LT::none && conv_is(pq::converted::kDecimal));
  int scale = lt.kind == LT::decimal ? lt.scale : e.scale;
  int precision = lt.kind == LT::decimal ? lt.precision : e.precision;
  auto set_decimal = [&](Conv c) {
    if (scale < 0 || scale > 76) fail(ErrorKind::corrupt, "column {} has decimal scale {}", leaf.name, scale);
    leaf.conv = c;
    leaf.divisor = std::pow(10.0, scale);
    leaf.logical_text = fmt::format("DECIMAL({},{})", precision, scale);
  };
  const char* unit_names[] = {"MILLIS", "MICROS", "NANOS"};
  if (leaf.max_rep > 0) {
    leaf.kind = ColumnKind::skipped;
    leaf.skip_reason = "nested column (inside a repeated field: list or map); only flat columns are read";
    return;
  }
  switch (leaf.type) {
    case Type::boolean:
      leaf.kind = ColumnKind::categorical;
      leaf.conv = Conv::boolean_text;
      return;
    case Type::int32:
    case Type::int64: {
      bool is64 = leaf.type == Type::int64;
      if (decimal) return set_decimal(Conv::decimal_int);
      if (lt.kind == LT::date || (lt.kind == LT::none && conv_is(pq::converted::kDate))) {
        leaf.conv = Conv::scaled_int;
        leaf.logical_text = "DATE";
        leaf.unit = "days since 1970-01-01";
        return;
      }
      std::optional<pq::TimeUnit> time_unit, ts_unit;
      if (lt.kind == LT::time)
        time_unit = lt.unit;
      else if (lt.kind == LT::timestamp)
        ts_unit = lt.unit;
      else if (lt.kind == LT::none && conv_is(pq::converted::kTimeMillis))
        time_unit = pq::TimeUnit::millis;
      else if (lt.kind == LT::none && conv_is(pq::converted::kTimeMicros))
        time_unit = pq::TimeUnit::micros;
      else if (lt.kind == LT::none && conv_is(pq::converted::kTimestampMillis))
        ts_unit = pq::TimeUnit::millis;
      else if (lt.kind == LT::none && conv_is(pq::converted::kTimestampMicros))
        ts_unit = pq::TimeUnit::micros;
      if (time_unit || ts_unit) {
        pq::TimeUnit u = time_unit ? *time_unit : *ts_unit;
        leaf.conv = Conv::scaled_int;
        leaf.factor = u == pq::TimeUnit::millis ? 1000.0 : u == pq::TimeUnit::micros ? 1.0 : 0.001;
        leaf.logical_text = fmt::format("{}({})", time_unit ? "TIME" : "TIMESTAMP", unit_names[int(u)]);
        leaf.unit = time_unit ? "microseconds since midnight" : "microseconds since 1970-01-01 00:00:00";
        return;
      }
      if (is_unsigned_int(e)) {
        leaf.conv = is64 ? Conv::uint64 : Conv::uint32;
        leaf.logical_text = is64 ? "UINT64" : "UINT32";
        return;
      }
      leaf.conv = Conv::int_signed;
      return;
    }
    case Type::int96:
      leaf.conv = Conv::int96_micros;
      leaf.logical_text = "TIMESTAMP(INT96)";
      leaf.unit = "microseconds since 1970-01-01 00:00:00";
      return;
    case Type::float_:
    case Type::double_: leaf.conv = Conv::real; return;
    case Type::byte_array:
    case Type::fixed_len_byte_array: {
      bool flba = leaf.type == Type::fixed_len_byte_array;
      if (decimal) {
        if (flba && leaf.type_length > 64)
          fail(ErrorKind::corrupt, "column {} is a decimal of {} bytes", leaf.name, leaf.type_length);
        return set_decimal(Conv::decimal_bytes);
      }
      if (flba && conv_is(pq::converted::kInterval)) {
        leaf.kind = ColumnKind::skipped;
        leaf.skip_reason = "INTERVAL columns are not read";
        return;
      }
      if (flba && lt.kind == LT::float16) {
        if (leaf.type_length != 2)
          fail(ErrorKind::corrupt, "column {} is FLOAT16 with length {}", leaf.name, leaf.type_length);
        leaf.conv = Conv::float16;
        leaf.logical_text = "FLOAT16";
        return;
      }
      leaf.kind = ColumnKind::categorical;
      if (flba && lt.kind == LT::uuid && leaf.type_length == 16) {
        leaf.conv = Conv::uuid;
        leaf.logical_text = "UUID";
        return;
      }
      bool text = lt.kind == LT::string || lt.kind == LT::enum_ || lt.kind == LT::json ||
                  (lt.kind == LT::none && (conv_is(pq::converted::kUtf8) || conv_is(pq::converted::kEnum) ||
                                           conv_is(pq::converted::kJson)));
      leaf.conv = text ? Conv::utf8 : Conv::blob;
      if (text)
        leaf.logical_text = lt.kind == LT::enum_ || conv_is(pq::converted::kEnum)  ? "ENUM"
                            : lt.kind == LT::json || conv_is(pq::converted::kJson) ? "JSON"
                                                                                   : "STRING";
      return;
    }
  }
}

void walk_schema(const std::vector<pq::SchemaElement>& s, std::size_t& idx, int def, int rep,
                 const std::string& prefix, int depth, Schema& out) {
  if (depth > 100) fail(ErrorKind::corrupt, "schema nested deeper than 100 levels");
  if (idx >= s.size()) fail(ErrorKind::corrupt, "schema ends early (element {} of {})", idx, s.size());
  const pq::SchemaElement& e = s[idx++];
  if (e.num_children < 0)
    fail(ErrorKind::corrupt, "schema element {} has {} children", e.name, e.num_children);
  std::string name = prefix.empty() ? e.name : prefix + "." + e.name;
  pq::Repetition r = e.repetition.value_or(pq::Repetition::required);
  if (r != pq::Repetition::required) ++def;
  if (r == pq::Repetition::repeated) ++rep;
  if (e.num_children > 0) {
    if (static_cast<std::size_t>(e.num_children) > s.size() - idx)
      fail(ErrorKind::corrupt, "schema group {} claims {} children, only {} elements follow", name,
           e.num_children, s.size() - idx);
    for (int i = 0; i < e.num_children; ++i) walk_schema(s, idx, def, rep, name, depth + 1, out);
    return;
  }
  if (!e.type) fail(ErrorKind::corrupt, "schema leaf {} has no physical type", name);
  Leaf leaf;
  leaf.name = name;
  leaf.type = *e.type;
  leaf.type_length = e.type_length;
  leaf.max_def = def;
  leaf.max_rep = rep;
  if (leaf.type == Type::fixed_len_byte_array && (e.type_length < 0 || e.type_length > (1 << 24)))
    fail(ErrorKind::corrupt, "column {} has fixed length {}", name, e.type_length);
  if (leaf.type == Type::fixed_len_byte_array && e.type_length == 0)
    fail(ErrorKind::corrupt, "column {} is FIXED_LEN_BYTE_ARRAY of length 0", name);
  classify(leaf, e);
  out.leaves.push_back(std::move(leaf));
}

Schema build_schema(const pq::FileMetaData& md) {
  if (md.schema.empty()) fail(ErrorKind::corrupt, "schema is empty");
  const pq::SchemaElement& root = md.schema[0];
  if (root.num_children < 0) fail(ErrorKind::corrupt, "schema root has {} children", root.num_children);
  Schema schema;
  std::size_t idx = 1;
  for (int i = 0; i < root.num_children; ++i) walk_schema(md.schema, idx, 0, 0, "", 1, schema);
  if (idx != md.schema.size())
    fail(ErrorKind::corrupt, "schema has {} elements but its tree uses {}", md.schema.size(), idx);
  return schema;
}

// ------------------------------------------------------------------ values

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

std::uint32_t le32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
std::uint64_t le64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
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
    case Type::float_:
      out.reals.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        float f;
        std::memcpy(&f, data + 4 * i, 4);
        out.reals.push_back(f);
      }
      return;
    case Type::double_:
      out.reals.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        double d;
        std::memcpy(&d, data + 8 * i, 8);
        out.reals.push_back(d);
      }
      return;
    default:  // INT96, FLBA
      out.bytes.reserve(n);
      for (std::size_t i = 0; i < n; ++i)
        out.bytes.emplace_back(reinterpret_cast<const char*>(data + w * i), w);
      return;
  }
}

void decode_values(const Leaf& leaf, int enc, const std::uint8_t* data, std::size_t size, std::size_t n,
                   Phys& out) {
  namespace e = pq::encoding;
  switch (enc) {
    case e::kPlain: decode_plain(leaf, data, size, n, out); return;
    case e::kRle: {
      if (leaf.type != Type::boolean) break;
      if (size < 4) fail(ErrorKind::corrupt, "RLE booleans lack their length prefix");
      std::uint32_t len = le32(data);
      if (len > size - 4) fail(ErrorKind::corrupt, "RLE booleans claim {} bytes, page has {}", len, size - 4);
      std::vector<std::uint32_t> bits(n);
      pq::RleBitPackedDecoder dec(data + 4, len, 1);
      dec.decode(bits.data(), n);
      out.ints.assign(bits.begin(), bits.end());
      return;
    }
    case e::kDeltaBinaryPacked: {
      if (leaf.type != Type::int32 && leaf.type != Type::int64) break;
      pq::decode_delta_binary_packed(data, size, n, out.ints);
      if (out.ints.size() != n)
        fail(ErrorKind::corrupt, "DELTA_BINARY_PACKED holds {} values, page needs {}", out.ints.size(), n);
      if (leaf.type == Type::int32)
        for (auto& v : out.ints) v = static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
      return;
    }
    case e::kDeltaLengthByteArray:
      if (leaf.type != Type::byte_array) break;
      pq::decode_delta_length_byte_array(data, size, n, out.bytes);
      return;
    case e::kDeltaByteArray:
      if (leaf.type != Type::byte_array && leaf.type != Type::fixed_len_byte_array) break;
      // Reconstructed values may exceed the page (shared prefixes), within reason.
      pq::decode_delta_byte_array(
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
      pq::decode_byte_stream_split(data, size, n, w, out.split.data());
      decode_plain(leaf, out.split.data(), out.split.size(), n, out);
      return;
    }
    default: break;
  }
  fail(ErrorKind::corrupt, "encoding {} ({}) is not valid for {} values", pq::encoding::name(enc), enc,
       pq::type_name(leaf.type));
}

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

int bit_width_for(int max_level) {
  int w = 0;
  while ((1 << w) <= max_level) ++w;
  return w;
}

// ------------------------------------------------------------------ one column

struct ReadContext {
  const File& file;
  const pq::FileMetaData& md;
  std::uint64_t data_end;    // first byte of the footer
  std::uint64_t max_values;  // sanity limit on values per column
  bool parquet816_padding;   // old parquet-mr: chunk sizes omit the dictionary header
};

class ColumnReader {
 public:
  ColumnReader(const ReadContext& ctx, const Leaf& leaf, std::size_t leaf_index, Column& out)
      : ctx_(ctx), leaf_(leaf), index_(leaf_index), out_(out) {}

  void read_all() {
    std::uint64_t total = 0;
    for (const auto& rg : ctx_.md.row_groups) total += static_cast<std::uint64_t>(rg.num_rows);
    // Reserve for the claimed rows only up to a modest bound: the vectors
    // grow with what the pages really hold, not with what the footer says.
    total = std::min<std::uint64_t>(total, std::max<std::uint64_t>(std::uint64_t(1) << 20, ctx_.file.size()));
    if (leaf_.kind == ColumnKind::numeric) out_.numbers.reserve(total);
    if (leaf_.kind == ColumnKind::categorical) {
      out_.categories.reserve(total);
      out_.category_null.reserve(total);
    }
    for (rg_ = 0; rg_ < ctx_.md.row_groups.size(); ++rg_) read_chunk(ctx_.md.row_groups[rg_]);
  }

  std::size_t row_group() const { return rg_; }
  std::size_t page() const { return page_; }

 private:
  void read_chunk(const pq::RowGroup& rg) {
    const pq::ColumnChunk& cc = rg.columns[index_];
    if (cc.encrypted) fail(ErrorKind::permanent, "column chunk is encrypted (not supported)");
    if (!cc.file_path.empty())
      fail(ErrorKind::permanent, "column chunk lives in another file ({}), which is not supported",
           cc.file_path);
    if (!cc.has_meta) fail(ErrorKind::corrupt, "column chunk has no metadata");
    const pq::ColumnMetaData& m = cc.meta;
    if (m.type != leaf_.type)
      fail(ErrorKind::corrupt, "column chunk type {} differs from the schema's {}", pq::type_name(m.type),
           pq::type_name(leaf_.type));
    if (m.num_values < 0 || static_cast<std::uint64_t>(m.num_values) > ctx_.max_values)
      fail(ErrorKind::corrupt, "column chunk claims {} values (limit {})", m.num_values, ctx_.max_values);
    std::int64_t start = m.data_page_offset;
    if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 && *m.dictionary_page_offset < start)
      start = *m.dictionary_page_offset;
    std::int64_t length = m.total_compressed_size;
    if (start < 4 || length < 0 || static_cast<std::uint64_t>(start) > ctx_.data_end ||
        static_cast<std::uint64_t>(length) > ctx_.data_end - static_cast<std::uint64_t>(start))
      fail(ErrorKind::corrupt, "column chunk at offset {} of {} bytes lies outside the data area (0..{})",
           start, length, ctx_.data_end);
    std::uint64_t len = static_cast<std::uint64_t>(length);
    if (ctx_.parquet816_padding)
      len += std::min<std::uint64_t>(kMaxDictHeaderPadding,
                                     ctx_.data_end - static_cast<std::uint64_t>(start) - len);
    buf_ = ctx_.file.read(static_cast<std::uint64_t>(start), len);
    codec_ = m.codec;
    if (codec_ == pq::Codec::lzo || codec_ == pq::Codec::brotli)
      fail(ErrorKind::permanent, "compression codec {} is not supported", pq::codec_name(codec_));
    have_dict_ = false;
    dict_size_ = 0;
    dict_num_.clear();
    dict_str_.clear();
    rows_ = 0;
    first_level_ = true;
    std::uint64_t seen = 0, want = static_cast<std::uint64_t>(m.num_values);
    std::size_t pos = 0;
    for (page_ = 0; seen < want; ++page_) {
      if (pos >= buf_.size())
        fail(ErrorKind::corrupt, "column chunk ends after {} of its {} values", seen, want);
      std::size_t hs = 0;
      pq::PageHeader h = pq::parse_page_header(buf_.data() + pos, buf_.size() - pos, hs);
      pos += hs;
      if (h.compressed_page_size < 0 || static_cast<std::size_t>(h.compressed_page_size) > buf_.size() - pos)
        fail(ErrorKind::corrupt, "page of {} bytes overruns its column chunk ({} bytes left)",
             h.compressed_page_size, buf_.size() - pos);
      if (h.uncompressed_page_size < 0 ||
          static_cast<std::uint64_t>(h.uncompressed_page_size) > kMaxPageBytes)
        fail(ErrorKind::corrupt, "page claims {} uncompressed bytes", h.uncompressed_page_size);
      const std::uint8_t* page = buf_.data() + pos;
      std::size_t csize = static_cast<std::size_t>(h.compressed_page_size);
      pos += csize;
      if (h.crc) {
        std::uint32_t crc = static_cast<std::uint32_t>(::crc32(0L, page, static_cast<uInt>(csize)));
        if (crc != *h.crc)
          fail(ErrorKind::corrupt, "page CRC mismatch (header {:08x}, data {:08x})", *h.crc, crc);
      }
      switch (h.type) {
        case pq::PageType::dictionary: read_dictionary(h, page, csize, seen); break;
        case pq::PageType::data:
        case pq::PageType::data_v2: {
          if (!h.has_type_header || h.type_header_id != (h.type == pq::PageType::data ? 5 : 8))
            fail(ErrorKind::corrupt, "data page lacks its data page header");
          if (h.num_values < 0 || static_cast<std::uint64_t>(h.num_values) > want - seen)
            fail(ErrorKind::corrupt, "data page claims {} values, {} remain in the column chunk",
                 h.num_values, want - seen);
          if (h.type == pq::PageType::data)
            read_data_v1(h, page, csize);
          else
            read_data_v2(h, page, csize);
          seen += static_cast<std::uint64_t>(h.num_values);
          break;
        }
        case pq::PageType::index: break;
      }
    }
    if (static_cast<std::int64_t>(rows_) != rg.num_rows)
      fail(ErrorKind::corrupt, "column chunk holds {} rows, its row group has {}", rows_, rg.num_rows);
  }

  // Decompresses `csize` bytes into page_buf_ of `usize` bytes.
  const std::uint8_t* inflate(const std::uint8_t* src, std::size_t csize, std::size_t usize) {
    if (codec_ == pq::Codec::uncompressed) {
      if (csize != usize)
        fail(ErrorKind::corrupt, "uncompressed page is {} bytes, its header says {}", csize, usize);
      return src;
    }
    if (usize > pq::max_decompressed_size(codec_, csize))
      fail(ErrorKind::corrupt, "page claims {} bytes decompressed from {} {} bytes, which is impossible",
           usize, csize, pq::codec_name(codec_));
    page_buf_.resize(usize);
    pq::decompress(codec_, src, csize, page_buf_.data(), usize);
    return page_buf_.data();
  }

  void read_dictionary(const pq::PageHeader& h, const std::uint8_t* page, std::size_t csize,
                       std::uint64_t seen) {
    if (!h.has_type_header || h.type_header_id != 7)
      fail(ErrorKind::corrupt, "dictionary page lacks its dictionary page header");
    if (have_dict_) fail(ErrorKind::corrupt, "column chunk has a second dictionary page");
    if (seen > 0) fail(ErrorKind::corrupt, "dictionary page follows data pages");
    if (h.num_values < 0) fail(ErrorKind::corrupt, "dictionary page claims {} values", h.num_values);
    if (h.encoding != pq::encoding::kPlain && h.encoding != pq::encoding::kPlainDictionary)
      fail(ErrorKind::corrupt, "dictionary page encoding {} is not PLAIN", pq::encoding::name(h.encoding));
    std::size_t usize = static_cast<std::size_t>(h.uncompressed_page_size);
    const std::uint8_t* data = inflate(page, csize, usize);
    auto n = static_cast<std::size_t>(h.num_values);
    if (leaf_.type != Type::boolean && n > usize)  // every non-boolean value takes at least one byte... or 4
      fail(ErrorKind::corrupt, "dictionary page claims {} values in {} bytes", n, usize);
    phys_.clear();
    decode_plain(leaf_, data, usize, n, phys_);
    have_dict_ = true;
    dict_size_ = n;
    if (leaf_.kind == ColumnKind::numeric) {
      dict_num_.resize(n);
      for (std::size_t i = 0; i < n; ++i) dict_num_[i] = to_number(leaf_, phys_, i);
    } else if (leaf_.kind == ColumnKind::categorical) {
      dict_str_.resize(n);
      for (std::size_t i = 0; i < n; ++i) dict_str_[i] = to_text(leaf_, phys_, i);
    }
  }

  // Reads one level run; returns bytes consumed.
  std::size_t read_levels(int enc, int max_level, const std::uint8_t* data, std::size_t size, std::size_t n,
                          std::vector<std::uint32_t>& out, const char* what, bool v2) {
    out.resize(n);
    int bw = bit_width_for(max_level);
    std::size_t used;
    if (v2) {
      pq::RleBitPackedDecoder dec(data, size, bw);
      dec.decode(out.data(), n);
      used = size;
    } else if (enc == pq::encoding::kRle) {
      if (size < 4) fail(ErrorKind::corrupt, "{} levels lack their length prefix", what);
      std::uint32_t len = le32(data);
      if (len > size - 4)
        fail(ErrorKind::corrupt, "{} levels claim {} bytes, page has {}", what, len, size - 4);
      pq::RleBitPackedDecoder dec(data + 4, len, bw);
      dec.decode(out.data(), n);
      used = 4 + len;
    } else if (enc == pq::encoding::kBitPacked) {
      used = pq::decode_bit_packed_msb(data, size, bw, out.data(), n);
    } else {
      fail(ErrorKind::corrupt, "{} level encoding {} is not supported", what, pq::encoding::name(enc));
    }
    for (std::uint32_t v : out)
      if (v > static_cast<std::uint32_t>(max_level))
        fail(ErrorKind::corrupt, "{} level {} exceeds the column's maximum {}", what, v, max_level);
    return used;
  }

  void read_data_v1(const pq::PageHeader& h, const std::uint8_t* page, std::size_t csize) {
    std::size_t usize = static_cast<std::size_t>(h.uncompressed_page_size);
    const std::uint8_t* data = inflate(page, csize, usize);
    auto n = static_cast<std::size_t>(h.num_values);
    std::size_t pos = 0;
    reps_.clear();
    defs_.clear();
    if (leaf_.max_rep > 0)
      pos += read_levels(h.rep_level_encoding, leaf_.max_rep, data, usize, n, reps_, "repetition", false);
    if (leaf_.max_def > 0)
      pos += read_levels(h.def_level_encoding, leaf_.max_def, data + pos, usize - pos, n, defs_, "definition",
                         false);
    decode_page_values(h.encoding, data + pos, usize - pos, n);
  }

  void read_data_v2(const pq::PageHeader& h, const std::uint8_t* page, std::size_t csize) {
    if (h.rep_levels_byte_length < 0 || h.def_levels_byte_length < 0)
      fail(ErrorKind::corrupt, "data page v2 has negative level lengths");
    std::size_t rl = static_cast<std::size_t>(h.rep_levels_byte_length);
    std::size_t dl = static_cast<std::size_t>(h.def_levels_byte_length);
    std::size_t usize = static_cast<std::size_t>(h.uncompressed_page_size);
    if (rl > csize || dl > csize - rl || rl + dl > usize)
      fail(ErrorKind::corrupt, "data page v2 level lengths {}+{} exceed the page ({} bytes)", rl, dl, csize);
    auto n = static_cast<std::size_t>(h.num_values);
    reps_.clear();
    defs_.clear();
    if (leaf_.max_rep > 0)
      read_levels(pq::encoding::kRle, leaf_.max_rep, page, rl, n, reps_, "repetition", true);
    if (leaf_.max_def > 0)
      read_levels(pq::encoding::kRle, leaf_.max_def, page + rl, dl, n, defs_, "definition", true);
    const std::uint8_t* values = page + rl + dl;
    std::size_t vc = csize - rl - dl, vu = usize - rl - dl;
    if (h.is_compressed && codec_ != pq::Codec::uncompressed) {
      if (vc == 0 && vu == 0) {
        values = page;  // nothing to decompress (an empty stream is not valid input for most codecs)
      } else {
        values = inflate(values, vc, vu);
      }
    } else if (vc != vu) {
      fail(ErrorKind::corrupt, "uncompressed data page v2 holds {} value bytes, its header says {}", vc, vu);
    }
    decode_page_values(h.encoding, values, vu, n);
  }

  void decode_page_values(int enc, const std::uint8_t* data, std::size_t size, std::size_t n) {
    std::size_t present = n;
    if (leaf_.max_def > 0) {
      present = 0;
      for (std::uint32_t d : defs_) present += d == static_cast<std::uint32_t>(leaf_.max_def);
    }
    if (leaf_.max_rep > 0) {
      if (n > 0 && first_level_ && reps_[0] != 0)
        fail(ErrorKind::corrupt, "column chunk starts with repetition level {} instead of 0", reps_[0]);
      for (std::uint32_t r : reps_) rows_ += r == 0;
    } else {
      rows_ += n;
    }
    if (n > 0) first_level_ = false;
    bool dict = enc == pq::encoding::kPlainDictionary || enc == pq::encoding::kRleDictionary;
    phys_.clear();
    if (dict) {
      if (!have_dict_) fail(ErrorKind::corrupt, "dictionary-encoded page without a dictionary page");
      indices_.resize(present);
      if (present > 0) {
        if (size < 1) fail(ErrorKind::corrupt, "dictionary indices lack their bit width");
        int bw = data[0];
        if (bw > 32) fail(ErrorKind::corrupt, "dictionary index bit width {} exceeds 32", bw);
        pq::RleBitPackedDecoder dec(data + 1, size - 1, bw);
        dec.decode(indices_.data(), present);
        for (std::uint32_t i : indices_)
          if (i >= dict_size_)
            fail(ErrorKind::corrupt, "dictionary index {} is out of range (dictionary has {} values)", i,
                 dict_size_);
      }
    } else if (present > 0 || leaf_.type == Type::boolean) {
      decode_values(leaf_, enc, data, size, present, phys_);
      if (phys_count(leaf_, phys_) != present)
        fail(ErrorKind::corrupt, "page decoded {} values, expected {}", phys_count(leaf_, phys_), present);
    }
    if (leaf_.kind == ColumnKind::skipped) return;
    emit(dict, n);
  }

  void emit(bool dict, std::size_t n) {
    bool numeric = leaf_.kind == ColumnKind::numeric;
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      bool present = leaf_.max_def == 0 || defs_[i] == static_cast<std::uint32_t>(leaf_.max_def);
      if (numeric) {
        if (!present)
          out_.numbers.push_back(std::numeric_limits<double>::quiet_NaN());
        else if (dict)
          out_.numbers.push_back(dict_num_[indices_[k++]]);
        else
          out_.numbers.push_back(to_number(leaf_, phys_, k++));
      } else {
        if (!present) {
          out_.categories.emplace_back();
          out_.category_null.push_back(true);
        } else {
          out_.categories.push_back(dict ? dict_str_[indices_[k++]] : to_text(leaf_, phys_, k++));
          out_.category_null.push_back(false);
        }
      }
    }
  }

  const ReadContext& ctx_;
  const Leaf& leaf_;
  std::size_t index_;
  Column& out_;
  std::size_t rg_ = 0, page_ = 0;
  std::vector<std::uint8_t> buf_, page_buf_;
  pq::Codec codec_ = pq::Codec::uncompressed;
  bool have_dict_ = false;
  std::size_t dict_size_ = 0;
  std::vector<double> dict_num_;
  std::vector<std::string> dict_str_;
  Phys phys_;
  std::vector<std::uint32_t> reps_, defs_, indices_;
  std::uint64_t rows_ = 0;
  bool first_level_ = true;
};

// ------------------------------------------------------------------ footer

struct Opened {
  pq::FileMetaData md;
  Schema schema;
  std::uint64_t data_end = 0;
};

bool parquet_mr_before_1_2_9(const std::string& created_by) {
  // "parquet-mr version 1.2.8 (build ...)"; a bare "parquet-mr" has no
  // version and counts as old (as Arrow's ApplicationVersion does).
  if (created_by.rfind("parquet-mr", 0) != 0) return false;
  const std::string marker = "parquet-mr version ";
  int a = 0, b = 0, c = 0;
  if (created_by.rfind(marker, 0) != 0 ||
      std::sscanf(created_by.c_str() + marker.size(), "%d.%d.%d", &a, &b, &c) < 2)
    return true;
  return std::make_tuple(a, b, c) < std::make_tuple(1, 2, 9);
}

Opened open_footer(const File& file) {
  std::uint64_t size = file.size();
  if (size < 12) fail(ErrorKind::corrupt, "file is {} bytes, too short for Parquet", size);
  auto head = file.read(0, 4);
  auto tail = file.read(size - 8, 8);
  if (std::memcmp(tail.data() + 4, "PARE", 4) == 0)
    fail(ErrorKind::permanent, "file is an encrypted Parquet file (not supported)");
  if (std::memcmp(head.data(), "PAR1", 4) != 0 || std::memcmp(tail.data() + 4, "PAR1", 4) != 0)
    fail(ErrorKind::corrupt, "file lacks the Parquet magic bytes PAR1");
  std::uint64_t footer_len = le32(tail.data());
  if (footer_len > size - 12 || footer_len > kMaxFooterBytes)
    fail(ErrorKind::corrupt, "footer length {} exceeds the file ({} bytes)", footer_len, size);
  std::uint64_t footer_start = size - 8 - footer_len;
  auto footer = file.read(footer_start, footer_len);
  Opened o;
  try {
    o.md = pq::parse_file_metadata(footer.data(), footer.size());
  } catch (const Error& e) {
    fail(ErrorKind::corrupt, "footer metadata is malformed: {}", e.what());
  }
  if (o.md.encrypted) fail(ErrorKind::permanent, "file is encrypted (not supported)");
  o.schema = build_schema(o.md);
  o.data_end = footer_start;
  for (std::size_t g = 0; g < o.md.row_groups.size(); ++g) {
    const auto& rg = o.md.row_groups[g];
    if (rg.columns.size() != o.schema.leaves.size())
      fail(ErrorKind::corrupt, "row group {} has {} column chunks, the schema has {} columns", g,
           rg.columns.size(), o.schema.leaves.size());
    if (rg.num_rows < 0) fail(ErrorKind::corrupt, "row group {} claims {} rows", g, rg.num_rows);
  }
  return o;
}

std::string msg_prefix(const File& f) {
  return fmt::format("parquet file {}", f.path().string());
}

}  // namespace

Table read_parquet(const std::filesystem::path& path, const ParquetReadOptions& options) {
  std::optional<File> file;
  try {
    file.emplace(path);
  } catch (const Error& e) {
    throw;
  }
  Opened o;
  try {
    o = open_footer(*file);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: {}", msg_prefix(*file), e.what()));
  }
  ReadContext ctx{*file, o.md, o.data_end, 0, parquet_mr_before_1_2_9(o.md.created_by)};
  ctx.max_values = std::max<std::uint64_t>(1ull << 24, file->size() * 1024);
  std::uint64_t total_rows = 0;
  for (const auto& rg : o.md.row_groups) {
    total_rows += static_cast<std::uint64_t>(rg.num_rows);
    if (total_rows > ctx.max_values)
      fail(ErrorKind::corrupt, "{}: row groups claim more than {} rows for a {}-byte file", msg_prefix(*file),
           ctx.max_values, file->size());
  }

  // Column selection.
  std::vector<std::size_t> selected;
  if (options.columns.empty()) {
    for (std::size_t i = 0; i < o.schema.leaves.size(); ++i) selected.push_back(i);
  } else {
    for (const auto& want : options.columns) {
      bool found = false;
      for (std::size_t i = 0; i < o.schema.leaves.size(); ++i)
        if (o.schema.leaves[i].name == want) {
          selected.push_back(i);
          found = true;
        }
      if (!found) fail(ErrorKind::not_found, "{}: no column named {}", msg_prefix(*file), want);
    }
  }

  // Every read column holds one value per row: bound their product too (a
  // footer may declare many columns over RLE runs of millions of rows).
  std::size_t read_columns = 0;
  for (std::size_t i : selected) read_columns += o.schema.leaves[i].kind != ColumnKind::skipped;
  if (read_columns > 0 && total_rows > ctx.max_values / read_columns)
    fail(ErrorKind::corrupt, "{}: {} rows x {} columns is more than {} values for a {}-byte file",
         msg_prefix(*file), total_rows, read_columns, ctx.max_values, file->size());

  Table table;
  table.rows = total_rows;
  table.columns.resize(selected.size());
  for (std::size_t k = 0; k < selected.size(); ++k) {
    const Leaf& leaf = o.schema.leaves[selected[k]];
    table.columns[k].name = leaf.name;
    table.columns[k].kind = leaf.kind;
    table.columns[k].skip_reason = leaf.skip_reason;
  }

  // Columns in parallel; the first error (in column order) wins.
  std::vector<std::optional<Error>> errors(selected.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k; (k = next++) < selected.size();) {
      const Leaf& leaf = o.schema.leaves[selected[k]];
      ColumnReader reader(ctx, leaf, selected[k], table.columns[k]);
      try {
        reader.read_all();
      } catch (const Error& e) {
        errors[k].emplace(e.kind(), fmt::format("{}: column {}, row group {}, page {}: {}", msg_prefix(*file),
                                                leaf.name, reader.row_group(), reader.page(), e.what()));
      } catch (const std::bad_alloc&) {
        errors[k].emplace(ErrorKind::permanent,
                          fmt::format("{}: column {}: out of memory", msg_prefix(*file), leaf.name));
      } catch (const std::exception& e) {  // never let an exception escape a worker thread
        errors[k].emplace(ErrorKind::permanent,
                          fmt::format("{}: column {}: {}", msg_prefix(*file), leaf.name, e.what()));
      }
    }
  };
  unsigned threads =
      options.threads ? options.threads : std::min(8u, std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, selected.size()));
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  for (auto& e : errors)
    if (e) throw *e;
  return table;
}

namespace parquet {

FileDescription describe_parquet(const std::filesystem::path& path) {
  File file(path);
  Opened o;
  try {
    o = open_footer(file);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: {}", msg_prefix(file), e.what()));
  }
  FileDescription d;
  for (const auto& rg : o.md.row_groups) d.rows += rg.num_rows;
  d.row_groups = o.md.row_groups.size();
  d.created_by = o.md.created_by;
  for (const Leaf& leaf : o.schema.leaves) {
    ColumnDescription c;
    c.name = leaf.name;
    c.physical_type = type_name(leaf.type);
    if (leaf.type == Type::fixed_len_byte_array) c.physical_type += fmt::format("({})", leaf.type_length);
    c.logical_type = leaf.logical_text;
    c.kind = leaf.kind;
    c.unit = leaf.unit;
    c.skip_reason = leaf.skip_reason;
    c.max_definition_level = leaf.max_def;
    c.max_repetition_level = leaf.max_rep;
    d.columns.push_back(std::move(c));
  }
  return d;
}

bool has_parquet_magic(const std::filesystem::path& path) {
  try {
    util::FileReader r(path);
    char magic[4];
    return util::read_full(r.fd(), magic, 4, path.string()) == 4 && std::memcmp(magic, "PAR1", 4) == 0;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace parquet
}  // namespace dvx::stats
