// git dvx exp show [-n N] [--all-branches] [--all-tags] [--exps-only] [--params GLOB]...
//                  [--metrics GLOB]... [--sort-by NAME] [--sort-order asc|desc]
//                  [--json | --csv | --md] [--to-mlflow DIR [--mlflow-experiment NAME]]
// git dvx exp diff A [B]
#include <fmt/core.h>

#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/exp_show.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/pipeline_table.hpp"
#include "dvx/exp/experiments.hpp"
#include "dvx/exp/mlflow.hpp"
#include "dvx/exp/rows.hpp"
#include "dvx/git/history.hpp"
#include "dvx/git/repo.hpp"
#include "dvx/lineage/format.hpp"
#include "dvx/util/error.hpp"

namespace dvx::cli {
namespace {

// "2026-11-30 17:21" (UTC).
std::string created_text(std::int64_t t) {
  std::string iso = lineage::iso_utc(t);  // 2026-11-30T17:21:05.000Z
  iso[10] = ' ';
  return iso.substr(0, 16);
}

nlohmann::json table_json(const pipeline::ValueTable& t) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [file, keys] : t)
    for (const auto& [k, v] : keys) j[file][k] = v;
  return j;
}

template <typename Map>
nlohmann::json map_json(const Map& m) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

std::optional<double> delta(const exp::Row& r, const exp::Column& c) {
  auto f = r.deltas.find(c.file);
  if (f == r.deltas.end()) return std::nullopt;
  auto k = f->second.find(c.key);
  if (k == f->second.end()) return std::nullopt;
  return k->second;
}

nlohmann::json show_json(const std::vector<exp::Row>& rows, const std::vector<exp::Column>& columns) {
  nlohmann::json cols{{"params", nlohmann::json::array()}, {"metrics", nlohmann::json::array()}};
  for (const auto& c : columns)
    cols[c.metric ? "metrics" : "params"].push_back({{"file", c.file}, {"key", c.key}, {"label", c.label}});
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json deltas = nlohmann::json::object();
    for (const auto& [file, keys] : r.deltas)
      for (const auto& [k, v] : keys) deltas[file][k] = v;
    out.push_back({{"name", r.name},
                   {"kind", r.kind},
                   {"commit", r.commit},
                   {"baseline", r.baseline ? nlohmann::json(*r.baseline) : nlohmann::json(nullptr)},
                   {"status", r.status.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.status)},
                   {"created", r.time},
                   {"params", table_json(r.params)},
                   {"metrics", table_json(r.metrics)},
                   {"deltas", deltas},
                   {"deps", map_json(r.deps)},
                   {"outs", map_json(r.outs)},
                   {"errors", map_json(r.errors)}});
  }
  return {{"columns", cols}, {"rows", out}};
}

std::string cell_text(const exp::Row& r, const exp::Column& c, bool with_delta) {
  auto v = exp::cell(r, c);
  std::string text = pipeline::value_text(v);
  if (with_delta && c.metric)
    if (auto d = delta(r, c)) text += fmt::format(" ({:+.6g})", *d);
  return text;
}

// Header and rows of the table (the tree marks show which experiments belong to which commit).
std::vector<std::vector<std::string>> grid(const std::vector<exp::Row>& rows,
                                           const std::vector<exp::Column>& columns, bool tree,
                                           bool with_delta) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> header{"Experiment", "Created", "State"};
  for (const auto& c : columns) header.push_back(c.label);
  out.push_back(header);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::string name = r.name;
    if (tree && r.kind == "experiment") {
      bool last = i + 1 == rows.size() || rows[i + 1].kind != "experiment";
      name = (last ? "└── " : "├── ") + r.name;
    }
    std::vector<std::string> line{name, created_text(r.time), r.status.empty() ? r.kind : r.status};
    for (const auto& c : columns) line.push_back(cell_text(r, c, with_delta));
    out.push_back(line);
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void print_csv(const std::vector<exp::Row>& rows, const std::vector<exp::Column>& columns) {
  std::vector<std::string> header{"name", "kind", "commit", "baseline", "status", "created"};
  for (const auto& c : columns) header.push_back(c.label);
  for (const auto& c : columns)
    if (c.metric) header.push_back("delta " + c.label);
  std::string out;
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    out += "\n";
  };
  line(header);
  for (const auto& r : rows) {
    std::vector<std::string> f{
        r.name, r.kind, r.commit, r.baseline.value_or(""), r.status, created_text(r.time)};
    for (const auto& c : columns) {
      auto v = exp::cell(r, c);
      f.push_back(v ? pipeline::value_text(v) : "");
    }
    for (const auto& c : columns)
      if (c.metric) {
        auto d = delta(r, c);
        f.push_back(d ? fmt::format("{}", *d) : "");
      }
    line(f);
  }
  std::cout << out << std::flush;
}

