#pragma once
// Which reader a dataset file takes, shared by `git dvx drift` and
// `git dvx table`: by the extension of its name, else by its first bytes.
#include <filesystem>
#include <string>

#include "dvx/stats/csv_reader.hpp"

namespace dvx::stats {

enum class DatasetFormat { csv, parquet };

// `.parquet`, `.parq`, `.pq` are Parquet and `.csv`, `.tsv`, `.txt` CSV (any
// case); any other name is Parquet when `local` (the bytes, which may live
// elsewhere, e.g. in the cache) starts with the PAR1 magic, else CSV.
DatasetFormat dataset_format(const std::filesystem::path& name, const std::filesystem::path& local);

// The --delimiter option: one character, or "\t"/"tab"; Error(usage) else.
char parse_delimiter(const std::string& text);

// `options` with a tab delimiter for a `.tsv` name when none was chosen.
CsvOptions csv_options_for(const std::filesystem::path& name, CsvOptions options);

}  // namespace dvx::stats
