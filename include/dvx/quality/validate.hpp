#pragma once
// `git dvx validate`: the [checks] of dvx.toml applied to the files they
// match, in the worktree, at a revision or as staged in the index (the
// pre-commit hook). dvx.toml is read from the same place as the data.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "dvx/git/repo.hpp"
#include "dvx/quality/checks.hpp"
#include "dvx/quality/rules.hpp"
#include "dvx/stats/distribution.hpp"

namespace dvx::quality {

enum class Source { worktree, revision, staged };

struct ValidateRequest {
  Source source = Source::worktree;
  std::string rev;                 // Source::revision
  std::vector<std::string> paths;  // repository-relative; empty = every file some check matches
  bool changed_only = false;       // staged: only files whose staged blob differs from HEAD's (all when
                                   // dvx.toml's staged checks differ from HEAD's)
  std::size_t sample = kDefaultSample;
  bool profile_columns = false;  // keep each column's distribution (the HTML page draws them)
};

struct FileResult {
  std::string path;
  std::vector<std::string> patterns;  // the [checks."..."] that matched it
  std::size_t rows = 0;
  std::vector<Violation> violations;
  std::string error;  // the file could not be read (missing data, bad format): a failure too
  std::vector<stats::ColumnProfile> columns;  // when ValidateRequest::profile_columns, in file order
  bool ok() const { return violations.empty() && error.empty(); }
};

struct ValidationReport {
  std::string source;                  // "worktree", "index" or the revision
  std::vector<FileResult> files;       // in path order
  std::vector<std::string> unmatched;  // requested paths no check applies to
  bool has_checks = false;             // dvx.toml has [checks]
  bool ok() const;
};

// Throws Error(usage) naming the file and line for invalid checks (the CLI's
// exit 2); problems with the data are in the report.
ValidationReport validate(const git::Repo& repo, const ValidateRequest& request);

// The checks of dvx.toml in the worktree (none when it is missing).
Checks worktree_checks(const git::Repo& repo);

// Validates worktree files against `checks` (repro's outs); only the files
// some check matches are read.
ValidationReport validate_worktree_files(const git::Repo& repo, const Checks& checks,
                                         const std::vector<std::string>& paths);

}  // namespace dvx::quality
