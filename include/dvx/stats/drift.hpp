#pragma once
// Compares two versions of a dataset column by column: KS test for numeric
// columns, chi-square (chi2_contingency) and PSI for categorical ones, plus
// before/after summaries. Columns are processed in parallel.
#include <string>
#include <vector>

#include "dvx/stats/summary.hpp"
#include "dvx/stats/table.hpp"

namespace dvx::stats {

struct DriftOptions {
  double threshold = 0.05;           // a column drifts when p < threshold
  std::vector<std::string> columns;  // empty = all
  std::size_t jobs = 0;              // 0 = hardware concurrency
};

enum class ColumnStatus { compared, added, removed, skipped };

struct ColumnDrift {
  std::string name;
  ColumnStatus status = ColumnStatus::compared;
  ColumnKind kind = ColumnKind::numeric;  // numeric or categorical when compared
  std::string test;                       // "ks", "chi2" or "" (no test possible)
  double statistic = 0;                   // NaN when no test
  double p_value = 1;                     // NaN when no test
  bool exact = false;                     // ks: exact distribution used
  int dof = 0;                            // chi2 degrees of freedom
  double psi = 0;                         // categorical only (NaN otherwise)
  bool drift = false;
  Summary before, after;
  std::string note;  // e.g. why a column was skipped or had no test
};

struct DriftReport {
  std::string path, from, to;  // labels for the renderers
  double threshold = 0.05;
  std::size_t rows_before = 0, rows_after = 0;
  bool drift = false;  // any compared column drifted
  std::vector<ColumnDrift> columns;
};

// Takes the tables by value: their columns are sorted in place and released
// as soon as each column is done. Throws Error(usage) when a requested
// column exists in neither table.
DriftReport compare_tables(Table before, Table after, const DriftOptions& options);

const char* to_string(ColumnKind kind);
const char* to_string(ColumnStatus status);

}  // namespace dvx::stats
