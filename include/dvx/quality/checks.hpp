#pragma once
// Validation rules of dvx.toml (docs/quality.md): one [checks."GLOB"] table
// per path or .gitattributes-style pattern.
//
//   [checks."data/customers.csv"]
//   columns = { id = "int", age = "float", city = "string" }
//   not_null = ["id", "age"]
//   unique = ["id", ["city", "name"]]        # a list entry is a composite key
//   range = { age = [0, 120] }               # inclusive; or { min = 0, max = 120 }
//   allowed = { city = ["Paris", "Berlin", "Rome"] }
//   pattern = { email = '^[^@]+@[^@]+$' }    # PCRE2, searched anywhere in the value
//   rows = { min = 100, max = 1000000 }
//   max_null_rate = { age = 0.1 }
//   drift = { rev = "data-v2", threshold = 0.05, columns = ["age"] }   # or drift = "data-v2"
//
// parse_checks() throws Error(usage) "<file>:<line>: checks \"GLOB\": <what>"
// for TOML syntax errors, unknown keys, wrong types and bad regexes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dvx::quality {

enum class ValueType { int_, float_, string, bool_, date };

struct ColumnTypeRule {
  std::string column;
  ValueType type = ValueType::string;
  std::string type_name;  // as written
};

struct RangeRule {
  std::string column;
  std::optional<double> min, max;  // inclusive
};

struct AllowedRule {
  std::string column;
  std::vector<std::string> values;  // strings as written; numbers as TOML prints them
  std::vector<double> numbers;      // the values that are numbers (for numeric columns)
};

struct PatternRule {
  std::string column;
  std::string regex;
};

struct NullRateRule {
  std::string column;
  double max_rate = 0;
};

struct DriftRule {
  std::string rev;                   // the reference revision
  double threshold = 0.05;           // a column drifts when p < threshold
  std::vector<std::string> columns;  // empty = every column
};

struct CheckSet {
  std::string pattern;  // as written in [checks."PATTERN"]
  int line = 0;
  std::vector<ColumnTypeRule> columns;
  std::vector<std::string> not_null;
  std::vector<std::vector<std::string>> unique;  // each entry a key (one or more columns)
  std::vector<RangeRule> range;
  std::vector<AllowedRule> allowed;
  std::vector<PatternRule> pattern_rules;
  std::optional<std::size_t> rows_min, rows_max;
  std::vector<NullRateRule> max_null_rate;
  std::optional<DriftRule> drift;
};

struct Checks {
  std::string filename;
  std::vector<CheckSet> sets;  // in file order
  bool empty() const { return sets.empty(); }
  // The check sets whose pattern matches `path` (repository-relative).
  std::vector<const CheckSet*> for_path(std::string_view path) const;
};

// Reads the [checks] tables of a dvx.toml text (other tables are ignored).
Checks parse_checks(std::string_view toml_text, const std::string& filename);

}  // namespace dvx::quality
