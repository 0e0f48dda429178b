#pragma once
// The words and numbers every drift renderer (drift_render.cpp,
// drift_html.cpp) shows for a report and its columns, written once.
#include <string>

#include "dvx/stats/drift.hpp"

namespace dvx::stats {

std::string fmt_p(double p);
std::string kind_text(const ColumnDrift& c);     // "numeric", "categorical", "date", "decimal(2)", ...
std::string test_text(const ColumnDrift& c);     // the deciding method, "id" for identifiers, "-"
std::string drift_text(const ColumnDrift& c);    // "DRIFT", "no", "-"
std::string change_text(const ColumnDrift& c);   // "mean a -> b, std ..." in the column's unit
std::string others_text(const ColumnDrift& c);   // the other methods' numbers: "wasserstein 0.12, psi 0.03"
std::string verdict_text(const DriftReport& r);  // "2 of 5 compared columns drifted"
std::string rule_text(const DriftReport& r);     // which method and thresholds decided

}  // namespace dvx::stats
