#pragma once
// dvx.lock: what produced every output of the pipeline. Per stage the command,
// each dep, out and metric with its SHA-256 and size, and the param values
// used. TOML, written deterministically (stages, entries and keys sorted) so
// that a diff of dvx.lock is the audit record of what produced what. The
// format is described in docs/pipelines.md ("dvx.lock format").
//
//   schema = 1
//
//   [stages.train]
//   cmd = "python3 src/train.py"
//
//   [stages.train.params."params.toml"]
//   "train.epochs" = 20
//
//   [[stages.train.deps]]
//   path = "data/prepared.csv"
//   oid = "<64 hex>"
//   size = 123
//
//   [[stages.train.outs]]
//   path = "models/model.pkl"
//   oid = "<64 hex>"
//   size = 456
//
// Folders: oid is the SHA-256 of their manifest (sorted lines
// "<relpath> <oid> <size>\n", relpath relative to the folder, '/' separated),
// size the total of their files, nfiles the count. Paths are relative to the
// repository root, '/' separated.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::pipeline {

inline constexpr int kLockSchema = 1;

struct LockEntry {
  std::string path;
  std::string oid;  // 64 lowercase hex; for a folder, the oid of its manifest
  std::uint64_t size = 0;
  std::optional<std::uint64_t> nfiles;  // set for folders only
  bool is_dir() const { return nfiles.has_value(); }
  friend bool operator==(const LockEntry&, const LockEntry&) = default;
};

// params file (as written in dvx.toml, relative to the repository root) -> key -> value.
using ParamValues = std::map<std::string, std::map<std::string, nlohmann::json>>;

struct LockStage {
  std::vector<std::string> cmd;  // one element per command; written as a string when there is one
  std::string wdir;              // relative to the repository root; empty = the root
  std::vector<LockEntry> deps;   // sorted by path
  std::vector<LockEntry> outs;   // sorted by path
  std::vector<LockEntry> metrics;
  ParamValues params;
  friend bool operator==(const LockStage&, const LockStage&) = default;
};

struct LockFile {
  int schema = kLockSchema;
  std::map<std::string, LockStage> stages;  // by stage name
  friend bool operator==(const LockFile&, const LockFile&) = default;
};

// Throws Error(corrupt) "<filename>:<line>: <what>" for invalid TOML or a
// structure that is not a dvx.lock; unknown keys are rejected the same way.
LockFile parse_lock(std::string_view text, const std::string& filename);

// Deterministic text: stages sorted by name, entries by path, keys sorted.
// Entry vectors are sorted while writing (the input need not be sorted).
std::string format_lock(const LockFile& lock);

// The lock entry whose path equals `path` or, for a folder, contains it.
struct LockHit {
  std::string stage;
  std::string kind;  // "outs", "metrics" or "deps"
  LockEntry entry;
};
std::optional<LockHit> find_out(const LockFile& lock, std::string_view path);

// TOML text for a JSON value (scalars, arrays, objects as inline tables).
std::string toml_value_text(const nlohmann::json& value);

}  // namespace dvx::pipeline