void print_md(const std::vector<std::vector<std::string>>& g) {
  auto escape = [](const std::string& s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::string out;
  for (std::size_t i = 0; i < g.size(); ++i) {
    out += "|";
    for (const auto& f : g[i]) out += " " + escape(f) + " |";
    out += "\n";
    if (i == 0) {
      out += "|";
      for (std::size_t k = 0; k < g[i].size(); ++k) out += k < 3 ? " --- |" : " ---: |";
      out += "\n";
    }
  }
  std::cout << out << std::flush;
}

}  // namespace

int run_exp_show(const std::vector<std::string>& args) {
  po::options_description opts("options");
  int n = 1;
  opts.add_options()("num,n", po::value<int>(&n)->default_value(1),
                     "HEAD and its N-1 first-parent ancestors")(
      "all-branches,a", "the tip of every branch too")("all-tags,T", "every tag's commit too")(
      "exps-only", "experiments only, no commit rows")("params",
                                                       po::value<std::vector<std::string>>()->composing(),
                                                       "GLOB: param columns to show (key or file:key)")(
      "metrics", po::value<std::vector<std::string>>()->composing(), "GLOB: metric columns to show")(
      "sort-by", po::value<std::string>(),
      "NAME: sort the experiments of each commit by this param or metric")(
      "sort-order", po::value<std::string>()->default_value("asc"), "asc or desc")("json", "JSON on stdout")(
      "csv", "CSV on stdout")("md", "a Markdown table on stdout")(
      "to-mlflow", po::value<std::string>(), "DIR: write the rows as runs of an MLflow file store (mlruns)")(
      "mlflow-experiment", po::value<std::string>(),
      "NAME: the MLflow experiment (default: the repository's folder name)");
  auto parsed = parse_args(args,
                           "exp show [-n N] [-a] [-T] [--exps-only] [--params GLOB]... [--metrics GLOB]... "
                           "[--sort-by NAME] [--json|--csv|--md] [--to-mlflow DIR]",
                           opts);
  if (parsed.help) return 0;
  int formats =
      static_cast<int>(parsed.vars.count("json") + parsed.vars.count("csv") + parsed.vars.count("md"));
  if (formats > 1) fail(ErrorKind::usage, "--json, --csv and --md exclude each other");
  std::string order = parsed.vars["sort-order"].as<std::string>();
  if (order != "asc" && order != "desc")
    fail(ErrorKind::usage, "--sort-order is asc or desc, not '{}'", order);
  if (n < 1) fail(ErrorKind::usage, "-n takes a number of commits, at least 1");
  auto repo = git::Repo::discover();
  exp::RowOptions ro;
  ro.commits = n;
  ro.all_branches = parsed.vars.count("all-branches") > 0;
  ro.all_tags = parsed.vars.count("all-tags") > 0;
  ro.exps_only = parsed.vars.count("exps-only") > 0;
  auto rows = exp::collect_rows(repo, ro);
  if (parsed.vars.count("sort-by"))
    exp::sort_experiments(rows, exp::select_columns(rows, {"*"}, {"*"}),
                          parsed.vars["sort-by"].as<std::string>(), order == "desc");
  auto columns = exp::select_columns(rows, string_values(parsed, "params"), string_values(parsed, "metrics"));
  for (const auto& r : rows)
    if (r.status != "failed")  // a failed run often wrote no metrics
      for (const auto& [file, msg] : r.errors) print_warning(fmt::format("{} ({}): {}", file, r.name, msg));
  if (parsed.vars.count("to-mlflow")) {
    std::string name = parsed.vars.count("mlflow-experiment")
                           ? parsed.vars["mlflow-experiment"].as<std::string>()
                           : repo.workdir().filename().string();
    if (name.empty()) name = repo.workdir().parent_path().filename().string();
    std::filesystem::path dir = parsed.vars["to-mlflow"].as<std::string>();
    auto r = exp::write_mlflow(dir, name, rows);
    std::cerr << fmt::format("wrote {} run{} to MLflow experiment '{}' (id {}) in {}\n", r.runs,
                             r.runs == 1 ? "" : "s", name, r.experiment_id, dir.string());
    if (!formats) return 0;
  }
  if (parsed.vars.count("json")) {
    print_json(show_json(rows, columns));
  } else if (parsed.vars.count("csv")) {
    print_csv(rows, columns);
  } else if (parsed.vars.count("md")) {
    print_md(grid(rows, columns, false, true));
  } else {
    if (rows.empty()) {
      std::cerr << "no commits or experiments to show\n";
      return 0;
    }
    print_columns(grid(rows, columns, true, true));
  }
  return 0;
}

