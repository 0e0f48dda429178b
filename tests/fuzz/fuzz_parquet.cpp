// Parquet reader: arbitrary bytes (most seeds are real files) give a table
// or an Error; the footer-only description must agree with the data read.
#include <cstdlib>

#include "dvx/stats/parquet.hpp"
#include "dvx/util/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = dvx::fuzz::write_input("input.parquet", data, size);
  try {
    const auto description = dvx::stats::parquet::describe_parquet(path);
    dvx::stats::ParquetReadOptions options;
    options.threads = 1;
    const auto table = dvx::stats::read_parquet(path, options);
    if (static_cast<std::int64_t>(table.rows) != description.rows) std::abort();
    for (const auto& column : table.columns) {
      if (column.kind == dvx::stats::ColumnKind::skipped) continue;  // lists, maps: no values
      const std::size_t n =
          column.kind == dvx::stats::ColumnKind::numeric ? column.numbers.size() : column.categories.size();
      if (n != table.rows) std::abort();
    }
  } catch (const dvx::Error&) {
  }
  return 0;
}
