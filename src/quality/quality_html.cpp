// The HTML pages of validate and diff --rows, built with stats' page
// builder (html_report.hpp): verdict, tables, and one bar chart per file
// (violations by column and rule) or per diff (changed cells by column);
// validate also draws each column's distribution (stats' distribution.hpp,
// the charts drift draws).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "dvx/quality/row_diff_render.hpp"
#include "dvx/quality/validate_render.hpp"
#include "dvx/stats/distribution.hpp"
#include "dvx/stats/html_report.hpp"
#include "dvx/stats/value_format.hpp"

namespace dvx::quality {
namespace {

namespace html = stats::html;

std::string offenders_cell(const Violation& v) {
  std::string out;
  for (const auto& o : v.offenders)
    out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", o.row, o.value.empty() ? "null" : o.value);
  if (v.count > v.offenders.size() && !v.offenders.empty()) out += ", …";
  return out;
}

std::string opt_text(const std::optional<std::string>& v) {
  return v ? *v : "null";
}

std::vector<std::vector<html::Cell>> sample_rows(const std::vector<RowSample>& rows) {
  std::vector<std::vector<html::Cell>> out;
  for (const auto& r : rows) {
    std::string cells, changes;
    for (const auto& c : r.cells)
      cells += fmt::format("{}{}={}", cells.empty() ? "" : ", ", c.column, opt_text(c.value));
    for (const auto& c : r.changes)
      changes += fmt::format("{}{}: {} → {}", changes.empty() ? "" : "; ", c.column, opt_text(c.before),
                             opt_text(c.after));
    out.push_back({r.row_before ? fmt::format("{}", *r.row_before) : "–",
                   r.row_after ? fmt::format("{}", *r.row_after) : "–", cells, changes});
  }
  return out;
}

void violations(html::Page& page, const FileResult& f) {
  std::vector<std::vector<html::Cell>> rows;
  html::Bars bars;
  html::Series counts{"violations", {}};
  for (const auto& v : f.violations) {
    rows.push_back({v.column.empty() ? "–" : v.column,
                    v.rule,
                    {fmt::format("{}", v.count), html::Tone::bad},
                    v.message,
                    offenders_cell(v)});
    bars.categories.push_back((v.column.empty() ? "file" : v.column) + " · " + v.rule);
    counts.values.push_back(static_cast<double>(v.count));
  }
  page.table({"Column", "Rule", "Count", "Problem", "First rows (value)"}, rows);
  bars.series.push_back(std::move(counts));
  bars.totals.push_back(static_cast<double>(std::max<std::size_t>(f.rows, 1)));
  page.bars(f.path, bars, "violations as a share of the file's rows");
}

// What a column holds, under its chart.
std::string profile_note(const stats::ColumnProfile& p) {
  const auto& s = p.summary;
  switch (p.distribution.kind) {
    case stats::ColumnKind::skipped: return "skipped: " + p.skip_reason;
    case stats::ColumnKind::numeric:
      if (s.count == 0) return fmt::format("{} values, all null", s.rows);
      return fmt::format("{} values, {} null; mean {}, median {}", s.rows, s.nulls,
                         stats::format_value(s.mean, p.distribution.unit),
                         stats::format_value(s.median, p.distribution.unit));
    case stats::ColumnKind::categorical:
      if (s.count == 0) return fmt::format("{} values, all null", s.rows);
      return fmt::format("{} values, {} null; {} distinct{}", s.rows, s.nulls, s.unique,
                         s.unique > stats::kChartCategories
                             ? fmt::format(" (the {} most frequent shown)", stats::kChartCategories)
                             : "");
  }
  return {};
}

void distributions(html::Page& page, const FileResult& f, const std::string& source) {
  if (f.columns.empty()) return;
  page.paragraph(fmt::format("Distributions of the {} column{} ({}; shares of the non-null values)",
                             f.columns.size(), f.columns.size() == 1 ? "" : "s", source));
  for (const auto& c : f.columns)
    stats::draw_distribution(page, c.name, c.distribution, {source}, profile_note(c));
}

}  // namespace

std::string render_html(const ValidationReport& r) {
  html::Page page("git dvx validate");
  if (!r.has_checks) {
    page.verdict(html::Tone::muted, "No [checks] in dvx.toml", "nothing to validate");
    return page.str();
  }
  std::size_t failed = 0;
  for (const auto& f : r.files) failed += !f.ok();
  page.verdict(
      r.ok() ? html::Tone::good : html::Tone::bad,
      r.ok() ? fmt::format("Validation passed: {} file{}", r.files.size(), r.files.size() == 1 ? "" : "s")
             : fmt::format("Validation failed: {} of {} file{}", failed, r.files.size(),
                           r.files.size() == 1 ? "" : "s"),
      fmt::format("source: {}", r.source));
  for (const auto& f : r.files) {
    page.heading(fmt::format("{} — {}", f.path, f.ok() ? "ok" : "failed"));
    std::string checks;
    for (const auto& p : f.patterns) checks += (checks.empty() ? "" : ", ") + p;
    page.paragraph(fmt::format("{} rows; checks {}", f.rows, checks));
    if (!f.error.empty()) {
      page.paragraph("Cannot be validated: " + f.error);
      continue;
    }
    if (!f.violations.empty()) violations(page, f);
    distributions(page, f, r.source);
  }
  return page.str();
}

std::string render_html(const RowDiff& d, const RowDiffLabels& l) {
  html::Page page(fmt::format("git dvx diff --rows {}", l.path));
  const bool same = d.added == 0 && d.removed == 0 && d.modified == 0 && d.schema.empty();
  page.verdict(same ? html::Tone::good : html::Tone::warn,
               same ? "No row changed"
                    : fmt::format("{} added, {} removed, {} modified", d.added, d.removed, d.modified),
               fmt::format("{}: {} → {} ({})", l.path, l.from, l.to,
                           d.keys.empty() ? std::string("whole rows")
                                          : "key " + fmt::format("{}", fmt::join(d.keys, ", "))));
  page.table({"Rows before", "Rows after", "Added", "Removed", "Modified", "Unchanged"},
             {{fmt::format("{}", d.rows_before), fmt::format("{}", d.rows_after), fmt::format("{}", d.added),
               fmt::format("{}", d.removed), fmt::format("{}", d.modified), fmt::format("{}", d.unchanged)}});
  if (!d.schema.empty()) {
    page.heading("Schema changes");
    std::vector<std::vector<html::Cell>> rows;
    for (const auto& s : d.schema)
      rows.push_back({s.column, s.change, s.before_type.empty() ? "–" : s.before_type,
                      s.after_type.empty() ? "–" : s.after_type});
    page.table({"Column", "Change", "Before", "After"}, rows);
  }
  if (!d.changed_cells.empty()) {
    page.heading("Changed cells per column");
    html::Bars bars;
    html::Series s{"changed cells", {}};
    for (const auto& c : d.changed_cells) {
      bars.categories.push_back(c.column);
      s.values.push_back(static_cast<double>(c.changed));
    }
    bars.series.push_back(std::move(s));
    bars.totals.push_back(static_cast<double>(std::max<std::size_t>(d.modified + d.unchanged, 1)));
    page.bars("changed cells", bars, "share of the matched rows whose cell changed");
  }
  auto section = [&](const char* title, const std::vector<RowSample>& rows) {
    if (rows.empty()) return;
    page.heading(fmt::format("{} (first {})", title, rows.size()));
    page.table({"Row before", "Row after", "Values / key", "Changes"}, sample_rows(rows));
  };
  section("Added rows", d.added_rows);
  section("Removed rows", d.removed_rows);
  section("Modified rows", d.modified_rows);
  return page.str();
}

}  // namespace dvx::quality
