#pragma once
// Compares two versions of a dataset column by column: every registered
// method that takes the column's kind (drift_method.hpp: KS, chi-square,
// Wasserstein, Jensen-Shannon, PSI) is computed, one of them decides (the
// --method, or the `auto` rule below), plus before/after summaries and the
// data of one chart per column. Columns are processed in parallel.
#include <string>
#include <vector>

#include "dvx/stats/distribution.hpp"
#include "dvx/stats/drift_method.hpp"
#include "dvx/stats/summary.hpp"
#include "dvx/stats/table.hpp"

namespace dvx::stats {

// Evidently's default: up to this many reference values, a test (KS,
// chi-square) decides; above it, a distance (Wasserstein, Jensen-Shannon).
inline constexpr std::size_t kAutoTestMaxRows = 1000;
// Evidently's default: a numeric column with at most this many distinct
// reference values is compared as categories.
inline constexpr std::size_t kAutoCategoricalMaxDistinct = 5;

struct DriftOptions {
  double threshold = 0.05;           // tests: a column drifts when p < threshold
  double distance_threshold = 0.1;   // distances: a column drifts when statistic >= this
  std::string method = "auto";       // a registered method's name, or "auto"
  std::vector<std::string> columns;  // empty = all; named columns are tested even when identifiers
  std::vector<std::string> exclude;  // never compared
  std::size_t jobs = 0;              // 0 = hardware concurrency
};

enum class ColumnStatus { compared, added, removed, skipped, identifier };

// One method's result on one column.
struct MethodOutcome {
  const DriftMethod* method = nullptr;
  MethodResult result;
  double threshold = 0;  // the one this method's decision used
  bool drift = false;
};

struct ColumnDrift {
  std::string name;
  ColumnStatus status = ColumnStatus::compared;
  ColumnKind kind = ColumnKind::numeric;  // numeric or categorical when compared
  ValueUnit unit;                         // what a numeric column's numbers mean
  // The deciding method ("" when no test was possible) and its numbers.
  std::string test;
  double statistic = 0;  // NaN when no test
  double p_value = 1;    // NaN when no test or a distance decides
  double threshold = 0;  // of the deciding method
  bool drift = false;
  std::vector<MethodOutcome> methods;  // every method that took the column, registry order
  Summary before, after;
  Distribution distribution;  // the chart: both versions on shared bins or categories
  std::string note;           // e.g. why a column was skipped or had no test

  const MethodOutcome* outcome(const std::string& method) const;
};

struct DriftReport {
  std::string path, from, to;  // labels for the renderers
  double threshold = 0.05, distance_threshold = 0.1;
  std::string method = "auto";
  std::size_t rows_before = 0, rows_after = 0;
  bool drift = false;  // any compared column drifted
  std::vector<ColumnDrift> columns;
};

// Takes the tables by value: their columns are sorted in place and released
// as soon as each column is done. Throws Error(usage) when a requested
// column exists in neither table, or the method is unknown.
DriftReport compare_tables(Table before, Table after, const DriftOptions& options);

// The method that decides for a column of `kind` with `reference_count`
// non-null reference values and `reference_distinct` distinct ones, under
// `choice` ("auto" or a method name); sets `as_categorical` when a numeric
// column is to be compared as categories (auto, few distinct values).
const DriftMethod& deciding_method(const std::string& choice, ColumnKind kind, std::size_t reference_count,
                                   std::size_t reference_distinct, bool* as_categorical);

const char* to_string(ColumnKind kind);
const char* to_string(ColumnStatus status);

}  // namespace dvx::stats
