#pragma once
// The flat leaf columns of a Parquet schema, each classified once: which
// Table kind it becomes (numeric, categorical, skipped) and how its physical
// values convert (see include/dvx/stats/parquet.hpp for the mapping).
#include <string>
#include <vector>

#include "dvx/stats/table.hpp"
#include "stats/parquet/metadata.hpp"

namespace dvx::stats::parquet {

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
  ValueUnit value_unit;  // the same, for formatting values
};

struct Schema {
  std::vector<Leaf> leaves;
};
// The leaves of the footer's schema tree, in order; a malformed tree is corrupt.
Schema build_schema(const FileMetaData& md);

}  // namespace dvx::stats::parquet
