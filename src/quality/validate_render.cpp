#include "dvx/quality/validate_render.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dvx::quality {
namespace {

std::string offenders_text(const Violation& v) {
  if (v.offenders.empty()) return "";
  std::string out = "rows ";
  for (std::size_t i = 0; i < v.offenders.size(); ++i) {
    const auto& o = v.offenders[i];
    out += fmt::format("{}{} ({})", i ? ", " : "", o.row, o.value.empty() ? "null" : o.value);
  }
  if (v.count > v.offenders.size()) out += ", …";
  return out;
}

std::size_t violation_count(const ValidationReport& r) {
  std::size_t n = 0;
  for (const auto& f : r.files) n += f.violations.size() + (f.error.empty() ? 0 : 1);
  return n;
}

std::size_t failed_files(const ValidationReport& r) {
  return static_cast<std::size_t>(
      std::count_if(r.files.begin(), r.files.end(), [](const FileResult& f) { return !f.ok(); }));
}

std::string patterns_text(const FileResult& f) {
  std::string out;
  for (const auto& p : f.patterns) out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", p);
  return out;
}

std::string escape_md(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    if (c == '\n') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string render_text(const ValidationReport& r) {
  if (!r.has_checks) return "no [checks] in dvx.toml: nothing to validate\n";
  std::string out;
  for (const auto& f : r.files) {
    if (f.ok()) {
      out += fmt::format("{}: ok ({} rows; checks {})\n", f.path, f.rows, patterns_text(f));
      continue;
    }
    if (!f.error.empty()) {
      out += fmt::format("{}: cannot be validated: {}\n", f.path, f.error);
      continue;
    }
    out += fmt::format("{}: {} violation{} ({} rows; checks {})\n", f.path, f.violations.size(),
                       f.violations.size() == 1 ? "" : "s", f.rows, patterns_text(f));
    std::size_t cw = 6, rw = 4;
    for (const auto& v : f.violations) {
      cw = std::max(cw, v.column.size());
      rw = std::max(rw, v.rule.size());
    }
    for (const auto& v : f.violations) {
      out += fmt::format("  {:<{}}  {:<{}}  {:>7}  {}", v.column.empty() ? "-" : v.column, cw, v.rule, rw,
                         v.count, v.message);
      auto rows = offenders_text(v);
      out += rows.empty() ? "\n" : fmt::format("; {}\n", rows);
    }
  }
  for (const auto& p : r.unmatched) out += fmt::format("{}: no check applies\n", p);
  if (r.files.empty())
    out += "no file matches a check\n";
  else if (r.ok())
    out += fmt::format("validation passed: {} file{}\n", r.files.size(), r.files.size() == 1 ? "" : "s");
  else
    out += fmt::format("validation failed: {} problem{} in {} of {} file{}\n", violation_count(r),
                       violation_count(r) == 1 ? "" : "s", failed_files(r), r.files.size(),
                       r.files.size() == 1 ? "" : "s");
  return out;
}

std::string render_markdown(const ValidationReport& r) {
  if (!r.has_checks) return "No `[checks]` in dvx.toml: nothing to validate.\n";
  std::string out =
      fmt::format("## Validation of the {}: {}\n\n",
                  r.source == "worktree" || r.source == "index" ? r.source : "revision " + r.source,
                  r.ok() ? "passed" : "**failed**");
  for (const auto& f : r.files) {
    out += fmt::format("### `{}`: {}\n\n", f.path, f.ok() ? "ok" : "failed");
    out += fmt::format("{} rows; checks {}\n\n", f.rows, patterns_text(f));
    if (!f.error.empty()) {
      out += fmt::format("Cannot be validated: {}\n\n", escape_md(f.error));
      continue;
    }
    if (f.violations.empty()) continue;
    out += "| Column | Rule | Count | Problem | First rows |\n|---|---|---:|---|---|\n";
    for (const auto& v : f.violations)
      out += fmt::format("| {} | {} | {} | {} | {} |\n", v.column.empty() ? "–" : escape_md(v.column), v.rule,
                         v.count, escape_md(v.message), escape_md(offenders_text(v)));
    out += "\n";
  }
  for (const auto& p : r.unmatched) out += fmt::format("`{}`: no check applies.\n\n", p);
  return out;
}

nlohmann::json to_json(const ValidationReport& r) {
  nlohmann::json j;
  j["source"] = r.source;
  j["ok"] = r.ok();
  j["files"] = nlohmann::json::array();
  for (const auto& f : r.files) {
    nlohmann::json jf;
    jf["path"] = f.path;
    jf["checks"] = f.patterns;
    jf["rows"] = f.rows;
    jf["ok"] = f.ok();
    jf["error"] = f.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.error);
    jf["violations"] = nlohmann::json::array();
    for (const auto& v : f.violations) {
      nlohmann::json jv;
      jv["column"] = v.column.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.column);
      jv["rule"] = v.rule;
      jv["count"] = v.count;
      jv["message"] = v.message;
      jv["offenders"] = nlohmann::json::array();
      for (const auto& o : v.offenders) jv["offenders"].push_back({{"row", o.row}, {"value", o.value}});
      jf["violations"].push_back(std::move(jv));
    }
    j["files"].push_back(std::move(jf));
  }
  j["unmatched"] = r.unmatched;
  return j;
}

}  // namespace dvx::quality
