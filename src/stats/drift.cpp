#include "dvx/stats/drift.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <thread>

#include "category_counts.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::stats {

const char* to_string(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::numeric: return "numeric";
    case ColumnKind::categorical: return "categorical";
    case ColumnKind::skipped: return "skipped";
  }
  return "?";
}

const char* to_string(ColumnStatus status) {
  switch (status) {
    case ColumnStatus::compared: return "compared";
    case ColumnStatus::added: return "added";
    case ColumnStatus::removed: return "removed";
    case ColumnStatus::skipped: return "skipped";
    case ColumnStatus::identifier: return "identifier";
  }
  return "?";
}

const MethodOutcome* ColumnDrift::outcome(const std::string& method) const {
  for (const auto& o : methods)
    if (o.method->name == method) return &o;
  return nullptr;
}

const DriftMethod& deciding_method(const std::string& choice, ColumnKind kind, std::size_t reference_count,
                                   std::size_t reference_distinct, bool* as_categorical) {
  *as_categorical = false;
  const DriftMethod* m = nullptr;
  if (choice == "auto") {
    if (kind == ColumnKind::numeric && reference_distinct <= kAutoCategoricalMaxDistinct) {
      *as_categorical = true;
      kind = ColumnKind::categorical;
    }
    const bool small = reference_count <= kAutoTestMaxRows;
    const bool numeric = kind == ColumnKind::numeric;
    m = find_drift_method(small ? (numeric ? "ks" : "chi2") : (numeric ? "wasserstein" : "jensenshannon"));
  } else {
    m = find_drift_method(choice);
    if (!m)
      fail(ErrorKind::usage, "--method must be auto or one of {}, not '{}'", drift_method_names(), choice);
    if (!m->takes(kind)) m = find_drift_method(m->counterpart);
  }
  if (!m || !m->takes(kind)) fail(ErrorKind::permanent, "no drift method for a {} column", to_string(kind));
  return *m;
}

namespace {

// Drops NaN in place (keeps file order, no new allocation).
std::vector<double> take_non_null(std::vector<double>& v) {
  std::vector<double> out = std::move(v);
  v = {};
  out.erase(std::remove_if(out.begin(), out.end(), [](double x) { return std::isnan(x); }), out.end());
  return out;
}

std::size_t distinct_sorted(const std::vector<double>& v) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < v.size(); ++i) n += i == 0 || v[i] != v[i - 1];
  return n;
}

bool all_integral(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::floor(x) == x; });
}

// A numeric column's distinct values as aligned category counts.
void counts_of_sorted(const std::vector<double>& b, const std::vector<double>& a,
                      std::vector<std::int64_t>& cb, std::vector<std::int64_t>& ca) {
  std::size_t i = 0, j = 0;
  while (i < b.size() || j < a.size()) {
    const double x = j == a.size() || (i < b.size() && b[i] <= a[j]) ? b[i] : a[j];
    std::int64_t nb = 0, na = 0;
    while (i < b.size() && b[i] == x) ++i, ++nb;
    while (j < a.size() && a[j] == x) ++j, ++na;
    cb.push_back(nb);
    ca.push_back(na);
  }
}

// Every method that takes the sample's kind; the deciding one sets the verdict.
void run_methods(const ColumnSample& sample, const DriftMethod& decider, const DriftOptions& options,
                 ColumnDrift& out) {
  for (const auto& m : drift_methods()) {
    if (!m.takes(sample.kind)) continue;
    MethodOutcome o;
    o.method = &m;
    o.result = m.run(sample);
    o.threshold = m.decision == Decision::p_below ? options.threshold : options.distance_threshold;
    o.drift = m.is_drift(o.result, o.threshold);
    if (&m == &decider) {
      out.test = m.name;
      out.statistic = o.result.statistic;
      out.p_value = o.result.p_value;
      out.threshold = o.threshold;
      out.drift = o.drift;
    }
    out.methods.push_back(std::move(o));
  }
}

