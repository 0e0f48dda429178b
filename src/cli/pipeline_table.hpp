#pragma once
// Column-aligned tables and JSON for `git dvx params diff` / `metrics diff`.
#include <fmt/core.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/json_output.hpp"
#include "dvx/pipeline/metrics.hpp"

namespace dvx::cli {

inline void print_columns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i)
      line += i + 1 == r.size() ? r[i] : fmt::format("{:<{}}  ", r[i], width[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
  }
}

inline std::string change_text(const std::optional<double>& c) {
  if (!c) return "-";
  return fmt::format("{:+.6g}", *c);
}

inline void print_diff(const std::vector<pipeline::DiffRow>& rows, const char* what, bool json) {
  if (json) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& r : rows) {
      nlohmann::json e;
      e["old"] = r.old_value ? *r.old_value : nlohmann::json(nullptr);
      e["new"] = r.new_value ? *r.new_value : nlohmann::json(nullptr);
      if (r.change) e["diff"] = *r.change;
      j[r.file][r.key] = e;
    }
    print_json(j);
    return;
  }
  if (rows.empty()) return;
  std::vector<std::vector<std::string>> table{{"Path", what, "Old", "New", "Change"}};
  for (const auto& r : rows)
    table.push_back({r.file, r.key, pipeline::value_text(r.old_value), pipeline::value_text(r.new_value),
                     change_text(r.change)});
  print_columns(table);
}

inline void print_errors(const pipeline::Snapshot& s, const std::string& where) {
  for (const auto& [file, msg] : s.errors)
    fmt::print(stderr, "git-dvx: warning: {} ({}): {}\n", file, where, msg);
}

}  // namespace dvx::cli
