#pragma once
// Params and metrics of the pipeline at a revision or in the worktree, and
// their differences (`git dvx params diff`, `git dvx metrics show/diff`).
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/pipeline/pipeline_file.hpp"

namespace dvx::pipeline {

// file -> dotted key -> value
using ValueTable = std::map<std::string, std::map<std::string, nlohmann::json>>;

// `rev` empty = the worktree. A revision without dvx.toml gives an empty
// table; a metrics file that is missing or unreadable is reported in
// `errors` (file -> message) instead of failing the whole command.
struct Snapshot {
  ValueTable values;
  std::map<std::string, std::string> errors;
};

// Every param the stages of dvx.toml use (at `rev`), with its value.
Snapshot params_at(const git::Repo& repo, const std::string& rev);
// Every leaf of every metrics file of dvx.toml (at `rev`).
Snapshot metrics_at(const git::Repo& repo, const std::string& rev);

// The same from any source of file contents (e.g. blobs read straight from
// the object database by `git dvx exp show`): `read(path)` returns the
// content of a repository-relative path, nullopt when absent. `pipeline` is
// the dvx.toml to follow.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;
Snapshot params_from(const PipelineFile& pipeline, const FileReader& read);
Snapshot metrics_from(const PipelineFile& pipeline, const FileReader& read);

struct DiffRow {
  std::string file;
  std::string key;
  std::optional<nlohmann::json> old_value;  // nullopt: absent
  std::optional<nlohmann::json> new_value;
  std::optional<double> change;  // new - old when both are numbers
};

// Rows for keys whose values differ (or all keys with `all`), sorted.
std::vector<DiffRow> diff_tables(const ValueTable& old_table, const ValueTable& new_table, bool all);

// Display text of a value: strings bare, numbers as JSON.
std::string value_text(const std::optional<nlohmann::json>& v);

}  // namespace dvx::pipeline
