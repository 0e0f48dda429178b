#pragma once
// Row diff beyond memory: a file streamed in chunks of rows (CSV: record
// boundaries found outside quotes; Parquet: one row group at a time), each
// row written to one of N partition files by the hash of its key cells, and
// a partition read back as a Table.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "dvx/quality/row_diff.hpp"
#include "dvx/stats/table.hpp"
#include "quality/row_match.hpp"

namespace dvx::quality::detail {

// Column names of a file without reading its rows (CSV: the header record;
// Parquet: the footer), skipped Parquet columns left out.
std::vector<std::string> column_names(const RowDiffInput& in, const stats::CsvOptions& csv);

// Calls `fn` with consecutive chunks of the file, each a Table of whole rows
// (CSV: about `chunk_bytes` of text; Parquet: a row group), and the number of
// rows before it.
void for_each_chunk(const RowDiffInput& in, const stats::CsvOptions& csv, std::size_t chunk_bytes,
                    const std::function<void(stats::Table&, std::uint64_t first_row)>& fn);

// One version partitioned: `partitions` files under `dir` named <side>.<n>.
struct Partitioned {
  std::vector<std::filesystem::path> files;
  // Every column of the file, in file order, with its kind: numeric unless
  // some chunk read it as text (as reading the whole file would).
  std::vector<std::pair<std::string, std::string>> kinds;
  std::uint64_t rows = 0;
};

Partitioned partition(const RowDiffInput& in, const stats::CsvOptions& csv, const MatchPlan& plan,
                      std::size_t partitions, std::size_t chunk_bytes, const std::filesystem::path& dir,
                      const std::string& side);

// A partition file back as a table of the compared columns and the original row numbers.
void load_partition(const std::filesystem::path& file, const MatchPlan& plan, stats::Table& table,
                    std::vector<std::uint64_t>& ids);

}  // namespace dvx::quality::detail
