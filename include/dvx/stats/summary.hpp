#pragma once
// Per-column descriptive statistics shown before -> after in a drift report.
// Numeric: as pandas' Series.count/mean/std/min/median/max (std with
// ddof = 1, pandas' default; NaN for fewer than 2 values). Categorical:
// count, distinct values, the most frequent value and its count.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::stats {

struct Summary {
  std::size_t rows = 0;   // values including nulls
  std::size_t count = 0;  // non-null values
  std::size_t nulls = 0;
  double null_rate = 0;  // nulls / rows (0 for an empty column)
  // numeric only (NaN when count == 0)
  double mean = 0, std = 0, min = 0, median = 0, max = 0;
  // categorical only
  std::size_t unique = 0;
  std::string top;
  std::size_t top_count = 0;
};

// `values` are the non-null values sorted ascending; `original` the
// non-null values in file order (the order pandas sums in).
Summary summarize_numeric(const std::vector<double>& sorted_values, const std::vector<double>& original,
                          std::size_t rows);
// The same over the non-null values in file order; sorts `values` in place
// (no copy), so the caller can use them sorted afterwards.
Summary summarize_numeric_sorting(std::vector<double>& values, std::size_t rows);
// Counts per category (same order as `names`), plus nulls.
Summary summarize_categorical(const std::vector<std::string_view>& names,
                              const std::vector<std::int64_t>& counts, std::size_t rows, std::size_t nulls);

}  // namespace dvx::stats
