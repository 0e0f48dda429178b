#include "stats/parquet/schema.hpp"

#include <cmath>
#include <optional>

#include "dvx/util/error.hpp"

namespace dvx::stats::parquet {

namespace {

bool is_unsigned_int(const SchemaElement& e) {
  if (e.logical.kind == LogicalType::integer) return !e.logical.is_signed;
  if (!e.converted_type) return false;
  int c = *e.converted_type;
  return c == converted::kUint8 || c == converted::kUint16 || c == converted::kUint32 ||
         c == converted::kUint64;
}

void classify(Leaf& leaf, const SchemaElement& e) {
  using LT = LogicalType;
  const LT& lt = e.logical;
  std::optional<int> ct = e.converted_type;
  auto conv_is = [&](int c) { return ct && *ct == c; };
  bool decimal = lt.kind == LT::decimal || (lt.kind == LT::none && conv_is(converted::kDecimal));
  int scale = lt.kind == LT::decimal ? lt.scale : e.scale;
  int precision = lt.kind == LT::decimal ? lt.precision : e.precision;
  auto set_decimal = [&](Conv c) {
    if (scale < 0 || scale > 76) fail(ErrorKind::corrupt, "column {} has decimal scale {}", leaf.name, scale);
    leaf.conv = c;
    leaf.divisor = std::pow(10.0, scale);
    leaf.logical_text = fmt::format("DECIMAL({},{})", precision, scale);
    leaf.value_unit = {ValueUnit::Kind::decimal, scale};
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
      if (lt.kind == LT::date || (lt.kind == LT::none && conv_is(converted::kDate))) {
        leaf.conv = Conv::scaled_int;
        leaf.logical_text = "DATE";
        leaf.unit = "days since 1970-01-01";
        leaf.value_unit.kind = ValueUnit::Kind::date;
        return;
      }
      std::optional<TimeUnit> time_unit, ts_unit;
      if (lt.kind == LT::time)
        time_unit = lt.unit;
      else if (lt.kind == LT::timestamp)
        ts_unit = lt.unit;
      else if (lt.kind == LT::none && conv_is(converted::kTimeMillis))
        time_unit = TimeUnit::millis;
      else if (lt.kind == LT::none && conv_is(converted::kTimeMicros))
        time_unit = TimeUnit::micros;
      else if (lt.kind == LT::none && conv_is(converted::kTimestampMillis))
        ts_unit = TimeUnit::millis;
      else if (lt.kind == LT::none && conv_is(converted::kTimestampMicros))
        ts_unit = TimeUnit::micros;
      if (time_unit || ts_unit) {
        TimeUnit u = time_unit ? *time_unit : *ts_unit;
        leaf.conv = Conv::scaled_int;
        leaf.factor = u == TimeUnit::millis ? 1000.0 : u == TimeUnit::micros ? 1.0 : 0.001;
        leaf.logical_text = fmt::format("{}({})", time_unit ? "TIME" : "TIMESTAMP", unit_names[int(u)]);
        leaf.unit = time_unit ? "microseconds since midnight" : "microseconds since 1970-01-01 00:00:00";
        leaf.value_unit.kind = time_unit ? ValueUnit::Kind::time : ValueUnit::Kind::timestamp;
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
      leaf.value_unit.kind = ValueUnit::Kind::timestamp;
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
      if (flba && conv_is(converted::kInterval)) {
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
                  (lt.kind == LT::none &&
                   (conv_is(converted::kUtf8) || conv_is(converted::kEnum) || conv_is(converted::kJson)));
      leaf.conv = text ? Conv::utf8 : Conv::blob;
      if (text)
        leaf.logical_text = lt.kind == LT::enum_ || conv_is(converted::kEnum)  ? "ENUM"
                            : lt.kind == LT::json || conv_is(converted::kJson) ? "JSON"
                                                                               : "STRING";
      return;
    }
  }
}

void walk_schema(const std::vector<SchemaElement>& s, std::size_t& idx, int def, int rep,
                 const std::string& prefix, int depth, Schema& out) {
  if (depth > 100) fail(ErrorKind::corrupt, "schema nested deeper than 100 levels");
  if (idx >= s.size()) fail(ErrorKind::corrupt, "schema ends early (element {} of {})", idx, s.size());
  const SchemaElement& e = s[idx++];
  if (e.num_children < 0)
    fail(ErrorKind::corrupt, "schema element {} has {} children", e.name, e.num_children);
  std::string name = prefix.empty() ? e.name : prefix + "." + e.name;
  Repetition r = e.repetition.value_or(Repetition::required);
  if (r != Repetition::required) ++def;
  if (r == Repetition::repeated) ++rep;
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

}  // namespace

Schema build_schema(const FileMetaData& md) {
  if (md.schema.empty()) fail(ErrorKind::corrupt, "schema is empty");
  const SchemaElement& root = md.schema[0];
  if (root.num_children < 0) fail(ErrorKind::corrupt, "schema root has {} children", root.num_children);
  Schema schema;
  std::size_t idx = 1;
  for (int i = 0; i < root.num_children; ++i) walk_schema(md.schema, idx, 0, 0, "", 1, schema);
  if (idx != md.schema.size())
    fail(ErrorKind::corrupt, "schema has {} elements but its tree uses {}", md.schema.size(), idx);
  return schema;
}

}  // namespace dvx::stats::parquet
