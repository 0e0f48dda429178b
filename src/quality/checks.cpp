// [checks."GLOB"] tables of dvx.toml (format: include/dvx/quality/checks.hpp).
#include "dvx/quality/checks.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>

#include "dvx/core/attributes.hpp"
#include "dvx/util/error.hpp"
#include "quality/regex.hpp"

namespace dvx::quality {
namespace {

int line_of(const toml::node& n) {
  return static_cast<int>(n.source().begin.line);
}

struct Ctx {
  const std::string& file;
  std::string set;
  [[noreturn]] void error(const toml::node& at, const std::string& what) const { error(line_of(at), what); }
  [[noreturn]] void error(int line, const std::string& what) const {
    if (set.empty()) fail(ErrorKind::usage, "{}:{}: {}", file, line, what);
    fail(ErrorKind::usage, "{}:{}: checks \"{}\": {}", file, line, set, what);
  }
};

const toml::table& table_of(const Ctx& ctx, const toml::node& n, const char* key) {
  const auto* t = n.as_table();
  if (!t)
    ctx.error(n, fmt::format("'{}' must be a table of column = value (e.g. {} = {{ age = ... }})", key, key));
  return *t;
}

std::string string_of(const Ctx& ctx, const toml::node& n, const std::string& what) {
  auto s = n.value<std::string>();
  if (!s) ctx.error(n, fmt::format("{} must be a string", what));
  return *s;
}

double number_of(const Ctx& ctx, const toml::node& n, const std::string& what) {
  if (auto i = n.as_integer()) return static_cast<double>(i->get());
  if (auto f = n.as_floating_point()) return f->get();
  ctx.error(n, fmt::format("{} must be a number", what));
}

std::vector<std::string> strings_of(const Ctx& ctx, const toml::node& n, const std::string& what) {
  const auto* a = n.as_array();
  if (!a) ctx.error(n, fmt::format("{} must be a list of column names", what));
  std::vector<std::string> out;
  for (const auto& item : *a) out.push_back(string_of(ctx, item, fmt::format("each entry of {}", what)));
  return out;
}

ValueType type_of(const Ctx& ctx, const toml::node& n, const std::string& column) {
  const std::string t = string_of(ctx, n, fmt::format("the type of column '{}'", column));
  if (t == "int" || t == "integer") return ValueType::int_;
  if (t == "float" || t == "double" || t == "number") return ValueType::float_;
  if (t == "string" || t == "str" || t == "text") return ValueType::string;
  if (t == "bool" || t == "boolean") return ValueType::bool_;
  if (t == "date") return ValueType::date;
  ctx.error(
      n, fmt::format("unknown type '{}' for column '{}' (known: int, float, string, bool, date)", t, column));
}

void read_unique(const Ctx& ctx, const toml::node& n, CheckSet& set) {
  const auto* a = n.as_array();
  if (!a) ctx.error(n, "'unique' must be a list of columns or of lists of columns (composite keys)");
  for (const auto& item : *a) {
    if (item.is_string()) {
      set.unique.push_back({*item.value<std::string>()});
    } else {
      auto key = strings_of(ctx, item, "a composite key in 'unique'");
      if (key.empty()) ctx.error(item, "a composite key in 'unique' needs at least one column");
      set.unique.push_back(std::move(key));
    }
  }
}

RangeRule read_range(const Ctx& ctx, const std::string& column, const toml::node& n) {
  RangeRule r{column, {}, {}};
  const std::string what = fmt::format("the range of column '{}'", column);
  if (const auto* a = n.as_array()) {
    if (a->size() != 2) ctx.error(n, fmt::format("{} must be [min, max]", what));
    r.min = number_of(ctx, *a->get(0), what);
    r.max = number_of(ctx, *a->get(1), what);
  } else if (const auto* t = n.as_table()) {
    for (auto&& [k, v] : *t) {
      if (k == "min")
        r.min = number_of(ctx, v, what);
      else if (k == "max")
        r.max = number_of(ctx, v, what);
      else
        ctx.error(v, fmt::format("unknown key '{}' in {} (known: min, max)", k.str(), what));
    }
  } else {
    ctx.error(n, fmt::format("{} must be [min, max] or {{ min = ..., max = ... }}", what));
  }
  if (r.min && r.max && *r.min > *r.max) ctx.error(n, fmt::format("{}: min is above max", what));
  return r;
}

AllowedRule read_allowed(const Ctx& ctx, const std::string& column, const toml::node& n) {
  AllowedRule r{column, {}, {}};
  const auto* a = n.as_array();
  if (!a) ctx.error(n, fmt::format("the allowed values of column '{}' must be a list", column));
  for (const auto& item : *a) {
    if (auto s = item.value_exact<std::string>()) {
      r.values.push_back(*s);
    } else if (auto b = item.value_exact<bool>()) {
      r.values.push_back(*b ? "true" : "false");
    } else if (item.is_integer() || item.is_floating_point()) {
      const double v = number_of(ctx, item, "an allowed value");
      r.values.push_back(item.is_integer() ? fmt::format("{}", item.as_integer()->get())
                                           : fmt::format("{}", v));
      r.numbers.push_back(v);
    } else {
      ctx.error(item,
                fmt::format("an allowed value of column '{}' must be a string, number or boolean", column));
    }
  }
  return r;
}

DriftRule read_drift(const Ctx& ctx, const toml::node& n) {
  DriftRule d;
  if (auto s = n.value_exact<std::string>()) {
    d.rev = *s;
  } else if (const auto* t = n.as_table()) {
    for (auto&& [k, v] : *t) {
      if (k == "rev")
        d.rev = string_of(ctx, v, "'drift.rev'");
      else if (k == "threshold")
        d.threshold = number_of(ctx, v, "'drift.threshold'");
      else if (k == "columns")
        d.columns = strings_of(ctx, v, "'drift.columns'");
      else
        ctx.error(v, fmt::format("unknown key '{}' in 'drift' (known: rev, threshold, columns)", k.str()));
    }
  } else {
    ctx.error(n,
              "'drift' must be a revision (drift = \"v2\") or a table { rev = ..., threshold = ..., columns "
              "= [...] }");
  }
  if (d.rev.empty()) ctx.error(n, "'drift' needs a revision to compare against (rev = \"...\")");
  if (!(d.threshold > 0 && d.threshold <= 1)) ctx.error(n, "'drift.threshold' must be in (0, 1]");
  return d;
}

std::size_t count_of(const Ctx& ctx, const toml::node& n, const char* what) {
  auto i = n.as_integer();
  if (!i || i->get() < 0) ctx.error(n, fmt::format("'{}' must be a non-negative integer", what));
  return static_cast<std::size_t>(i->get());
}

CheckSet read_set(const Ctx& ctx, const std::string& pattern, const toml::node& node) {
  CheckSet set;
  set.pattern = pattern;
  set.line = line_of(node);
  const auto* t = node.as_table();
  if (!t) ctx.error(node, "must be a table ([checks.\"PATTERN\"])");
  if (pattern.empty()) ctx.error(node, "the pattern is empty");
  for (auto&& [key, v] : *t) {
    const std::string k(key.str());
    if (k == "columns") {
      for (auto&& [col, type] : table_of(ctx, v, "columns"))
        set.columns.push_back(
            {std::string(col.str()), type_of(ctx, type, std::string(col.str())), *type.value<std::string>()});
    } else if (k == "not_null") {
      set.not_null = strings_of(ctx, v, "'not_null'");
    } else if (k == "unique") {
      read_unique(ctx, v, set);
    } else if (k == "range") {
      for (auto&& [col, r] : table_of(ctx, v, "range"))
        set.range.push_back(read_range(ctx, std::string(col.str()), r));
    } else if (k == "allowed") {
      for (auto&& [col, a] : table_of(ctx, v, "allowed"))
        set.allowed.push_back(read_allowed(ctx, std::string(col.str()), a));
    } else if (k == "pattern") {
      for (auto&& [col, p] : table_of(ctx, v, "pattern")) {
        const std::string column(col.str());
        std::string regex = string_of(ctx, p, fmt::format("the pattern of column '{}'", column));
        if (auto problem = regex_problem(regex))
          ctx.error(p, fmt::format("the pattern of column '{}' is not a valid regex: {}", column, *problem));
        set.pattern_rules.push_back({column, std::move(regex)});
      }
    } else if (k == "rows") {
      for (auto&& [rk, rv] : table_of(ctx, v, "rows")) {
        if (rk == "min")
          set.rows_min = count_of(ctx, rv, "rows.min");
        else if (rk == "max")
          set.rows_max = count_of(ctx, rv, "rows.max");
        else
          ctx.error(rv, fmt::format("unknown key '{}' in 'rows' (known: min, max)", rk.str()));
      }
    } else if (k == "max_null_rate") {
      for (auto&& [col, r] : table_of(ctx, v, "max_null_rate")) {
        double rate = number_of(ctx, r, fmt::format("the max null rate of column '{}'", col.str()));
        if (rate < 0 || rate > 1)
          ctx.error(r, fmt::format("the max null rate of column '{}' must be between 0 and 1", col.str()));
        set.max_null_rate.push_back({std::string(col.str()), rate});
      }
    } else if (k == "drift") {
      set.drift = read_drift(ctx, v);
    } else {
      ctx.error(v, fmt::format("unknown key '{}' (known: columns, not_null, unique, range, allowed, pattern, "
                               "rows, max_null_rate, drift)",
                               k));
    }
  }
  return set;
}

}  // namespace

std::vector<const CheckSet*> Checks::for_path(std::string_view path) const {
  std::vector<const CheckSet*> out;
  for (const auto& s : sets)
    if (core::attribute_pattern_matches(s.pattern, path)) out.push_back(&s);
  return out;
}

Checks parse_checks(std::string_view text, const std::string& filename) {
  Ctx ctx{filename, ""};
  toml::table root;
  try {
    root = toml::parse(text, filename);
  } catch (const toml::parse_error& e) {
    ctx.error(static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  Checks checks;
  checks.filename = filename;
  const toml::node* node = root.get("checks");
  if (!node) return checks;
  const auto* t = node->as_table();
  if (!t) ctx.error(*node, "'checks' must be a table of [checks.\"PATTERN\"] tables");
  for (auto&& [pattern, set] : *t) {
    Ctx set_ctx{filename, std::string(pattern.str())};
    checks.sets.push_back(read_set(set_ctx, std::string(pattern.str()), set));
  }
  std::stable_sort(checks.sets.begin(), checks.sets.end(),
                   [](const CheckSet& a, const CheckSet& b) { return a.line < b.line; });
  return checks;
}

}  // namespace dvx::quality
