// Rule semantics (docs/quality.md): nulls break only not_null, max_null_rate
// and unique (where, as pandas' duplicated(), two nulls are equal values);
// every other rule looks at the non-null values.
#include "dvx/quality/rules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <unordered_set>

#include "dvx/stats/drift.hpp"
#include "quality/cells.hpp"
#include "quality/regex.hpp"

namespace dvx::quality {
namespace {

using stats::Column;
using stats::ColumnKind;
using stats::Table;

// Counts offending rows and keeps the first `sample` of them.
struct Tally {
  std::size_t sample;
  Violation v;
  void add(std::size_t row, std::string value) {
    if (v.offenders.size() < sample) v.offenders.push_back({row, std::move(value)});
    ++v.count;
  }
};

bool parses_as_int(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_bool_text(std::string_view s) {
  static const char* const kWords[] = {"true", "false", "True", "False", "TRUE", "FALSE", "0", "1"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](const char* w) { return s == w; });
}

// YYYY-MM-DD, a real calendar day.
bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    return std::from_chars(s.data() + at, s.data() + at + n, out).ptr == s.data() + at + n;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d) || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool fits_type(const Column& c, std::size_t r, ValueType t) {
  if (c.kind == ColumnKind::numeric) {
    double v = c.numbers[r];
    switch (t) {
      case ValueType::int_: return std::isfinite(v) && v == std::trunc(v);
      case ValueType::float_: return true;
      case ValueType::string: return true;
      case ValueType::bool_: return v == 0 || v == 1;
      // A Parquet DATE (days since the epoch); a timestamp is not a date.
      case ValueType::date: return c.unit.kind == stats::ValueUnit::Kind::date && std::isfinite(v);
    }
  }
  std::string_view s = c.categories[r];
  switch (t) {
    case ValueType::int_: return parses_as_int(s);
    case ValueType::float_: return parse_number(s).has_value();
    case ValueType::string: return true;
    case ValueType::bool_: return is_bool_text(s);
    case ValueType::date: return is_iso_date(s);
  }
  return true;
}

std::optional<double> number_at(const Column& c, std::size_t r) {
  if (c.kind == ColumnKind::numeric) return c.numbers[r];
  return parse_number(c.categories[r]);
}

std::string range_text(const RangeRule& r) {
  if (r.min && r.max) return fmt::format("[{}, {}]", *r.min, *r.max);
  if (r.min) return fmt::format(">= {}", *r.min);
  return fmt::format("<= {}", *r.max);
}

std::string list_text(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < 8; ++i) out += (i ? ", " : "") + values[i];
  if (values.size() > 8) out += fmt::format(", … ({} values)", values.size());
  return out;
}

class Checker {
 public:
  Checker(const Table& t, std::size_t sample) : t_(t), sample_(sample) {}

  std::vector<Violation> out;

  // The column, or nullptr after noting it missing (once per name).
  const Column* column(const std::string& name) {
    for (const auto& c : t_.columns)
      if (c.name == name) return c.kind == ColumnKind::skipped ? nullptr : &c;
    if (std::find(missing_.begin(), missing_.end(), name) == missing_.end()) {
      missing_.push_back(name);
      out.push_back({name, "columns", 1, fmt::format("no column '{}' in the file", name), {}});
    }
    return nullptr;
  }

  // Runs `bad(row)` over the non-null rows of `c`; a violation when any is bad.
  template <typename Bad>
  void each_value(const Column& c, const char* rule, Bad bad,
                  const std::function<std::string(std::size_t)>& message) {
    Tally tally{sample_, {c.name, rule, 0, "", {}}};
    for (std::size_t r = 0; r < t_.rows; ++r)
      if (!is_null(c, r) && bad(r)) tally.add(r, cell_text(c, r));
    if (tally.v.count) {
      tally.v.message = message(tally.v.count);
      out.push_back(std::move(tally.v));
    }
  }

  void types(const std::vector<ColumnTypeRule>& rules) {
    for (const auto& rule : rules)
      if (const Column* c = column(rule.column))
        each_value(
            *c, "type", [&](std::size_t r) { return !fits_type(*c, r, rule.type); },
            [&](std::size_t n) {
              return fmt::format("{} value{} not of type {}", n, n == 1 ? " is" : "s are", rule.type_name);
            });
  }

  void not_null(const std::vector<std::string>& names) {
    for (const auto& name : names) {
      const Column* c = column(name);
      if (!c) continue;
      Tally tally{sample_, {name, "not_null", 0, "", {}}};
      for (std::size_t r = 0; r < t_.rows; ++r)
        if (is_null(*c, r)) tally.add(r, "");
      if (tally.v.count) {
        tally.v.message = fmt::format("{} null value{}", tally.v.count, tally.v.count == 1 ? "" : "s");
        out.push_back(std::move(tally.v));
      }
    }
  }

