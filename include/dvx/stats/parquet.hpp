#pragma once
// The project's own Parquet reader (docs/parquet.md): flat columns of a
// Parquet file into the shared Table shape for drift.
//
// Value mapping (see docs/parquet.md):
//  - numeric: INT32/INT64 (signed, or unsigned by annotation), FLOAT, DOUBLE,
//    DECIMAL (any physical type; unscaled / 10^scale), DATE (days since
//    1970-01-01), TIMESTAMP and INT96 (microseconds since 1970-01-01 00:00:00,
//    whatever the stored unit; nanoseconds keep their fraction), TIME
//    (microseconds since midnight), FLOAT16.
//  - categorical: BOOLEAN ("true"/"false"), STRING/ENUM/JSON byte arrays (the
//    bytes as stored), UUID (8-4-4-4-12 lower-case hex), other byte arrays
//    without a textual annotation (the bytes when they are valid UTF-8, else
//    printed as DuckDB prints a BLOB: printable ASCII kept, other bytes \xHH).
//  - skipped (with a reason): columns under a repeated field (lists, maps),
//    INTERVAL.
// Nulls: NaN for numeric, category_null for categorical.
// Malformed files throw dvx::Error(corrupt) naming the file, the column, the
// row group and what is wrong; unsupported features (encryption, LZO,
// BROTLI, external column chunks) throw dvx::Error(permanent).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dvx/stats/table.hpp"

namespace dvx::stats {

struct ParquetReadOptions {
  std::vector<std::string> columns;  // read only these (by name); empty = all
  unsigned threads = 0;              // 0 = one per core (at most 8)
};

Table read_parquet(const std::filesystem::path& path, const ParquetReadOptions& options = {});

// A Parquet file read one row group at a time, so that memory holds one row
// group's columns rather than the whole file's (row diff's spill mode
// streams a file this way). The footer is read and checked once, here;
// errors are read_parquet's.
class ParquetRowGroupReader {
 public:
  explicit ParquetRowGroupReader(const std::filesystem::path& path, const ParquetReadOptions& options = {});
  ~ParquetRowGroupReader();
  ParquetRowGroupReader(ParquetRowGroupReader&&) noexcept;

  std::size_t row_groups() const;
  // The selected columns of row group `group` (from 0, in file order);
  // Table::rows is that group's row count.
  Table read(std::size_t group) const;

  struct Open;  // the opened file (parquet_reader.cpp)

 private:
  std::unique_ptr<Open> open_;
};

namespace parquet {

struct ColumnDescription {
  std::string name;           // dotted path for columns inside groups
  std::string physical_type;  // e.g. "INT64"
  std::string logical_type;   // e.g. "TIMESTAMP(MICROS)", "DECIMAL(10,2)", "" if none
  ColumnKind kind = ColumnKind::numeric;
  std::string unit;  // numeric: what the numbers mean, e.g. "microseconds since 1970-01-01 00:00:00"
  std::string skip_reason;
  int max_definition_level = 0;
  int max_repetition_level = 0;
};

struct FileDescription {
  std::int64_t rows = 0;
  std::size_t row_groups = 0;
  std::string created_by;
  std::vector<ColumnDescription> columns;  // leaf columns, in schema order
};

// Footer and schema only (no pages read).
FileDescription describe_parquet(const std::filesystem::path& path);

// Whether a file is read as Parquet, the one rule for every command: the
// extension of `name` decides when it is known (.parquet, .parq, .pq: yes;
// .csv, .tsv, .txt: no; any case), else whether `bytes` (the file itself, or
// a copy of `name` taken from a revision) starts with the magic "PAR1".
bool is_parquet_file(const std::filesystem::path& name, const std::filesystem::path& bytes);

}  // namespace parquet
}  // namespace dvx::stats
