#pragma once
// The rows of `git dvx exp show`: baseline commits, branches, tags and the
// experiments made from them, each with its params, metrics and data
// versions read straight from the object database (blobs of dvx.toml,
// params files, metrics files and dvx.lock at the row's commit; parsed
// files remembered by blob id), so that a thousand rows take well under a
// second. Columns: the params and metrics whose values vary between rows.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/pipeline/metrics.hpp"

namespace dvx::exp {

struct Row {
  std::string kind;  // "baseline" (HEAD and its ancestors), "branch", "tag", "experiment"
  std::string name;  // branch or tag name, experiment name, or the commit's short id
  std::string commit;
  std::optional<std::string> baseline;  // experiments: the commit they ran from
  std::string status;                   // experiments: "succeeded" or "failed"; commits: ""
  std::int64_t time = 0;                // commit time, seconds since the epoch
  pipeline::ValueTable params;          // file -> key -> value
  pipeline::ValueTable metrics;
  std::map<std::string, std::string> deps;    // dvx.lock: dep path -> oid (every stage)
  std::map<std::string, std::string> outs;    // dvx.lock: out and metrics path -> oid
  std::map<std::string, std::string> errors;  // file -> why it could not be read
  // Experiments: metric - baseline's metric, for numbers on both sides.
  std::map<std::string, std::map<std::string, double>> deltas;
};

struct RowOptions {
  int commits = 1;            // HEAD and its first-parent ancestors (-n)
  bool all_branches = false;  // the tip of every local branch
  bool all_tags = false;      // every tag's commit
  bool exps_only = false;     // experiments only, no commit rows
};

// Commit rows in order (HEAD first, each commit once), each followed by the
// experiments whose baseline it is (by name).
std::vector<Row> collect_rows(const git::Repo& repo, const RowOptions& options);

// One row for a commit (kind "baseline", name its short id): `exp diff`.
Row commit_row(const git::Repo& repo, const std::string& commit);

// A column of the table: a param or metric key of a file.
struct Column {
  bool metric = false;
  std::string file;
  std::string key;
  std::string label;  // the key, or "file:key" when two files share the key
};

// Params (metrics) whose values differ between rows (all of them when there
// is one row), or, when param (metric) globs are given, those whose label
// or "file:key" matches one (fnmatch); params first, then metrics, each
// sorted by label.
std::vector<Column> select_columns(const std::vector<Row>& rows, const std::vector<std::string>& param_globs,
                                   const std::vector<std::string>& metric_globs);

// The value of a column in a row; nullopt when absent.
std::optional<nlohmann::json> cell(const Row& row, const Column& column);

// Sorts the experiments under each commit row by a column (label or
// file:key), numbers before text, absent last. Error(usage) when no column
// has that name.
void sort_experiments(std::vector<Row>& rows, const std::vector<Column>& all_columns, const std::string& by,
                      bool descending);

}  // namespace dvx::exp
