#pragma once
// A column's distribution as the data of one report chart, and drawing it:
// numbers binned into a histogram (axis values in the column's units), text
// as its most frequent categories. Drift overlays two versions on the same
// bins and categories; validate draws one version.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dvx/stats/html_report.hpp"
#include "dvx/stats/summary.hpp"
#include "dvx/stats/table.hpp"

namespace dvx::stats {

inline constexpr std::size_t kChartBins = 30;
inline constexpr std::size_t kChartCategories = 10;

struct Distribution {
  ColumnKind kind = ColumnKind::numeric;  // numeric: `histogram`; categorical: `bars`
  ValueUnit unit;                         // numeric: what the numbers mean
  html::Histogram histogram;              // one series per version, on shared bins
  html::Bars bars;                        // one series per version, the same categories
};

// The most frequent categories over the versions (ranked by the sum of their
// shares, so a larger version does not decide alone): `counts[v][i]` is how
// often `names[i]` occurs in version v, `totals[v]` its non-null values.
html::Bars top_categories(const std::vector<std::string_view>& names,
                          const std::vector<const std::vector<std::int64_t>*>& counts,
                          const std::vector<std::size_t>& totals, std::size_t k = kChartCategories);

// One version of one column: its distribution and summary (validate's page).
struct ColumnProfile {
  std::string name;
  Distribution distribution;  // kind skipped: nothing to draw
  Summary summary;
  std::string skip_reason;
};

ColumnProfile profile_column(const Column& column);

// One chart titled `column`; `labels` name the versions (one per series).
void draw_distribution(html::Page& page, const std::string& column, const Distribution& d,
                       const std::vector<std::string>& labels, const std::string& note);

}  // namespace dvx::stats
