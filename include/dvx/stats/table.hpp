#pragma once
// The in-memory shape every dataset reader (CSV, Parquet) produces for drift:
// one vector per column, numeric columns as doubles (NaN = null),
// categorical columns as strings with a null mask. Columns a reader cannot
// represent (nested Parquet, unsupported types) are kept as `skipped` with a
// reason, never silently dropped.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dvx::stats {

enum class ColumnKind { numeric, categorical, skipped };

// What a numeric column's numbers mean, so that people see them in their
// own units (value_format.hpp): an ISO date rather than a day count.
struct ValueUnit {
  enum class Kind {
    number,     // plain numbers
    date,       // days since 1970-01-01
    timestamp,  // microseconds since 1970-01-01 00:00:00 (UTC when adjusted)
    time,       // microseconds since midnight
    decimal     // a decimal with `scale` digits after the point
  };
  Kind kind = Kind::number;
  int scale = 0;
};

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::numeric;
  std::vector<double> numbers;          // numeric: one per row, NaN where null
  std::vector<std::string> categories;  // categorical: one per row ("" where null)
  std::vector<bool> category_null;      // categorical: true where null
  // Categorical, when the reader was asked to encode them
  // (CsvOptions::encode_categories) instead of filling `categories`: one
  // code per row into `dictionary` (kNullCode where null), so memory is 4
  // bytes per row plus each distinct value once.
  static constexpr std::uint32_t kNullCode = 0xffffffffU;
  std::vector<std::uint32_t> codes;
  std::vector<std::string> dictionary;
  std::string skip_reason;  // skipped: why
  ValueUnit unit;           // numeric: what the numbers mean
};

struct Table {
  std::vector<Column> columns;
  std::size_t rows = 0;
};

}  // namespace dvx::stats