// No test when a side has no values; drift when exactly one side has none.
bool no_values(std::size_t count_b, std::size_t count_a, ColumnDrift& out) {
  if (count_b && count_a) return false;
  out.statistic = out.p_value = NAN;
  out.drift = (count_b == 0) != (count_a == 0);
  out.note = count_b == 0 && count_a == 0 ? "no values on either side" : "no non-null values on one side";
  return true;
}

void compare_numeric(Column& b, Column& a, ColumnDrift& out, const DriftOptions& options, bool named) {
  out.kind = ColumnKind::numeric;
  out.unit = b.unit.kind != ValueUnit::Kind::number ? b.unit : a.unit;
  const std::size_t rows_b = b.numbers.size(), rows_a = a.numbers.size();
  // Summaries sum in file order (as pandas), then sort in place; the sorted
  // values serve the median, the methods and the chart.
  auto sb = take_non_null(b.numbers);
  out.before = summarize_numeric_sorting(sb, rows_b);
  auto sa = take_non_null(a.numbers);
  out.after = summarize_numeric_sorting(sa, rows_a);
  out.distribution.kind = ColumnKind::numeric;
  out.distribution.unit = out.unit;
  out.distribution.histogram = html::histogram_of_sorted({"", ""}, {&sb, &sa}, kChartBins);
  if (no_values(sb.size(), sa.size(), out)) return;
  const std::size_t distinct_b = distinct_sorted(sb);
  if (!named && sb.size() > 1 && sa.size() > 1 && distinct_b == sb.size() &&
      distinct_sorted(sa) == sa.size() && out.unit.kind == ValueUnit::Kind::number && all_integral(sb) &&
      all_integral(sa)) {
    out.status = ColumnStatus::identifier;
    out.statistic = out.p_value = NAN;
    out.note = "every value distinct (an identifier); not tested unless named in --columns";
    return;
  }
  bool as_categorical = false;
  const auto& decider =
      deciding_method(options.method, ColumnKind::numeric, sb.size(), distinct_b, &as_categorical);
  ColumnSample sample;
  std::vector<std::int64_t> cb, ca;
  if (as_categorical) {
    counts_of_sorted(sb, sa, cb, ca);
    sample.kind = ColumnKind::categorical;
    sample.before_counts = &cb;
    sample.after_counts = &ca;
    out.note = fmt::format("{} distinct values: compared as categories", distinct_b);
  } else {
    sample.before_sorted = &sb;
    sample.after_sorted = &sa;
  }
  run_methods(sample, decider, options, out);
}

void compare_categorical(Column& b, Column& a, ColumnDrift& out, const DriftOptions& options, bool named) {
  out.kind = ColumnKind::categorical;
  auto counts = count_categories(b, a);
  out.before = summarize_categories(counts, counts.before, counts.rows_before, counts.nulls_before);
  out.after = summarize_categories(counts, counts.after, counts.rows_after, counts.nulls_after);
  out.distribution.kind = ColumnKind::categorical;
  out.distribution.bars =
      top_categories(counts.names, {&counts.before, &counts.after}, {out.before.count, out.after.count});
  if (no_values(out.before.count, out.after.count, out)) return;
  if (!named && out.before.count > 1 && out.after.count > 1 && out.before.unique == out.before.count &&
      out.after.unique == out.after.count) {
    out.status = ColumnStatus::identifier;
    out.statistic = out.p_value = NAN;
    out.note = "every value distinct (an identifier); not tested unless named in --columns";
    return;
  }
  bool as_categorical = false;
  const auto& decider = deciding_method(options.method, ColumnKind::categorical, out.before.count,
                                        out.before.unique, &as_categorical);
  ColumnSample sample;
  sample.kind = ColumnKind::categorical;
  sample.before_counts = &counts.before;
  sample.after_counts = &counts.after;
  run_methods(sample, decider, options, out);
}

