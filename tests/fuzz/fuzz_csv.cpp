// CSV reader: arbitrary bytes give a table whose columns all have one value
// per row, or an Error naming the input. Both delimiter modes are exercised.
#include <cmath>
#include <cstdlib>

#include "dvx/stats/csv_reader.hpp"
#include "dvx/util/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = dvx::fuzz::as_text(data, size);
  dvx::stats::CsvOptions options;
  if (size > 0 && data[0] == ';') options.delimiter = ';';  // a fixed delimiter vs detection
  try {
    const auto table = dvx::stats::parse_csv(text, options, "fuzz.csv");
    for (const auto& column : table.columns) {
      const std::size_t n =
          column.kind == dvx::stats::ColumnKind::numeric ? column.numbers.size() : column.categories.size();
      if (n != table.rows) std::abort();
      if (column.kind == dvx::stats::ColumnKind::categorical && column.category_null.size() != table.rows)
        std::abort();
      for (const auto& category : column.categories)
        if (category.size() > text.size()) std::abort();  // a value is always a piece of the input
    }
  } catch (const dvx::Error&) {
  }
  return 0;
}
