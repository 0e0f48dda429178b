#pragma once
// dvx.toml: the pipeline description, one [stages.NAME] table per stage.
//
//   [stages.train]
//   cmd     = "python3 src/train.py"            # or a list of commands, run in order
//   wdir    = "."                               # optional; commands run there
//   deps    = ["src/train.py", "data/prepared.csv"]
//   outs    = ["models/model.pkl", { path = "logs/", cache = false }]
//   params  = ["train.epochs", { file = "params.json", keys = ["lr"] }]
//   metrics = ["metrics/train.json"]
//   desc    = "train the model"
//   always_changed = false
//   frozen  = false
//
// parse_pipeline() checks the syntax and the keys of every stage (each error
// names the file, line and stage); validate_pipeline() (dag.hpp) checks the
// graph. Paths are stored relative to the repository root.
#include <string>
#include <string_view>
#include <vector>

namespace dvx::pipeline {

inline constexpr std::string_view kPipelineFile = "dvx.toml";
inline constexpr std::string_view kLockFile = "dvx.lock";
inline constexpr std::string_view kDefaultParamsFile = "params.toml";

struct PathDecl {
  std::string path;   // relative to the repository root, '/' separated, no trailing '/'
  bool cache = true;  // outs only: false = not stored in the cache nor tracked by the filter
  int line = 0;
};

struct ParamDecl {
  std::string file;               // relative to the repository root
  std::vector<std::string> keys;  // dotted keys; empty = every leaf of the file
  int line = 0;
};

struct Stage {
  std::string name;
  std::vector<std::string> cmd;
  std::string wdir;  // relative to the repository root; empty = the root
  std::vector<PathDecl> deps;
  std::vector<PathDecl> outs;
  std::vector<PathDecl> metrics;
  std::vector<ParamDecl> params;  // grouped by file, in order of first appearance
  std::string desc;
  bool always_changed = false;
  bool frozen = false;
  int line = 0;  // line of [stages.NAME]
};

struct PipelineFile {
  std::string filename;       // as given to parse_pipeline (for messages)
  std::vector<Stage> stages;  // in file order
  const Stage* find(std::string_view name) const;
};

// Throws Error(usage) "<filename>:<line>: stage '<name>': <what>" for TOML
// syntax errors, unknown keys, wrong types, empty commands and paths that
// leave the repository.
PipelineFile parse_pipeline(std::string_view text, const std::string& filename);

// Normalises a path written in dvx.toml (relative to `wdir`) to a
// repository-relative path; nullopt-like empty string when it escapes the root.
std::string normalize_path(std::string_view wdir, std::string_view path);

}  // namespace dvx::pipeline