// A column's values are released as soon as it is done (the report keeps
// copies of what it shows).
void release(Column& c) {
  c.numbers = {};
  c.categories = {};
  c.category_null = {};
  c.codes = {};
  c.dictionary = {};
}

std::vector<std::string> column_names(const Table& before, const Table& after, const DriftOptions& options) {
  auto in_either = [&](const std::string& n) {
    auto has = [&](const Table& t) {
      return std::any_of(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.name == n; });
    };
    return has(before) || has(after);
  };
  for (const auto& n : options.exclude)
    if (!in_either(n)) fail(ErrorKind::usage, "--exclude: column '{}' is in neither version", n);
  auto excluded = [&](const std::string& n) {
    return std::find(options.exclude.begin(), options.exclude.end(), n) != options.exclude.end();
  };
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (!excluded(n) && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  if (!options.columns.empty()) {
    for (const auto& n : options.columns) {
      if (!in_either(n)) fail(ErrorKind::usage, "column '{}' is in neither version", n);
      add(n);
    }
  } else {
    for (const auto& c : before.columns) add(c.name);
    for (const auto& c : after.columns) add(c.name);
  }
  return names;
}

}  // namespace

DriftReport compare_tables(Table before, Table after, const DriftOptions& options) {
  if (options.method != "auto" && !find_drift_method(options.method))
    fail(ErrorKind::usage, "--method must be auto or one of {}, not '{}'", drift_method_names(),
         options.method);
  DriftReport report;
  report.threshold = options.threshold;
  report.distance_threshold = options.distance_threshold;
  report.method = options.method;
  report.rows_before = before.rows;
  report.rows_after = after.rows;
  std::map<std::string, std::size_t> ib, ia;
  for (std::size_t i = 0; i < before.columns.size(); ++i) ib.emplace(before.columns[i].name, i);
  for (std::size_t i = 0; i < after.columns.size(); ++i) ia.emplace(after.columns[i].name, i);
  const auto names = column_names(before, after, options);
  report.columns.resize(names.size());
  const std::size_t jobs =
      options.jobs ? options.jobs : std::max<std::size_t>(1, std::thread::hardware_concurrency());
  util::parallel_for(names.size(), jobs, [&](std::size_t k) {
    ColumnDrift& out = report.columns[k];
    out.name = names[k];
    auto b = ib.find(out.name);
    auto a = ia.find(out.name);
    if (b == ib.end() || a == ia.end()) {
      out.status = b == ib.end() ? ColumnStatus::added : ColumnStatus::removed;
      Column& c = b == ib.end() ? after.columns[a->second] : before.columns[b->second];
      out.kind = c.kind;
      out.unit = c.unit;
      out.statistic = out.p_value = NAN;
      return;
    }
    Column& cb = before.columns[b->second];
    Column& ca = after.columns[a->second];
    if (cb.kind == ColumnKind::skipped || ca.kind == ColumnKind::skipped) {
      out.status = ColumnStatus::skipped;
      out.kind = ColumnKind::skipped;
      out.statistic = out.p_value = NAN;
      out.note = !cb.skip_reason.empty() ? cb.skip_reason : ca.skip_reason;
      return;
    }
    const bool named =
        std::find(options.columns.begin(), options.columns.end(), out.name) != options.columns.end();
    if (cb.kind == ColumnKind::numeric && ca.kind == ColumnKind::numeric) {
      compare_numeric(cb, ca, out, options, named);
    } else {
      compare_categorical(cb, ca, out, options, named);
      if (cb.kind != ca.kind) out.note = "type changed between versions; compared as categories";
    }
    release(cb);
    release(ca);
  });
  report.drift = std::any_of(report.columns.begin(), report.columns.end(), [](const ColumnDrift& c) {
    return c.status == ColumnStatus::compared && c.drift;
  });
  return report;
}

}  // namespace dvx::stats
