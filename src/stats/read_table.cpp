#include "dvx/stats/read_table.hpp"

#include <algorithm>

#include "dvx/stats/dataset.hpp"
#include "dvx/stats/parquet.hpp"
#include "dvx/util/error.hpp"

namespace dvx::stats {
namespace {

bool wanted(const std::vector<std::string>& columns, const std::string& name) {
  return columns.empty() || std::find(columns.begin(), columns.end(), name) != columns.end();
}

// The columns to read of a Parquet file: of `options.columns`, those the
// file has. When it has none of them, `rows_only` (an empty selection would
// read every column) and the file's row count.
struct ParquetSelection {
  ParquetReadOptions options;
  bool rows_only = false;
  std::size_t rows = 0;

  Table rows_without_columns() const {
    Table t;
    t.rows = rows;
    return t;
  }
};

ParquetSelection select_parquet_columns(const std::filesystem::path& bytes, const TableReadOptions& options) {
  ParquetSelection sel;
  sel.options.threads = options.threads;
  if (options.columns.empty()) return sel;
  const auto desc = parquet::describe_parquet(bytes);
  for (const auto& c : desc.columns)
    if (wanted(options.columns, c.name)) sel.options.columns.push_back(c.name);
  sel.rows_only = sel.options.columns.empty();
  sel.rows = static_cast<std::size_t>(desc.rows);
  return sel;
}

Table read_parquet_columns(const std::filesystem::path& bytes, const TableReadOptions& options) {
  const auto sel = select_parquet_columns(bytes, options);
  return sel.rows_only ? sel.rows_without_columns() : read_parquet(bytes, sel.options);
}

Table read_any(const std::filesystem::path& name, const std::filesystem::path& bytes,
               const TableReadOptions& options) {
  if (dataset_format(name, bytes) == DatasetFormat::parquet) return read_parquet_columns(bytes, options);
  Table t = read_csv(bytes, csv_options_for(name, options.csv));
  if (!options.columns.empty())
    std::erase_if(t.columns, [&](const Column& c) { return !wanted(options.columns, c.name); });
  return t;
}

// Runs `read`; its errors name the file as the user knows it (the label,
// else `name`), never the place of the bytes (a cache object, a temporary).
template <typename Read>
auto naming_file(const std::filesystem::path& name, const std::filesystem::path& bytes,
                 const TableReadOptions& options, Read&& read) {
  const std::string label = options.label.empty() ? name.string() : options.label;
  const std::string place = bytes.string();
  if (label == place) return read();
  try {
    return read();
  } catch (const Error& e) {
    std::string msg = e.what();
    for (auto pos = msg.find(place); pos != std::string::npos; pos = msg.find(place, pos + label.size()))
      msg.replace(pos, place.size(), label);
    throw Error(e.kind(), msg);
  }
}

}  // namespace

Table read_table(const std::filesystem::path& path, const TableReadOptions& options) {
  return read_table(path, path, options);
}

Table read_table(const std::filesystem::path& name, const std::filesystem::path& bytes,
                 const TableReadOptions& options) {
  return naming_file(name, bytes, options, [&] { return read_any(name, bytes, options); });
}

void for_each_parquet_row_group(const std::filesystem::path& name, const std::filesystem::path& bytes,
                                const TableReadOptions& options,
                                const std::function<void(Table&, std::uint64_t first_row)>& fn) {
  const auto sel = naming_file(name, bytes, options, [&] { return select_parquet_columns(bytes, options); });
  if (sel.rows_only) {
    Table t = sel.rows_without_columns();
    fn(t, 0);
    return;
  }
  auto reader = naming_file(name, bytes, options, [&] { return ParquetRowGroupReader(bytes, sel.options); });
  std::uint64_t first_row = 0;
  for (std::size_t g = 0; g < reader.row_groups(); ++g) {
    Table t = naming_file(name, bytes, options, [&] { return reader.read(g); });
    fn(t, first_row);
    first_row += t.rows;
  }
}

}  // namespace dvx::stats
