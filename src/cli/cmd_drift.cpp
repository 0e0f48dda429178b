// git dvx drift PATH [--from REV] [--to REV] [--columns a,b] [--exclude c,d]
//                    [--method auto|ks|chi2|wasserstein|jensenshannon|psi]
//                    [--threshold P] [--distance-threshold D]
//                    [--format table|json|markdown|html] [--output FILE]
//                    [--fail-on-drift] [--delimiter C] [--max-field-size SIZE]
// Compares two versions of a tracked dataset column by column with every
// registered method (stats/drift_method.hpp); one decides. Exit codes: 0 =
// done (no drift, or drift without --fail-on-drift), 1 = drift with
// --fail-on-drift, 2 = any error.
#include <fmt/core.h>

#include <cmath>
#include <future>
#include <iostream>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/remote/options.hpp"
#include "dvx/stats/csv_reader.hpp"
#include "dvx/stats/dataset.hpp"
#include "dvx/stats/drift.hpp"
#include "dvx/stats/drift_method.hpp"
#include "dvx/stats/drift_render.hpp"
#include "dvx/stats/read_table.hpp"
#include "dvx/transfer/content.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::cli {
namespace {

namespace fs = std::filesystem;

// Path as given on the command line -> path relative to the worktree root.
std::string repo_relative(const git::Repo& repo, const std::string& arg) {
  fs::path p(arg);
  if (p.is_relative()) p = fs::current_path() / p;
  const fs::path root = fs::weakly_canonical(repo.workdir());
  p = fs::weakly_canonical(p);
  fs::path rel = p.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..")
    fail(ErrorKind::usage, "{} is outside the repository {}", arg, root.string());
  return rel.generic_string();
}

stats::Table read_version(const std::string& repo_path, const transfer::VersionedFile& file,
                          const std::string& label, const stats::CsvOptions& csv,
                          const std::vector<std::string>& columns) {
  stats::TableReadOptions opts;
  opts.csv = csv;
  opts.columns = columns;
  opts.label = label;
  return stats::read_table(repo_path, file.local_path, opts);
}

int run(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("path", po::value<std::string>(), "tracked dataset (CSV or Parquet)")(
      "from", po::value<std::string>()->default_value("HEAD"), "revision of the 'before' version")(
      "to", po::value<std::string>()->default_value(""),
      "revision of the 'after' version (default: worktree)")("columns", po::value<std::string>(),
                                                             "compare only these columns (comma-separated)")(
      "exclude", po::value<std::string>(), "never compare these columns (comma-separated)")(
      "method", po::value<std::string>()->default_value("auto"),
      ("what decides: auto or " + stats::drift_method_names()).c_str())(
      "threshold", po::value<double>()->default_value(0.05),
      "a test (ks, chi2) finds drift when p < threshold")(
      "distance-threshold", po::value<double>()->default_value(0.1),
      "a distance (wasserstein, jensenshannon, psi) finds drift when >= this")(
      "format", po::value<std::string>()->default_value("table"), "table, json, markdown or html")(
      "output,o", po::value<std::string>(), "write the report to this file (default: standard output)")(
      "fail-on-drift", po::bool_switch(), "exit 1 when any column drifts")(
      "delimiter", po::value<std::string>(), "CSV delimiter (default: detected)")(
      "max-field-size", po::value<std::string>(), "largest CSV field accepted (default 64MiB)")(
      "jobs,j", po::value<unsigned>()->default_value(0), "columns compared in parallel (0 = one per core)");
  po::positional_options_description pos;
  pos.add("path", 1);
  auto parsed = parse_args(args, "drift PATH [--from REV] [--to REV] [options]", opts, pos);
  if (parsed.help) return 0;
  const auto& vars = parsed.vars;
  if (!vars.count("path"))
    fail(ErrorKind::usage, "drift needs a PATH (usage: git dvx drift PATH [--from REV] [--to REV])");
  const std::string format = vars["format"].as<std::string>();
  if (format != "table" && format != "json" && format != "markdown" && format != "html")
    fail(ErrorKind::usage, "--format must be table, json, markdown or html, not '{}'", format);
  const double threshold = vars["threshold"].as<double>();
  if (!(threshold > 0 && threshold <= 1))
    fail(ErrorKind::usage, "--threshold must be in (0, 1], not {}", threshold);
  const double distance_threshold = vars["distance-threshold"].as<double>();
  if (!(distance_threshold > 0) || !std::isfinite(distance_threshold))
    fail(ErrorKind::usage, "--distance-threshold must be a positive number, not {}", distance_threshold);
  const std::string method = vars["method"].as<std::string>();
  if (method != "auto" && !stats::find_drift_method(method))
    fail(ErrorKind::usage, "--method must be auto or one of {}, not '{}'", stats::drift_method_names(),
         method);
  stats::CsvOptions csv;
  csv.encode_categories = true;  // text columns as codes: memory by distinct values, not rows
  if (vars.count("delimiter")) csv.delimiter = stats::parse_delimiter(vars["delimiter"].as<std::string>());
  if (vars.count("max-field-size")) {
    const auto size = remote::parse_size(vars["max-field-size"].as<std::string>(), "--max-field-size");
    if (size == 0) fail(ErrorKind::usage, "--max-field-size must be at least 1 byte");
    csv.max_field_bytes = static_cast<std::size_t>(size);
  }
  stats::DriftOptions dopts;
  dopts.threshold = threshold;
  dopts.distance_threshold = distance_threshold;
  dopts.method = method;
  dopts.jobs = vars["jobs"].as<unsigned>();
  if (vars.count("columns")) dopts.columns = util::split_nonempty(vars["columns"].as<std::string>(), ',');
  if (vars.count("exclude")) dopts.exclude = util::split_nonempty(vars["exclude"].as<std::string>(), ',');

  auto repo = git::Repo::discover();
  const std::string path = repo_relative(repo, vars["path"].as<std::string>());
  const std::string from = vars["from"].as<std::string>();
  const std::string to = vars["to"].as<std::string>();
  if (!from.empty()) repo.resolve_commit(from);
  if (!to.empty()) repo.resolve_commit(to);
  const std::string from_label = from.empty() ? "worktree" : from;
  const std::string to_label = to.empty() ? "worktree" : to;

  auto before_file = transfer::open_version(repo, from, path);
  auto after_file = transfer::open_version(repo, to, path);
  auto before_future = std::async(std::launch::async, [&] {
    return read_version(path, before_file, fmt::format("{} at {}", path, from_label), csv, dopts.columns);
  });
  auto after = read_version(path, after_file, fmt::format("{} at {}", path, to_label), csv, dopts.columns);
  auto before = before_future.get();

  auto report = stats::compare_tables(std::move(before), std::move(after), dopts);
  report.path = path;
  report.from = from_label;
  report.to = to_label;
  const std::string text = format == "json"       ? stats::render_json(report)
                           : format == "markdown" ? stats::render_markdown(report)
                           : format == "html"     ? stats::render_html(report)
                                                  : stats::render_table(report);
  if (vars.count("output")) {
    // Whole or not at all: a report is never seen half-written.
    util::write_file_atomic(vars["output"].as<std::string>(), text);
    std::cerr << fmt::format("drift report written to {}\n", vars["output"].as<std::string>());
  } else {
    std::cout << text << std::flush;
  }
  return report.drift && vars["fail-on-drift"].as<bool>() ? 1 : 0;
}

// Every failure of drift exits 2 (1 is reserved for "drift found").
int run_drift(const std::vector<std::string>& args) {
  try {
    return run(args);
  } catch (const Error& e) {
    print_error(e.what());
  } catch (const std::exception& e) {
    print_error(fmt::format("drift: {}", e.what()));
  }
  return 2;
}

DVX_COMMAND("drift", "compare two versions of a dataset column by column (tests and distances)", run_drift);

}  // namespace
}  // namespace dvx::cli
