#pragma once
// Renders a DriftReport as a terminal table, JSON or Markdown.
// JSON: {path, from, to, threshold, drift, rows_before, rows_after,
//        columns: [{name, status, kind, test, statistic, p_value, drift,
//                   exact (ks), dof (chi2), psi (categorical), note,
//                   before: {...}, after: {...}}]}; NaN is written as null.
#include <string>

#include "dvx/stats/drift.hpp"

namespace dvx::stats {

std::string render_table(const DriftReport& report);
std::string render_json(const DriftReport& report);
std::string render_markdown(const DriftReport& report);

}  // namespace dvx::stats
