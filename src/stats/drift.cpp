#include "dvx/stats/drift.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include "dvx/stats/chi2_test.hpp"
#include "dvx/stats/ks_test.hpp"
#include "dvx/stats/psi.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/thread_pool.hpp"
#include "radix_sort.hpp"

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
  }
  return "?";
}

namespace {

std::string number_text(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, p) : std::string();
}

// A numeric column seen as categories (when the other version is categorical).
void to_categorical(Column& c) {
  if (c.kind != ColumnKind::numeric) return;
  c.categories.resize(c.numbers.size());
  c.category_null.resize(c.numbers.size());
  for (std::size_t i = 0; i < c.numbers.size(); ++i) {
    c.category_null[i] = std::isnan(c.numbers[i]);
    if (!c.category_null[i]) c.categories[i] = number_text(c.numbers[i]);
  }
  c.numbers = {};
  c.kind = ColumnKind::categorical;
}

// Drops NaN in place (keeps file order, no new allocation).
std::vector<double> take_non_null(std::vector<double>& v) {
  std::vector<double> out = std::move(v);
  v = {};
  out.erase(std::remove_if(out.begin(), out.end(), [](double x) { return std::isnan(x); }), out.end());
  return out;
}

void compare_numeric(Column& b, Column& a, ColumnDrift& out, double threshold) {
  out.kind = ColumnKind::numeric;
  out.psi = NAN;
  const std::size_t rows_b = b.numbers.size(), rows_a = a.numbers.size();
  // Summaries sum in file order (as pandas), then sort in place; the sorted
  // values serve the median and the KS merge.
  auto sb = take_non_null(b.numbers);
  out.before = summarize_numeric_sorting(sb, rows_b);
  auto sa = take_non_null(a.numbers);
  out.after = summarize_numeric_sorting(sa, rows_a);
  if (sb.empty() || sa.empty()) {
    out.statistic = out.p_value = NAN;
    out.drift = sb.empty() != sa.empty();
    out.note = sb.empty() && sa.empty() ? "no values on either side" : "no non-null values on one side";
    return;
  }
  auto r = ks_2samp_sorted(sb, sa);
  out.test = "ks";
  out.statistic = r.statistic;
  out.p_value = r.p_value;
  out.exact = r.exact;
  out.drift = r.p_value < threshold;
}

void compare_categorical(Column& b, Column& a, ColumnDrift& out, double threshold) {
  out.kind = ColumnKind::categorical;
  to_categorical(b);
  to_categorical(a);
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::int64_t> cb, ca;
  std::size_t nulls_b = 0, nulls_a = 0;
  auto count = [&](const Column& c, std::vector<std::int64_t>& mine, std::vector<std::int64_t>& other,
                   std::size_t& nulls) {
    for (std::size_t i = 0; i < c.categories.size(); ++i) {
      if (c.category_null[i]) {
        ++nulls;
        continue;
      }
      auto [it, inserted] = index.try_emplace(c.categories[i], mine.size());
      if (inserted) {
        mine.push_back(0);
        other.push_back(0);
      }
      ++mine[it->second];
    }
  };
  count(b, cb, ca, nulls_b);
  count(a, ca, cb, nulls_a);
  std::vector<std::string> names(index.size());
  for (auto& [k, v] : index) names[v] = k;
  // Deterministic category order (sorted by name).
  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return names[x] < names[y]; });
  std::vector<std::string> sn;
  std::vector<std::int64_t> sb, sa;
  for (auto i : order) {
    sn.push_back(names[i]);
    sb.push_back(cb[i]);
    sa.push_back(ca[i]);
  }
  out.before = summarize_categorical(sn, sb, b.categories.size(), nulls_b);
  out.after = summarize_categorical(sn, sa, a.categories.size(), nulls_a);
  b.categories = {};
  a.categories = {};
  const bool empty_b = out.before.count == 0, empty_a = out.after.count == 0;
  out.psi = psi(sb, sa);
  if (empty_b || empty_a) {
    out.statistic = out.p_value = NAN;
    out.drift = empty_b != empty_a;
    out.note = empty_b && empty_a ? "no values on either side" : "no non-null values on one side";
    return;
  }
  auto r = chi2_contingency_2xk(sb, sa);
  out.test = "chi2";
  out.statistic = r.statistic;
  out.p_value = r.p_value;
  out.dof = r.dof;
  out.drift = r.p_value < threshold;
}

}  // namespace

DriftReport compare_tables(Table before, Table after, const DriftOptions& options) {
  DriftReport report;
  report.threshold = options.threshold;
  report.rows_before = before.rows;
  report.rows_after = after.rows;
  std::map<std::string, std::size_t> ib, ia;
  for (std::size_t i = 0; i < before.columns.size(); ++i) ib.emplace(before.columns[i].name, i);
  for (std::size_t i = 0; i < after.columns.size(); ++i) ia.emplace(after.columns[i].name, i);
  std::vector<std::string> names;
  if (!options.columns.empty()) {
    for (const auto& n : options.columns) {
      if (!ib.count(n) && !ia.count(n)) fail(ErrorKind::usage, "column '{}' is in neither version", n);
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
  } else {
    for (const auto& c : before.columns) names.push_back(c.name);
    for (const auto& c : after.columns)
      if (!ib.count(c.name)) names.push_back(c.name);
  }
  report.columns.resize(names.size());
  const std::size_t jobs =
      options.jobs ? options.jobs : std::max<std::size_t>(1, std::thread::hardware_concurrency());
  util::parallel_for(names.size(), jobs, [&](std::size_t k) {
    ColumnDrift& out = report.columns[k];
    out.name = names[k];
    out.psi = NAN;
    auto b = ib.find(out.name);
    auto a = ia.find(out.name);
    if (b == ib.end() || a == ia.end()) {
      out.status = b == ib.end() ? ColumnStatus::added : ColumnStatus::removed;
      Column& c = b == ib.end() ? after.columns[a->second] : before.columns[b->second];
      out.kind = c.kind;
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
    if (cb.kind == ColumnKind::numeric && ca.kind == ColumnKind::numeric) {
      compare_numeric(cb, ca, out, options.threshold);
    } else {
      compare_categorical(cb, ca, out, options.threshold);
      if (cb.kind != ca.kind) out.note = "type changed between versions; compared as categories";
    }
  });
  report.drift = std::any_of(report.columns.begin(), report.columns.end(), [](const ColumnDrift& c) {
    return c.status == ColumnStatus::compared && c.drift;
  });
  return report;
}

}  // namespace dvx::stats
