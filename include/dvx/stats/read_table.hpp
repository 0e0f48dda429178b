#pragma once
// The one place that picks a dataset file's reader (CSV/TSV or Parquet, by
// dataset_format()) for every command: drift, table, validate, diff --rows.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "dvx/stats/csv_reader.hpp"
#include "dvx/stats/table.hpp"

namespace dvx::stats {

struct TableReadOptions {
  CsvOptions csv;                    // CSV only; a .tsv name defaults to a tab delimiter
  std::vector<std::string> columns;  // only these (those the file has, in file order); empty = all
  unsigned threads = 0;              // Parquet: 0 = one per core (at most 8)
  std::string label;                 // names the file in error messages instead of its path
};

// Reads `path`, choosing the reader by its name, else its first bytes.
Table read_table(const std::filesystem::path& path, const TableReadOptions& options = {});

// The same when the bytes live elsewhere (a cache object, a temporary copy):
// `name` (the file's name as the user knows it) chooses the reader by its
// extension, `bytes` is what is read. Errors name `options.label` when set,
// else `name`, never the place of the bytes.
Table read_table(const std::filesystem::path& name, const std::filesystem::path& bytes,
                 const TableReadOptions& options);

// A Parquet file's rows one row group at a time, in file order: `fn` gets
// each as a Table and the number of rows before it, so memory holds one row
// group (row diff's spill mode). `columns`, `threads` and `label` as above.
void for_each_parquet_row_group(const std::filesystem::path& name, const std::filesystem::path& bytes,
                                const TableReadOptions& options,
                                const std::function<void(Table&, std::uint64_t first_row)>& fn);

}  // namespace dvx::stats