int run_exp_diff(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("args", po::value<std::vector<std::string>>()->composing(), "A [B]")(
      "all", "unchanged values too")("json", "JSON on stdout");
  po::positional_options_description pos;
  pos.add("args", -1);
  const char* usage = "exp diff A [B] [--all] [--json]";
  auto parsed = parse_args(args, usage, opts, pos);
  if (parsed.help) return 0;
  auto rest = string_values(parsed, "args");
  if (rest.empty() || rest.size() > 2) fail(ErrorKind::usage, "usage: git dvx {}", usage);
  auto repo = git::Repo::discover();
  // An experiment name, else any revision.
  auto commit_of = [&](const std::string& what) {
    try {
      exp::check_name(what);
      if (auto e = exp::find_experiment(repo, what)) return e->commit;
    } catch (const Error&) {
    }
    return repo.resolve_commit(what);
  };
  std::string b = commit_of(rest[0]);
  auto row_b = exp::commit_row(repo, b);
  std::string a;
  if (rest.size() == 2) {
    a = b;
    b = commit_of(rest[1]);
    row_b = exp::commit_row(repo, b);
  } else {
    auto info = git::commit_info(repo, b);
    if (info.parents.empty())
      fail(ErrorKind::usage, "{} has no baseline to compare with; give two names", rest[0]);
    a = info.parents[0];
  }
  auto row_a = exp::commit_row(repo, a);
  bool all = parsed.vars.count("all") > 0;
  auto params = pipeline::diff_tables(row_a.params, row_b.params, all);
  auto metrics = pipeline::diff_tables(row_a.metrics, row_b.metrics, all);
  if (parsed.vars.count("json")) {
    auto to_json = [](const std::vector<pipeline::DiffRow>& d) {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& r : d) {
        nlohmann::json e{{"old", r.old_value ? *r.old_value : nlohmann::json(nullptr)},
                         {"new", r.new_value ? *r.new_value : nlohmann::json(nullptr)}};
        if (r.change) e["diff"] = *r.change;
        j[r.file][r.key] = e;
      }
      return j;
    };
    print_json({{"a", a}, {"b", b}, {"params", to_json(params)}, {"metrics", to_json(metrics)}});
    return 0;
  }
  print_diff(params, "Param", false);
  if (!params.empty() && !metrics.empty()) std::cout << "\n";
  print_diff(metrics, "Metric", false);
  return 0;
}

}  // namespace dvx::cli
