#pragma once
// Row-level diff of two versions of a CSV or Parquet file (docs/quality.md):
// schema changes, rows added / removed / modified by key (without a key, the
// rows as multisets of whole rows over the columns both versions have),
// changed cells per column and a sample of each kind of change.
//
// Two cells are equal when both are null, or both are numbers (a text cell
// that reads as a number counts as that number) and equal, or both are the
// same text. Rows whose key repeats are matched by occurrence: the n-th row
// with a key in one version to the n-th in the other (as pandas' merge on
// the key plus groupby(key).cumcount()).
//
// Memory: both versions are read whole when they fit `memory_limit`;
// otherwise each is streamed in chunks and its rows hash-partitioned on the
// key into spill files, and the partitions are diffed one pair at a time.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dvx/stats/csv_reader.hpp"

namespace dvx::quality {

struct RowDiffOptions {
  std::vector<std::string> keys;    // empty = whole rows
  std::size_t sample = 10;          // rows shown per kind of change
  std::size_t memory_limit = 0;     // bytes; 0 = a quarter of physical memory (at most 8 GiB)
  std::filesystem::path spill_dir;  // where spill files go (removed at the end); required
  stats::CsvOptions csv;
};

// One side of the diff: the name a user knows (chooses the reader; named in
// errors) and where the bytes are.
struct RowDiffInput {
  std::filesystem::path name;
  std::filesystem::path bytes;
  std::string label;  // e.g. "data.csv at HEAD"
};

struct SchemaChange {
  std::string column;
  std::string change;                   // added, removed, retyped
  std::string before_type, after_type;  // numeric, categorical, skipped ("" when absent)
};

struct Cell {
  std::string column;
  std::optional<std::string> value;  // nullopt = null
};

struct CellChange {
  std::string column;
  std::optional<std::string> before, after;
};

struct RowSample {
  std::optional<std::size_t> row_before, row_after;  // 0-based data rows
  std::vector<Cell> cells;          // added / removed: the row (compared columns); modified: its key
  std::vector<CellChange> changes;  // modified: the cells that differ
};

struct ColumnChangeCount {
  std::string column;
  std::size_t changed = 0;
};

struct RowDiff {
  std::vector<std::string> keys;
  std::vector<SchemaChange> schema;
  std::vector<std::string> compared;  // columns in both versions (non-skipped), before's order
  std::size_t rows_before = 0, rows_after = 0;
  std::size_t added = 0, removed = 0, modified = 0, unchanged = 0;
  std::size_t duplicate_keys_before = 0, duplicate_keys_after = 0;  // keyed: rows repeating an earlier key
  std::vector<ColumnChangeCount> changed_cells;                     // keyed: per compared non-key column
  std::vector<RowSample> added_rows, removed_rows, modified_rows;   // the first by row number
  std::size_t partitions = 0;  // 0 = in memory; else the spill partitions used
};

// Throws Error(usage) when a key column is not in both versions, and the
// readers' errors (naming the label).
RowDiff diff_rows(const RowDiffInput& before, const RowDiffInput& after, const RowDiffOptions& options);

}  // namespace dvx::quality
