#include "dvx/stats/dataset.hpp"

#include <string>

#include "dvx/stats/parquet.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::stats {

DatasetFormat dataset_format(const std::filesystem::path& name, const std::filesystem::path& local) {
  return parquet::is_parquet_file(name, local) ? DatasetFormat::parquet : DatasetFormat::csv;
}

char parse_delimiter(const std::string& s) {
  if (s == "\\t" || s == "tab" || s == "TAB") return '\t';
  if (s.size() != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
    fail(ErrorKind::usage, "--delimiter takes one character (or \\t), not '{}'", s);
  return s[0];
}

CsvOptions csv_options_for(const std::filesystem::path& name, CsvOptions options) {
  if (!options.delimiter && util::lower(name.extension().string()) == ".tsv") options.delimiter = '\t';
  return options;
}

}  // namespace dvx::stats
