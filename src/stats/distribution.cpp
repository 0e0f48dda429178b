#include "dvx/stats/distribution.hpp"

#include <algorithm>
#include <cmath>

#include "category_counts.hpp"
#include "dvx/stats/value_format.hpp"

namespace dvx::stats {

html::Bars top_categories(const std::vector<std::string_view>& names,
                          const std::vector<const std::vector<std::int64_t>*>& counts,
                          const std::vector<std::size_t>& totals, std::size_t k) {
  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto share = [&](std::size_t i) {
    double s = 0;
    for (std::size_t v = 0; v < counts.size(); ++v)
      if (totals[v]) s += static_cast<double>((*counts[v])[i]) / static_cast<double>(totals[v]);
    return s;
  };
  k = std::min(k, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](std::size_t x, std::size_t y) { return share(x) > share(y); });
  html::Bars bars;
  for (std::size_t v = 0; v < counts.size(); ++v) {
    bars.series.push_back({"", {}});
    bars.totals.push_back(static_cast<double>(totals[v]));
  }
  for (std::size_t r = 0; r < k; ++r) {
    bars.categories.emplace_back(names[order[r]]);
    for (std::size_t v = 0; v < counts.size(); ++v)
      bars.series[v].values.push_back(static_cast<double>((*counts[v])[order[r]]));
  }
  return bars;
}

ColumnProfile profile_column(const Column& column) {
  ColumnProfile p;
  p.name = column.name;
  p.distribution.kind = column.kind;
  p.distribution.unit = column.unit;
  if (column.kind == ColumnKind::skipped) {
    p.skip_reason = column.skip_reason;
    return p;
  }
  if (column.kind == ColumnKind::numeric) {
    std::vector<double> values;
    values.reserve(column.numbers.size());
    for (double v : column.numbers)
      if (!std::isnan(v)) values.push_back(v);
    p.summary = summarize_numeric_sorting(values, column.numbers.size());  // sorts `values`
    p.distribution.histogram = html::histogram_of_sorted({""}, {&values}, kChartBins);
    return p;
  }
  const CategoryCounts counts = count_categories(column);
  p.summary = summarize_categories(counts, counts.before, counts.rows_before, counts.nulls_before);
  p.distribution.bars = top_categories(counts.names, {&counts.before}, {p.summary.count});
  return p;
}

void draw_distribution(html::Page& page, const std::string& column, const Distribution& d,
                       const std::vector<std::string>& labels, const std::string& note) {
  auto label = [&](auto& series) {
    for (std::size_t i = 0; i < series.size() && i < labels.size(); ++i) series[i].label = labels[i];
  };
  if (d.kind == ColumnKind::numeric) {
    html::Histogram h = d.histogram;
    label(h.series);
    const ValueUnit unit = d.unit;
    h.text = [unit](double v) { return format_value(v, unit); };
    page.histogram(column, h, note);
  } else if (d.kind == ColumnKind::categorical) {
    html::Bars b = d.bars;
    label(b.series);
    page.bars(column, b, note);
  } else {
    page.no_chart(column, note);
  }
}

}  // namespace dvx::stats
