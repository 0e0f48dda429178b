// `git dvx table FILE`: prints a dataset file's columns and values as the
// drift readers see them (as CSV or JSON). Reads Parquet and CSV/TSV, chosen
// as drift chooses (stats/dataset.hpp); a file still holding pointer text
// says to pull it.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/stats/dataset.hpp"
#include "dvx/stats/parquet.hpp"
#include "dvx/stats/read_table.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::cli {
namespace {

namespace fs = std::filesystem;

struct Loaded {
  stats::Table table;
  std::vector<nlohmann::json> column_info;  // per column: type details (may be empty objects)
};

// A tracked file whose data is not in the working tree yet: say how to get it.
void refuse_pointer_text(const fs::path& path) {
  std::error_code ec;
  if (fs::file_size(path, ec) >= core::kMaxPointerSize || ec) return;
  auto pointer = core::parse_pointer(util::read_file(path));
  if (!pointer) return;
  fail(ErrorKind::not_found,
       "{}: holds the git-dvx pointer of object {}… ({}), not its data; run 'git dvx pull {}' first",
       path.string(), pointer->oid.substr(0, 12), util::human_size(pointer->size), path.string());
}

// Keeps the named columns, in the order given; an unknown name is an error.
void keep_columns(stats::Table& table, const std::vector<std::string>& names, const fs::path& path) {
  if (names.empty()) return;
  std::vector<stats::Column> kept;
  for (const auto& name : names) {
    auto it = std::find_if(table.columns.begin(), table.columns.end(),
                           [&](const stats::Column& c) { return c.name == name; });
    if (it == table.columns.end()) fail(ErrorKind::usage, "{}: no column '{}'", path.string(), name);
    kept.push_back(std::move(*it));
  }
  table.columns = std::move(kept);
}

Loaded load(const fs::path& path, const std::vector<std::string>& columns, const stats::CsvOptions& csv) {
  if (!fs::exists(path)) fail(ErrorKind::not_found, "{}: no such file", path.string());
  refuse_pointer_text(path);
  Loaded out;
  stats::TableReadOptions opts;
  opts.csv = csv;
  opts.columns = columns;
  out.table = stats::read_table(path, opts);
  keep_columns(out.table, columns, path);
  if (stats::dataset_format(path, path) == stats::DatasetFormat::csv) {
    out.column_info.assign(out.table.columns.size(), nlohmann::json::object());
    return out;
  }
  auto desc = stats::parquet::describe_parquet(path);
  for (const auto& col : out.table.columns) {
    nlohmann::json info = nlohmann::json::object();
    for (const auto& d : desc.columns) {
      if (d.name != col.name) continue;
      info["physical_type"] = d.physical_type;
      if (!d.logical_type.empty()) info["logical_type"] = d.logical_type;
      if (!d.unit.empty()) info["unit"] = d.unit;
      break;
    }
    out.column_info.push_back(std::move(info));
  }
  return out;
}

const char* kind_name(stats::ColumnKind k) {
  switch (k) {
    case stats::ColumnKind::numeric: return "numeric";
    case stats::ColumnKind::categorical: return "categorical";
    case stats::ColumnKind::skipped: return "skipped";
  }
  return "?";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Shortest text that reads back as the same double; integral values below
// 2^53 print without an exponent.
std::string number_text(double v) {
  if (std::isnan(v)) return {};
  if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) return fmt::format("{:.0f}", v);
  return fmt::format("{}", v);
}

void print_csv(const Loaded& l, std::size_t limit) {
  std::vector<const stats::Column*> cols;
  for (const auto& c : l.table.columns) {
    if (c.kind == stats::ColumnKind::skipped)
      print_warning(fmt::format("column {} skipped: {}", c.name, c.skip_reason));
    else
      cols.push_back(&c);
  }
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? "," : "") + csv_field(cols[i]->name);
  out += '\n';
  std::size_t rows = std::min(limit, l.table.rows);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (i) out += ',';
      const auto& c = *cols[i];
      if (c.kind == stats::ColumnKind::numeric)
        out += number_text(c.numbers[r]);
      else if (!c.category_null[r])
        out += csv_field(c.categories[r]);
    }
    out += '\n';
    if (out.size() > (1 << 20)) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out << std::flush;
}

void print_json(const fs::path& path, const Loaded& l, std::size_t limit) {
  nlohmann::json doc;
  doc["path"] = path.string();
  doc["rows"] = l.table.rows;
  doc["columns"] = nlohmann::json::array();
  std::size_t rows = std::min(limit, l.table.rows);
  for (std::size_t i = 0; i < l.table.columns.size(); ++i) {
    const auto& c = l.table.columns[i];
    nlohmann::json col = l.column_info[i];
    col["name"] = c.name;
    col["kind"] = kind_name(c.kind);
    if (c.kind == stats::ColumnKind::skipped) {
      col["skip_reason"] = c.skip_reason;
    } else {
      auto values = nlohmann::json::array();
      for (std::size_t r = 0; r < rows; ++r) {
        if (c.kind == stats::ColumnKind::numeric) {
          if (std::isnan(c.numbers[r]))
            values.push_back(nullptr);
          else
            values.push_back(c.numbers[r]);
        } else {
          if (c.category_null[r])
            values.push_back(nullptr);
          else
            values.push_back(c.categories[r]);
        }
      }
      col["values"] = std::move(values);
    }
    doc["columns"].push_back(std::move(col));
  }
  std::cout << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
}

int run_table(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("file", po::value<std::string>(), "dataset file (Parquet, CSV or TSV)")(
      "format", po::value<std::string>()->default_value("csv"), "output format: csv or json")(
      "limit", po::value<std::size_t>(), "print at most N rows")(
      "columns", po::value<std::string>(), "comma-separated column names to print (default: all)")(
      "delimiter", po::value<std::string>(), "CSV field delimiter (default: detected; tab for .tsv)");
  po::positional_options_description pos;
  pos.add("file", 1);
  auto parsed = parse_args(args, "table FILE [--format csv|json] [--limit N] [--columns a,b] [--delimiter C]",
                           opts, pos);
  if (parsed.help) return 0;
  if (!parsed.vars.count("file")) fail(ErrorKind::usage, "table: missing FILE (usage: git dvx table FILE)");
  fs::path path = parsed.vars["file"].as<std::string>();
  std::string format = parsed.vars["format"].as<std::string>();
  if (format != "csv" && format != "json")
    fail(ErrorKind::usage, "table: unknown format '{}' (csv or json)", format);
  std::size_t limit = parsed.vars.count("limit") ? parsed.vars["limit"].as<std::size_t>() : SIZE_MAX;
  std::vector<std::string> columns;
  if (parsed.vars.count("columns")) {
    std::stringstream ss(parsed.vars["columns"].as<std::string>());
    for (std::string name; std::getline(ss, name, ',');)
      if (!name.empty()) columns.push_back(name);
  }
  stats::CsvOptions csv;
  if (parsed.vars.count("delimiter"))
    csv.delimiter = stats::parse_delimiter(parsed.vars["delimiter"].as<std::string>());
  Loaded l = load(path, columns, csv);
  if (format == "json")
    print_json(path, l, limit);
  else
    print_csv(l, limit);
  return 0;
}

DVX_COMMAND("table", "print a dataset file's columns and values (Parquet or CSV)", run_table);
}  // namespace
}  // namespace dvx::cli
