#pragma once
// Numbers as people read them in reports, in the column's own unit
// (table.hpp's ValueUnit): ISO dates (2024-05-01), timestamps
// (2024-05-01 12:30:00.25), times of day, decimals with their scale (12.50),
// plain numbers with 4 significant digits. NaN is "-".
#include <string>

#include "dvx/stats/table.hpp"

namespace dvx::stats {

// A value of the column (a mean, median, min, a bin edge, ...).
std::string format_value(double v, const ValueUnit& unit);
// A spread or difference of values (a standard deviation): a duration for
// dates and times ("12.5 days", "3.2 h"), else as format_value.
std::string format_spread(double v, const ValueUnit& unit);
// A plain number: 4 significant digits, whole units from 10^4 to 10^9,
// exponent form when tiny or huge.
std::string format_number(double v);
// What the unit is called in reports ("date", "timestamp", "decimal(2)", "").
std::string unit_name(const ValueUnit& unit);

}  // namespace dvx::stats
