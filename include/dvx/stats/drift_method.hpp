#pragma once
// One way of comparing the two versions of a column (a test with a p-value,
// or a distance), and the registry `git dvx drift --method` picks from.
//
// Adding a method is two new files and one line: a header and a source that
// define the statistic and `DriftMethod drift_method_<name>()` beside it,
// and `DVX_DRIFT_METHOD(<name>)` in src/stats/drift_methods.def. The
// renderers (table, JSON, Markdown, HTML) and the command print every
// method from the registry; none of them names one.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/stats/table.hpp"

namespace dvx::stats {

// The non-null values of one column in both versions, as a method sees them.
struct ColumnSample {
  ColumnKind kind = ColumnKind::numeric;  // numeric or categorical
  // numeric: the values sorted ascending (NaN removed)
  const std::vector<double>* before_sorted = nullptr;
  const std::vector<double>* after_sorted = nullptr;
  // categorical: counts per category, aligned (category i is the same in both)
  const std::vector<std::int64_t>* before_counts = nullptr;
  const std::vector<std::int64_t>* after_counts = nullptr;
};

// A number a method reports besides its statistic (e.g. "dof" for
// chi-square, "exact" for KS); written as a JSON number, or a boolean.
struct MethodDetail {
  std::string key;
  double value = 0;
  bool boolean = false;
};

struct MethodResult {
  double statistic = 0;
  double p_value = 0;  // NaN for a distance (no p-value)
  std::vector<MethodDetail> details;
};

enum class Decision {
  p_below,            // drift when p_value < threshold (a test)
  statistic_at_least  // drift when statistic >= threshold (a distance)
};

struct DriftMethod {
  std::string name;                           // --method value and JSON key: "ks"
  std::string title;                          // for people: "Kolmogorov-Smirnov"
  bool numeric = false, categorical = false;  // the column kinds it takes
  Decision decision = Decision::p_below;
  // What decides for a kind the method does not take (ks -> chi2): so one
  // --method serves a table of both kinds.
  std::string counterpart;
  MethodResult (*run)(const ColumnSample&) = nullptr;

  bool takes(ColumnKind kind) const { return kind == ColumnKind::numeric ? numeric : categorical; }
  bool is_drift(const MethodResult& r, double threshold) const;
};

// Every method, in registration order (drift_methods.def).
const std::vector<DriftMethod>& drift_methods();
// nullptr when no method has that name.
const DriftMethod* find_drift_method(std::string_view name);
// The names, joined with '|', for usage messages: "ks|chi2|...".
std::string drift_method_names();

}  // namespace dvx::stats
