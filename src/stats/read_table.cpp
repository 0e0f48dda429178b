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

Table read_parquet_columns(const std::filesystem::path& bytes, const TableReadOptions& options) {
  ParquetReadOptions opts;
  opts.threads = options.threads;
  if (!options.columns.empty()) {
    const auto desc = parquet::describe_parquet(bytes);
    for (const auto& c : desc.columns)
      if (wanted(options.columns, c.name)) opts.columns.push_back(c.name);
    // None of them: an empty selection would read every column.
    if (opts.columns.empty()) {
      Table none;
      none.rows = static_cast<std::size_t>(desc.rows);
      return none;
    }
  }
  return read_parquet(bytes, opts);
}

Table read_any(const std::filesystem::path& name, const std::filesystem::path& bytes,
               const TableReadOptions& options) {
  if (dataset_format(name, bytes) == DatasetFormat::parquet) return read_parquet_columns(bytes, options);
  Table t = read_csv(bytes, csv_options_for(name, options.csv));
  if (!options.columns.empty())
    std::erase_if(t.columns, [&](const Column& c) { return !wanted(options.columns, c.name); });
  return t;
}

}  // namespace

Table read_table(const std::filesystem::path& path, const TableReadOptions& options) {
  return read_table(path, path, options);
}

Table read_table(const std::filesystem::path& name, const std::filesystem::path& bytes,
                 const TableReadOptions& options) {
  const std::string label = options.label.empty() ? name.string() : options.label;
  const std::string place = bytes.string();
  if (label == place) return read_any(name, bytes, options);
  try {
    return read_any(name, bytes, options);
  } catch (const Error& e) {
    std::string msg = e.what();
    for (auto pos = msg.find(place); pos != std::string::npos; pos = msg.find(place, pos + label.size()))
      msg.replace(pos, place.size(), label);
    throw Error(e.kind(), msg);
  }
}

}  // namespace dvx::stats
