#include "dvx/stats/drift_render.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "dvx/util/decimal.hpp"

namespace dvx::stats {

namespace {

using nlohmann::ordered_json;

ordered_json num(double v) {
  return std::isfinite(v) ? ordered_json(util::decimal_round(v)) : ordered_json(nullptr);
}

ordered_json summary_json(const Summary& s, ColumnKind kind) {
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
  } else {
    j["unique"] = s.unique;
    j["top"] = s.top_count ? ordered_json(s.top) : ordered_json(nullptr);
    j["top_count"] = s.top_count;
  }
  return j;
}

std::string fmt_num(double v) {
  if (std::isnan(v)) return "-";
  if (v != 0 && (std::fabs(v) < 1e-4 || std::fabs(v) >= 1e6)) return fmt::format("{:.3e}", v);
  return fmt::format("{:.4g}", v);
}

std::string fmt_p(double p) {
  if (std::isnan(p)) return "-";
  if (p != 0 && p < 1e-4) return fmt::format("{:.2e}", p);
  return fmt::format("{:.4f}", p);
}

std::string pct(double r) {
  return fmt::format("{:.1f}%", 100 * r);
}

std::string change_text(const ColumnDrift& c) {
  if (c.status == ColumnStatus::added) return "column added";
  if (c.status == ColumnStatus::removed) return "column removed";
  if (c.status == ColumnStatus::skipped) return "skipped: " + c.note;
  std::string s;
  if (c.kind == ColumnKind::numeric) {
    s = fmt::format("mean {} -> {}, std {} -> {}, median {} -> {}", fmt_num(c.before.mean),
                    fmt_num(c.after.mean), fmt_num(c.before.std), fmt_num(c.after.std),
                    fmt_num(c.before.median), fmt_num(c.after.median));
  } else {
    s = fmt::format("categories {} -> {}, psi {}", c.before.unique, c.after.unique, fmt_num(c.psi));
  }
  if (c.before.nulls || c.after.nulls)
    s += fmt::format(", nulls {} -> {}", pct(c.before.null_rate), pct(c.after.null_rate));
  if (!c.note.empty()) s += " (" + c.note + ")";
  return s;
}

std::string kind_text(const ColumnDrift& c) {
  return c.status == ColumnStatus::skipped ? "-" : to_string(c.kind);
}

std::string drift_text(const ColumnDrift& c) {
  if (c.status != ColumnStatus::compared) return "-";
  return c.drift ? "DRIFT" : "no";
}

}  // namespace

std::string render_json(const DriftReport& r) {
  ordered_json j;
  j["path"] = r.path;
  j["from"] = r.from;
  j["to"] = r.to;
  j["threshold"] = r.threshold;
  j["drift"] = r.drift;
  j["rows_before"] = r.rows_before;
  j["rows_after"] = r.rows_after;
  ordered_json cols = ordered_json::array();
  for (const auto& c : r.columns) {
    ordered_json o;
    o["name"] = c.name;
    o["status"] = to_string(c.status);
    o["kind"] = to_string(c.kind);
    o["test"] = c.test.empty() ? ordered_json(nullptr) : ordered_json(c.test);
    o["statistic"] = num(c.statistic);
    o["p_value"] = num(c.p_value);
    o["drift"] = c.drift;
    if (c.test == "ks") o["exact"] = c.exact;
    if (c.test == "chi2") o["dof"] = c.dof;
    if (c.kind == ColumnKind::categorical) o["psi"] = num(c.psi);
    if (!c.note.empty()) o["note"] = c.note;
    if (c.status == ColumnStatus::compared) {
      o["before"] = summary_json(c.before, c.kind);
      o["after"] = summary_json(c.after, c.kind);
    }
    cols.push_back(std::move(o));
  }
  j["columns"] = std::move(cols);
  return j.dump(2) + "\n";
}

std::string render_table(const DriftReport& r) {
  std::string out = fmt::format("drift of {}: {} -> {} (rows {} -> {}, threshold {})\n", r.path, r.from, r.to,
                                r.rows_before, r.rows_after, r.threshold);
  std::size_t w = 6;
  for (const auto& c : r.columns) w = std::max(w, c.name.size());
  out += fmt::format("{:<{}}  {:<11}  {:<4}  {:>10}  {:>10}  {:<5}  {}\n", "column", w, "kind", "test",
                     "statistic", "p-value", "drift", "before -> after");
  for (const auto& c : r.columns) {
    out += fmt::format("{:<{}}  {:<11}  {:<4}  {:>10}  {:>10}  {:<5}  {}\n", c.name, w, kind_text(c),
                       c.test.empty() ? "-" : c.test, fmt_num(c.statistic), fmt_p(c.p_value), drift_text(c),
                       change_text(c));
  }
  std::size_t drifted = 0;
  for (const auto& c : r.columns) drifted += c.status == ColumnStatus::compared && c.drift;
  out += r.drift ? fmt::format("{} of {} columns drifted (p < {})\n", drifted, r.columns.size(), r.threshold)
                 : fmt::format("no drift (all p >= {})\n", r.threshold);
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
  out += fmt::format("Rows {} → {}; threshold p < {}. **{}**\n\n", r.rows_before, r.rows_after, r.threshold,
                     r.drift ? "Drift detected" : "No drift");
  out += "| column | kind | test | statistic | p-value | drift | before → after |\n";
  out += "|---|---|---|---:|---:|---|---|\n";
  for (const auto& c : r.columns) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", esc(c.name), kind_text(c),
                       c.test.empty() ? "-" : c.test, fmt_num(c.statistic), fmt_p(c.p_value),
                       c.status != ColumnStatus::compared ? "-" : (c.drift ? "**yes**" : "no"),
                       esc(change_text(c)));
  }
  return out;
}

}  // namespace dvx::stats
