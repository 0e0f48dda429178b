// A drift report as one self-contained HTML page: the verdict, the
// per-column table, and one chart per column (both versions overlaid:
// a histogram for numbers, the most frequent categories for text).
#include <fmt/format.h>

#include "drift_text.hpp"
#include "dvx/stats/drift_render.hpp"
#include "dvx/stats/html_report.hpp"
#include "dvx/stats/value_format.hpp"

namespace dvx::stats {

namespace {

html::Tone drift_tone(const ColumnDrift& c) {
  if (c.status != ColumnStatus::compared) return html::Tone::muted;
  return c.drift ? html::Tone::bad : html::Tone::good;
}

std::vector<html::Cell> row_of(const ColumnDrift& c) {
  return {c.name,
          kind_text(c),
          test_text(c),
          format_number(c.statistic),
          fmt_p(c.p_value),
          {drift_text(c), drift_tone(c)},
          {others_text(c), html::Tone::muted},
          change_text(c)};
}

void chart_of(html::Page& page, const ColumnDrift& c, const std::string& from, const std::string& to) {
  if (c.status != ColumnStatus::compared && c.status != ColumnStatus::identifier) {
    page.no_chart(c.name, c.status == ColumnStatus::skipped ? "skipped: " + c.note
                                                            : std::string("column ") + to_string(c.status));
    return;
  }
  const std::string note = c.test.empty() ? c.note
                                          : fmt::format("{} {} {}", c.test,
                                                        c.p_value == c.p_value ? "p " + fmt_p(c.p_value)
                                                                               : format_number(c.statistic),
                                                        c.drift ? "(drift)" : "(no drift)");
  draw_distribution(page, c.name, c.distribution, {from, to}, note);
}

}  // namespace

std::string render_html(const DriftReport& r) {
  html::Page page(fmt::format("Drift of {}: {} → {}", r.path, r.from, r.to));
  page.verdict(r.drift ? html::Tone::bad : html::Tone::good, verdict_text(r),
               fmt::format("rows {} → {}; {}", r.rows_before, r.rows_after, rule_text(r)));
  std::vector<std::vector<html::Cell>> rows;
  for (const auto& c : r.columns) rows.push_back(row_of(c));
  page.table({"column", "kind", "test", "statistic", "p-value", "drift", "other methods", "before → after"},
             rows);
  page.heading("Distributions");
  for (const auto& c : r.columns) chart_of(page, c, r.from, r.to);
  return page.str();
}

}  // namespace dvx::stats
