#include "dvx/quality/row_diff_render.hpp"

#include <fmt/format.h>

namespace dvx::quality {
namespace {

std::string value(const std::optional<std::string>& v) {
  return v ? *v : "null";
}

std::string cells_text(const std::vector<Cell>& cells) {
  std::string out;
  for (const auto& c : cells)
    out += fmt::format("{}{}={}", out.empty() ? "" : ", ", c.column, value(c.value));
  return out;
}

std::string changes_text(const std::vector<CellChange>& changes) {
  std::string out;
  for (const auto& c : changes)
    out += fmt::format("{}{}: {} -> {}", out.empty() ? "" : "; ", c.column, value(c.before), value(c.after));
  return out;
}

std::string row_text(const std::optional<std::size_t>& r) {
  return r ? fmt::format("{}", *r) : "-";
}

std::string keys_text(const RowDiff& d) {
  if (d.keys.empty()) return "whole rows";
  std::string out = "key ";
  for (std::size_t i = 0; i < d.keys.size(); ++i) out += (i ? ", " : "") + d.keys[i];
  return out;
}

std::string counts_line(const RowDiff& d) {
  std::string out =
      fmt::format("{} -> {} rows: {} added, {} removed", d.rows_before, d.rows_after, d.added, d.removed);
  if (!d.keys.empty()) out += fmt::format(", {} modified", d.modified);
  return out + fmt::format(", {} unchanged", d.unchanged);
}

nlohmann::json opt(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json opt(const std::optional<std::size_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json cells_json(const std::vector<Cell>& cells) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& c : cells) j[c.column] = opt(c.value);
  return j;
}

}  // namespace

std::string render_text(const RowDiff& d, const RowDiffLabels& l) {
  std::string out = fmt::format("{}: {} -> {} ({})\n", l.path, l.from, l.to, keys_text(d));
  for (const auto& s : d.schema) {
    if (s.change == "added") out += fmt::format("  column added:   {} ({})\n", s.column, s.after_type);
    if (s.change == "removed") out += fmt::format("  column removed: {} ({})\n", s.column, s.before_type);
    if (s.change == "retyped")
      out += fmt::format("  column retyped: {} ({} -> {})\n", s.column, s.before_type, s.after_type);
  }
  out += "  " + counts_line(d) + "\n";
  if (d.duplicate_keys_before || d.duplicate_keys_after)
    out += fmt::format("  repeated keys: {} rows in {}, {} in {} (matched by occurrence)\n",
                       d.duplicate_keys_before, l.from, d.duplicate_keys_after, l.to);
  std::string changed;
  for (const auto& c : d.changed_cells)
    if (c.changed) changed += fmt::format("{}{} {}", changed.empty() ? "" : ", ", c.column, c.changed);
  if (!changed.empty()) out += "  changed cells: " + changed + "\n";
  if (!d.added_rows.empty()) out += fmt::format("added (first {}):\n", d.added_rows.size());
  for (const auto& r : d.added_rows)
    out += fmt::format("  + row {}: {}\n", row_text(r.row_after), cells_text(r.cells));
  if (!d.removed_rows.empty()) out += fmt::format("removed (first {}):\n", d.removed_rows.size());
  for (const auto& r : d.removed_rows)
    out += fmt::format("  - row {}: {}\n", row_text(r.row_before), cells_text(r.cells));
  if (!d.modified_rows.empty()) out += fmt::format("modified (first {}):\n", d.modified_rows.size());
  for (const auto& r : d.modified_rows)
    out += fmt::format("  ~ {} (row {} -> {}): {}\n", cells_text(r.cells), row_text(r.row_before),
                       row_text(r.row_after), changes_text(r.changes));
  return out;
}

std::string render_markdown(const RowDiff& d, const RowDiffLabels& l) {
  std::string out = fmt::format("## Rows of `{}`: {} → {} ({})\n\n", l.path, l.from, l.to, keys_text(d));
  if (!d.schema.empty()) {
    out += "| Column | Change | Before | After |\n|---|---|---|---|\n";
    for (const auto& s : d.schema)
      out +=
          fmt::format("| {} | {} | {} | {} |\n", s.column, s.change,
                      s.before_type.empty() ? "–" : s.before_type, s.after_type.empty() ? "–" : s.after_type);
    out += "\n";
  }
  out += counts_line(d) + ".\n\n";
  if (!d.changed_cells.empty()) {
    out += "| Column | Changed cells |\n|---|---:|\n";
    for (const auto& c : d.changed_cells) out += fmt::format("| {} | {} |\n", c.column, c.changed);
    out += "\n";
  }
  auto section = [&](const char* title, const std::vector<RowSample>& rows) {
    if (rows.empty()) return;
    out += fmt::format("**{}** (first {})\n\n", title, rows.size());
    for (const auto& r : rows)
      out += fmt::format("- row {} → {}: {}{}\n", row_text(r.row_before), row_text(r.row_after),
                         cells_text(r.cells), r.changes.empty() ? "" : " — " + changes_text(r.changes));
    out += "\n";
  };
  section("Added", d.added_rows);
  section("Removed", d.removed_rows);
  section("Modified", d.modified_rows);
  return out;
}

nlohmann::json to_json(const RowDiff& d, const RowDiffLabels& l) {
  nlohmann::json j;
  j["path"] = l.path;
  j["from"] = l.from;
  j["to"] = l.to;
  j["keys"] = d.keys;
  j["schema"] = nlohmann::json::array();
  for (const auto& s : d.schema)
    j["schema"].push_back(
        {{"column", s.column},
         {"change", s.change},
         {"before_type", s.before_type.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.before_type)},
         {"after_type", s.after_type.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.after_type)}});
  j["compared_columns"] = d.compared;
  j["rows_before"] = d.rows_before;
  j["rows_after"] = d.rows_after;
  j["added"] = d.added;
  j["removed"] = d.removed;
  j["modified"] = d.modified;
  j["unchanged"] = d.unchanged;
  j["duplicate_keys_before"] = d.duplicate_keys_before;
  j["duplicate_keys_after"] = d.duplicate_keys_after;
  j["changed_cells"] = nlohmann::json::object();
  for (const auto& c : d.changed_cells) j["changed_cells"][c.column] = c.changed;
  auto rows = [](const std::vector<RowSample>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& r : v) {
      nlohmann::json e{{"row_before", opt(r.row_before)}, {"row_after", opt(r.row_after)}};
      if (r.changes.empty()) {
        e["values"] = cells_json(r.cells);
      } else {
        e["key"] = cells_json(r.cells);
        e["changes"] = nlohmann::json::object();
        for (const auto& c : r.changes)
          e["changes"][c.column] = {{"before", opt(c.before)}, {"after", opt(c.after)}};
      }
      a.push_back(std::move(e));
    }
    return a;
  };
  j["sample"] = {
      {"added", rows(d.added_rows)}, {"removed", rows(d.removed_rows)}, {"modified", rows(d.modified_rows)}};
  j["spill_partitions"] = d.partitions;
  return j;
}

}  // namespace dvx::quality
