#pragma once
// The in-memory shape every dataset reader (CSV, Parquet) produces for drift:
// one vector per column, numeric columns as doubles (NaN = null),
// categorical columns as strings with a null mask. Columns a reader cannot
// represent (nested Parquet, unsupported types) are kept as `skipped` with a
// reason, never silently dropped.
#include <cstddef>
#include <string>
#include <vector>

namespace dvx::stats {

enum class ColumnKind { numeric, categorical, skipped };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::numeric;
  std::vector<double> numbers;          // numeric: one per row, NaN where null
  std::vector<std::string> categories;  // categorical: one per row ("" where null)
  std::vector<bool> category_null;      // categorical: true where null
  std::string skip_reason;              // skipped: why
};

struct Table {
  std::vector<Column> columns;
  std::size_t rows = 0;
};

}  // namespace dvx::stats
