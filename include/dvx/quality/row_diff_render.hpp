#pragma once
// A RowDiff as text, Markdown, JSON (docs/json/diff-rows.schema.json) or one
// self-contained HTML page.
#include <nlohmann/json.hpp>
#include <string>

#include "dvx/quality/row_diff.hpp"

namespace dvx::quality {

struct RowDiffLabels {
  std::string path, from, to;  // "worktree" for the working tree
};

std::string render_text(const RowDiff& diff, const RowDiffLabels& labels);
std::string render_markdown(const RowDiff& diff, const RowDiffLabels& labels);
nlohmann::json to_json(const RowDiff& diff, const RowDiffLabels& labels);
std::string render_html(const RowDiff& diff, const RowDiffLabels& labels);

}  // namespace dvx::quality
