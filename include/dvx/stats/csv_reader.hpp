#pragma once
// CSV reader for drift (RFC 4180): a header row; fields optionally quoted
// with '"' (quoted fields may hold the delimiter, CR/LF and doubled quotes);
// CRLF, LF or CR line ends; blank lines skipped; a UTF-8 BOM ignored.
// Missing values are pandas 1.5's defaults: the empty field and "NA", "N/A",
// "n/a", "NaN", "nan", "-NaN", "-nan", "null", "NULL", "<NA>",
// "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN".
// A column is numeric when every non-missing value parses as a number,
// categorical otherwise. Short rows are padded with nulls; a row with more
// fields than the header, an unterminated quote or text after a closing
// quote is an Error(corrupt) naming the file and line.
//
// Limits (so that any bytes are read in bounded memory, see docs/drift.md):
// a field longer than CsvOptions::max_field_bytes, a row of more than
// kMaxCsvColumns fields, and short rows padded with more null cells in total
// than the file has bytes (at least 2^20) are each an Error(corrupt) naming
// the file and line.
#include <filesystem>
#include <string_view>

#include "dvx/stats/table.hpp"

namespace dvx::stats {

inline constexpr std::size_t kDefaultMaxCsvField = std::size_t{64} << 20;  // 64 MiB
inline constexpr std::size_t kMaxCsvColumns = 100000;

struct CsvOptions {
  char delimiter = 0;                                 // 0 = detect from the first lines (',', '\t', ';', '|')
  std::size_t max_field_bytes = kDefaultMaxCsvField;  // after unquoting ("" counts once)
  // Categorical columns as codes + dictionary (table.hpp) rather than one
  // string per row: drift's choice, for text columns of millions of values.
  bool encode_categories = false;
};

Table read_csv(const std::filesystem::path& path, const CsvOptions& options = {});
// The same over bytes in memory; `name` is used in error messages.
Table parse_csv(std::string_view text, const CsvOptions& options, const std::string& name);

// Picks the delimiter among , \t ; | that splits the first lines (outside
// quotes) into the same, largest number of fields. ',' when undecided.
char detect_delimiter(std::string_view sample);

bool is_missing_token(std::string_view field);

}  // namespace dvx::stats
