#pragma once
// Renders a DriftReport as a terminal table, JSON, Markdown or one
// self-contained HTML page (html_report.hpp).
// JSON: {path, from, to, method, threshold, distance_threshold, drift,
//        rows_before, rows_after,
//        columns: [{name, status, kind, unit, test, statistic, p_value, drift,
//                   <the deciding method's details, e.g. exact, dof>,
//                   methods: {<name>: {statistic, p_value, threshold, drift, ...}},
//                   note, before: {...}, after: {...}}]}; NaN is written as null.
#include <string>

#include "dvx/stats/drift.hpp"

namespace dvx::stats {

std::string render_table(const DriftReport& report);
std::string render_json(const DriftReport& report);
std::string render_markdown(const DriftReport& report);
std::string render_html(const DriftReport& report);

}  // namespace dvx::stats
