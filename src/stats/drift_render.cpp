#include "dvx/stats/drift_render.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "drift_text.hpp"
#include "dvx/stats/value_format.hpp"
#include "dvx/util/decimal.hpp"

namespace dvx::stats {

namespace {

using nlohmann::ordered_json;

ordered_json num(double v) {
  return std::isfinite(v) ? ordered_json(util::decimal_round(v)) : ordered_json(nullptr);
}

ordered_json summary_json(const Summary& s, ColumnKind kind, const ValueUnit& unit) {
  ordered_json j;
  j["rows"] = s.rows;
  j["count"] = s.count;
  j["nulls"] = s.nulls;
  j["null_rate"] = num(s.null_rate);
  if (kind == ColumnKind::numeric) {
    j["mean"] = num(s.mean);
    j["std"] = num(s.std);
    j["min"] = num(s.min);
    j["median"] = num(s.median);
    j["max"] = num(s.max);
    if (unit.kind != ValueUnit::Kind::number) {
      // The same in the column's unit, as people read them.
      ordered_json t;
      t["mean"] = format_value(s.mean, unit);
      t["std"] = format_spread(s.std, unit);
      t["min"] = format_value(s.min, unit);
      t["median"] = format_value(s.median, unit);
      t["max"] = format_value(s.max, unit);
      j["text"] = std::move(t);
    }
  } else {
    j["unique"] = s.unique;
    j["top"] = s.top_count ? ordered_json(s.top) : ordered_json(nullptr);
    j["top_count"] = s.top_count;
  }
  return j;
}

void details_json(const MethodResult& r, ordered_json& into) {
  for (const auto& d : r.details) into[d.key] = d.boolean ? ordered_json(d.value != 0) : num(d.value);
}

}  // namespace

std::string fmt_p(double p) {
  if (std::isnan(p)) return "-";
  if (p != 0 && p < 1e-4) return fmt::format("{:.2e}", p);
  return fmt::format("{:.4f}", p);
}

std::string pct(double r) {
  return fmt::format("{:.1f}%", 100 * r);
}

std::string kind_text(const ColumnDrift& c) {
  if (c.status == ColumnStatus::skipped) return "-";
  const std::string unit = c.kind == ColumnKind::numeric ? unit_name(c.unit) : "";
  return unit.empty() ? to_string(c.kind) : unit;
}

std::string drift_text(const ColumnDrift& c) {
  if (c.status != ColumnStatus::compared) return "-";
  return c.drift ? "DRIFT" : "no";
}

std::string test_text(const ColumnDrift& c) {
  if (c.status == ColumnStatus::identifier) return "id";
  return c.test.empty() ? "-" : c.test;
}

std::string change_text(const ColumnDrift& c) {
  if (c.status == ColumnStatus::added) return "column added";
  if (c.status == ColumnStatus::removed) return "column removed";
  if (c.status == ColumnStatus::skipped) return "skipped: " + c.note;
  std::string s;
  if (c.kind == ColumnKind::numeric) {
    const auto& u = c.unit;
    s = fmt::format("mean {} -> {}, std {} -> {}, median {} -> {}", format_value(c.before.mean, u),
                    format_value(c.after.mean, u), format_spread(c.before.std, u),
                    format_spread(c.after.std, u), format_value(c.before.median, u),
                    format_value(c.after.median, u));
  } else {
    s = fmt::format("categories {} -> {}", c.before.unique, c.after.unique);
  }
  if (c.before.nulls || c.after.nulls)
    s += fmt::format(", nulls {} -> {}", pct(c.before.null_rate), pct(c.after.null_rate));
  if (!c.note.empty()) s += " (" + c.note + ")";
  return s;
}

std::string others_text(const ColumnDrift& c) {
  std::string s;
  for (const auto& o : c.methods) {
    if (o.method->name == c.test) continue;
    if (!s.empty()) s += ", ";
    s += o.method->decision == Decision::p_below
             ? fmt::format("{} p {}", o.method->name, fmt_p(o.result.p_value))
             : fmt::format("{} {}", o.method->name, format_number(o.result.statistic));
  }
  return s.empty() ? "-" : s;
}

std::string verdict_text(const DriftReport& r) {
  std::size_t drifted = 0, compared = 0;
  for (const auto& c : r.columns) {
    drifted += c.status == ColumnStatus::compared && c.drift;
    compared += c.status == ColumnStatus::compared;
  }
  return r.drift ? fmt::format("{} of {} compared columns drifted", drifted, compared)
                 : fmt::format("no drift in {} compared columns", compared);
}

std::string rule_text(const DriftReport& r) {
  return fmt::format("method {}; tests drift when p < {}, distances when >= {}", r.method, r.threshold,
                     r.distance_threshold);
}

std::string render_json(const DriftReport& r) {
  ordered_json j;
  j["path"] = r.path;
  j["from"] = r.from;
  j["to"] = r.to;
  j["method"] = r.method;
  j["threshold"] = r.threshold;
  j["distance_threshold"] = r.distance_threshold;
  j["drift"] = r.drift;
  j["rows_before"] = r.rows_before;
  j["rows_after"] = r.rows_after;
  ordered_json cols = ordered_json::array();
  for (const auto& c : r.columns) {
    ordered_json o;
    o["name"] = c.name;
    o["status"] = to_string(c.status);
    o["kind"] = to_string(c.kind);
    if (c.kind == ColumnKind::numeric && c.unit.kind != ValueUnit::Kind::number)
      o["unit"] = unit_name(c.unit);
    o["test"] = c.test.empty() ? ordered_json(nullptr) : ordered_json(c.test);
    o["statistic"] = num(c.statistic);
    o["p_value"] = num(c.p_value);
    o["drift"] = c.drift;
    if (const auto* d = c.outcome(c.test)) details_json(d->result, o);
    if (!c.methods.empty()) {
      ordered_json methods;
      for (const auto& m : c.methods) {
        ordered_json mo;
        mo["statistic"] = num(m.result.statistic);
        if (m.method->decision == Decision::p_below) mo["p_value"] = num(m.result.p_value);
        mo["threshold"] = m.threshold;
        mo["drift"] = m.drift;
        details_json(m.result, mo);
        methods[m.method->name] = std::move(mo);
      }
      o["methods"] = std::move(methods);
    }
    if (!c.note.empty()) o["note"] = c.note;
    if (c.status == ColumnStatus::compared || c.status == ColumnStatus::identifier) {
      o["before"] = summary_json(c.before, c.kind, c.unit);
      o["after"] = summary_json(c.after, c.kind, c.unit);
    }
    cols.push_back(std::move(o));
  }
  j["columns"] = std::move(cols);
  return j.dump(2) + "\n";
}

std::string render_table(const DriftReport& r) {
  std::string out = fmt::format("drift of {}: {} -> {} (rows {} -> {}; {})\n", r.path, r.from, r.to,
                                r.rows_before, r.rows_after, rule_text(r));
  std::size_t w = 6, wk = 11, wt = 4;
  for (const auto& c : r.columns) {
    w = std::max(w, c.name.size());
    wk = std::max(wk, kind_text(c).size());
    wt = std::max(wt, test_text(c).size());
  }
  const auto line = [&](const std::string& name, const std::string& kind, const std::string& test,
                        const std::string& stat, const std::string& p, const std::string& drift,
                        const std::string& others, const std::string& change) {
    return fmt::format("{:<{}}  {:<{}}  {:<{}}  {:>10}  {:>10}  {:<5}  {}  |  {}\n", name, w, kind, wk, test,
                       wt, stat, p, drift, others, change);
  };
  out += line("column", "kind", "test", "statistic", "p-value", "drift", "other methods", "before -> after");
  for (const auto& c : r.columns)
    out += line(c.name, kind_text(c), test_text(c), format_number(c.statistic), fmt_p(c.p_value),
                drift_text(c), others_text(c), change_text(c));
  out += verdict_text(r) + "\n";
  return out;
}

std::string render_markdown(const DriftReport& r) {
  auto esc = [](const std::string& s) {
    std::string o;
    for (char ch : s) {
      if (ch == '|') o += '\\';
      o += ch;
    }
    return o;
  };
  std::string out = fmt::format("### Drift of `{}`: `{}` → `{}`\n\n", r.path, r.from, r.to);
  out += fmt::format("Rows {} → {}; {}. **{}**\n\n", r.rows_before, r.rows_after, rule_text(r),
                     r.drift ? "Drift detected" : "No drift");
  out += "| column | kind | test | statistic | p-value | drift | other methods | before → after |\n";
  out += "|---|---|---|---:|---:|---|---|---|\n";
  for (const auto& c : r.columns) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", esc(c.name), kind_text(c), test_text(c),
                       format_number(c.statistic), fmt_p(c.p_value),
                       c.status != ColumnStatus::compared ? "-" : (c.drift ? "**yes**" : "no"),
                       esc(others_text(c)), esc(change_text(c)));
  }
  return out;
}

}  // namespace dvx::stats
