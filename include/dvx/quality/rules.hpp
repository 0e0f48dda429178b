#pragma once
// The validation rules of a CheckSet applied to one table (docs/quality.md
// gives every rule's count, checked by hand in the tests).
#include <cstddef>
#include <string>
#include <vector>

#include "dvx/quality/checks.hpp"
#include "dvx/stats/table.hpp"

namespace dvx::quality {

struct Offender {
  std::size_t row = 0;  // 0-based data row (pandas' default index)
  std::string value;    // the offending value as text ("" for null; "a=1, b=2" for a composite key)
};

struct Violation {
  std::string column;  // "" for rules about the whole file (rows, drift summary)
  std::string rule;    // columns, type, not_null, unique, range, allowed, pattern, rows, max_null_rate, drift
  std::size_t count = 0;
  std::string message;              // what is wrong, in words
  std::vector<Offender> offenders;  // the first ones, in row order
};

inline constexpr std::size_t kDefaultSample = 5;

// Every rule of `set` but drift. A column a rule names that the table lacks
// is one "columns" violation (other rules on it are not run).
std::vector<Violation> check_table(const stats::Table& table, const CheckSet& set,
                                   std::size_t sample = kDefaultSample);

// The drift rule: one violation per column of `current` that drifted from
// `reference` (stats::compare_tables).
std::vector<Violation> check_drift(stats::Table reference, stats::Table current, const DriftRule& rule);

}  // namespace dvx::quality
