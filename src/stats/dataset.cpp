#include "dvx/stats/dataset.hpp"

#include <algorithm>
#include <string>

#include "dvx/stats/parquet.hpp"
#include "dvx/util/error.hpp"

namespace dvx::stats {

namespace {
std::string lower_extension(const std::filesystem::path& name) {
  std::string ext = name.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}
}  // namespace

DatasetFormat dataset_format(const std::filesystem::path& name, const std::filesystem::path& local) {
  const std::string ext = lower_extension(name);
  if (ext == ".parquet" || ext == ".pq" || ext == ".parq") return DatasetFormat::parquet;
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") return DatasetFormat::csv;
  return parquet::has_parquet_magic(local) ? DatasetFormat::parquet : DatasetFormat::csv;
}

char parse_delimiter(const std::string& s) {
  if (s == "\\t" || s == "tab" || s == "TAB") return '\t';
  if (s.size() != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
    fail(ErrorKind::usage, "--delimiter takes one character (or \\t), not '{}'", s);
  return s[0];
}

CsvOptions csv_options_for(const std::filesystem::path& name, CsvOptions options) {
  if (!options.delimiter && lower_extension(name) == ".tsv") options.delimiter = '\t';
  return options;
}

}  // namespace dvx::stats