  void unique(const std::vector<std::vector<std::string>>& keys) {
    for (const auto& key : keys) {
      std::vector<const Column*> cols;
      for (const auto& name : key)
        if (const Column* c = column(name)) cols.push_back(c);
      if (cols.size() != key.size()) continue;
      const std::string label =
          key.size() == 1 ? key[0] : "(" + fmt::format("{}", fmt::join(key, ", ")) + ")";
      Tally tally{sample_, {label, "unique", 0, "", {}}};
      std::unordered_set<std::string> seen;
      seen.reserve(t_.rows);
      std::string enc;
      for (std::size_t r = 0; r < t_.rows; ++r) {
        enc.clear();
        for (const Column* c : cols) encode_cell(*c, r, enc);
        if (!seen.insert(enc).second) {
          std::string value;
          for (std::size_t i = 0; i < cols.size(); ++i)
            value += (i ? ", " : "") + (cols.size() > 1 ? cols[i]->name + "=" : "") + cell_text(*cols[i], r);
          tally.add(r, std::move(value));
        }
      }
      if (tally.v.count) {
        tally.v.message =
            fmt::format("{} row{} repeat{} an earlier row's {}", tally.v.count, tally.v.count == 1 ? "" : "s",
                        tally.v.count == 1 ? "s" : "", key.size() == 1 ? "value" : "key");
        out.push_back(std::move(tally.v));
      }
    }
  }

  void ranges(const std::vector<RangeRule>& rules) {
    for (const auto& rule : rules)
      if (const Column* c = column(rule.column))
        each_value(
            *c, "range",
            [&](std::size_t r) {
              auto v = number_at(*c, r);
              return !v || std::isnan(*v) || (rule.min && *v < *rule.min) || (rule.max && *v > *rule.max);
            },
            [&](std::size_t n) {
              return fmt::format("{} value{} outside {}", n, n == 1 ? "" : "s", range_text(rule));
            });
  }

  void allowed(const std::vector<AllowedRule>& rules) {
    for (const auto& rule : rules) {
      const Column* c = column(rule.column);
      if (!c) continue;
      std::unordered_set<std::string_view> words(rule.values.begin(), rule.values.end());
      std::vector<double> numbers = rule.numbers;
      for (const auto& w : rule.values)
        if (auto n = parse_number(w)) numbers.push_back(*n);
      each_value(
          *c, "allowed",
          [&](std::size_t r) {
            if (c->kind == ColumnKind::numeric)
              return std::find(numbers.begin(), numbers.end(), c->numbers[r]) == numbers.end();
            return !words.count(c->categories[r]);
          },
          [&](std::size_t n) {
            return fmt::format("{} value{} not among {}", n, n == 1 ? " is" : "s are",
                               list_text(rule.values));
          });
    }
  }

  void patterns(const std::vector<PatternRule>& rules) {
    for (const auto& rule : rules) {
      const Column* c = column(rule.column);
      if (!c) continue;
      Regex re(rule.regex);
      each_value(
          *c, "pattern", [&](std::size_t r) { return !re.search(cell_text(*c, r)); },
          [&](std::size_t n) {
            return fmt::format("{} value{} not match '{}'", n, n == 1 ? " does" : "s do", rule.regex);
          });
    }
  }

  void rows(const CheckSet& set) {
    const std::size_t n = t_.rows;
    if (set.rows_min && n < *set.rows_min)
      out.push_back({"", "rows", n, fmt::format("{} rows, fewer than the minimum {}", n, *set.rows_min), {}});
    if (set.rows_max && n > *set.rows_max)
      out.push_back({"", "rows", n, fmt::format("{} rows, more than the maximum {}", n, *set.rows_max), {}});
  }

  void null_rates(const std::vector<NullRateRule>& rules) {
    for (const auto& rule : rules) {
      const Column* c = column(rule.column);
      if (!c || t_.rows == 0) continue;
      std::size_t nulls = 0;
      for (std::size_t r = 0; r < t_.rows; ++r) nulls += is_null(*c, r);
      const double rate = static_cast<double>(nulls) / static_cast<double>(t_.rows);
      if (rate > rule.max_rate)
        out.push_back(
            {rule.column,
             "max_null_rate",
             nulls,
             fmt::format("null rate {:.4g} ({} of {} rows) above {}", rate, nulls, t_.rows, rule.max_rate),
             {}});
    }
  }

 private:
  const Table& t_;
  std::size_t sample_;
  std::vector<std::string> missing_;
};

}  // namespace

std::vector<Violation> check_table(const Table& table, const CheckSet& set, std::size_t sample) {
  Checker c(table, sample);
  c.rows(set);
  c.types(set.columns);
  c.not_null(set.not_null);
  c.null_rates(set.max_null_rate);
  c.unique(set.unique);
  c.ranges(set.range);
  c.allowed(set.allowed);
  c.patterns(set.pattern_rules);
  return std::move(c.out);
}

std::vector<Violation> check_drift(Table reference, Table current, const DriftRule& rule) {
  stats::DriftOptions opts;
  opts.threshold = rule.threshold;
  opts.columns = rule.columns;
  auto report = stats::compare_tables(std::move(reference), std::move(current), opts);
  std::vector<Violation> out;
  for (const auto& col : report.columns)
    if (col.drift)
      out.push_back({col.name,
                     "drift",
                     1,
                     std::isnan(col.p_value)  // a distance decided (drift's `auto` on large samples)
                         ? fmt::format("drifted from {} ({} = {:.4g} >= {})", rule.rev, col.test,
                                       col.statistic, col.threshold)
                         : fmt::format("drifted from {} ({} p = {:.4g} < {})", rule.rev, col.test,
                                       col.p_value, rule.threshold),
                     {}});
  return out;
}

}  // namespace dvx::quality
