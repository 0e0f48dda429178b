#include "dvx/exp/rows.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <unordered_map>

#include "dvx/exp/experiments.hpp"
#include "dvx/git/history.hpp"
#include "dvx/git/refs.hpp"
#include "dvx/pipeline/lock.hpp"
#include "dvx/pipeline/pipeline_file.hpp"
#include "dvx/util/decimal.hpp"
#include "dvx/util/error.hpp"

namespace dvx::exp {

namespace {

// Reads rows' files from the object database; dvx.toml is parsed once per
// distinct blob (experiments of one baseline share it).
class RowReader {
 public:
  explicit RowReader(const git::Repo& repo) : repo_(repo) {}

  void fill(Row& row) {
    auto read = [&](const std::string& path) -> std::optional<std::string> {
      auto id = git::blob_id_at(repo_, row.commit, path);
      if (!id) return std::nullopt;
      return repo_.read_blob_id(*id);
    };
    auto pipeline_blob = git::blob_id_at(repo_, row.commit, std::string(pipeline::kPipelineFile));
    if (!pipeline_blob) return;  // no pipeline at this commit: no params, no metrics
    auto& pf = pipelines_[*pipeline_blob];
    if (!pf) {
      try {
        pf = std::make_shared<pipeline::PipelineFile>(
            pipeline::parse_pipeline(repo_.read_blob_id(*pipeline_blob),
                                     fmt::format("{}:{}", row.commit.substr(0, 7), pipeline::kPipelineFile)));
      } catch (const Error& e) {
        row.errors[std::string(pipeline::kPipelineFile)] = e.what();
        return;
      }
    }
    auto params = pipeline::params_from(*pf, read);
    auto metrics = pipeline::metrics_from(*pf, read);
    row.params = std::move(params.values);
    row.metrics = std::move(metrics.values);
    row.errors.merge(params.errors);
    row.errors.merge(metrics.errors);
    if (auto lock_text = read(std::string(pipeline::kLockFile))) {
      try {
        auto lock = pipeline::parse_lock(*lock_text,
                                         fmt::format("{}:{}", row.commit.substr(0, 7), pipeline::kLockFile));
        for (const auto& [name, st] : lock.stages) {
          for (const auto& d : st.deps) row.deps[d.path] = d.oid;
          for (const auto* list : {&st.outs, &st.metrics})
            for (const auto& o : *list) row.outs[o.path] = o.oid;
        }
      } catch (const Error& e) {
        row.errors[std::string(pipeline::kLockFile)] = e.what();
      }
    }
  }

 private:
  const git::Repo& repo_;
  std::unordered_map<std::string, std::shared_ptr<pipeline::PipelineFile>> pipelines_;
};

void add_deltas(Row& exp, const Row& base) {
  for (const auto& [file, keys] : exp.metrics) {
    auto bf = base.metrics.find(file);
    if (bf == base.metrics.end()) continue;
    for (const auto& [key, v] : keys) {
      auto bv = bf->second.find(key);
      if (bv == bf->second.end()) continue;
      if (!v.is_number() || !bv->second.is_number() || v.is_boolean() || bv->second.is_boolean()) continue;
      double a = v.get<double>(), b = bv->second.get<double>();
      exp.deltas[file][key] = util::decimal_round(a - b, std::max(std::fabs(a), std::fabs(b)));
    }
  }
}

Row make_commit_row(const git::Repo& repo, RowReader& reader, const std::string& commit, std::string kind,
                    std::string name) {
  Row row;
  row.kind = std::move(kind);
  row.name = name.empty() ? commit.substr(0, 7) : std::move(name);
  row.commit = commit;
  row.time = git::commit_info(repo, commit).author_time;
  reader.fill(row);
  return row;
}

bool glob_match(const std::vector<std::string>& globs, const Column& c) {
  std::string full = c.file + ":" + c.key;
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
    return fnmatch(g.c_str(), c.label.c_str(), 0) == 0 || fnmatch(g.c_str(), full.c_str(), 0) == 0;
  });
}

}  // namespace

Row commit_row(const git::Repo& repo, const std::string& commit) {
  RowReader reader(repo);
  return make_commit_row(repo, reader, commit, "baseline", "");
}

std::vector<Row> collect_rows(const git::Repo& repo, const RowOptions& opt) {
  RowReader reader(repo);
  std::vector<Row> commits;
  std::set<std::string> seen;
  auto add = [&](const std::string& commit, const char* kind, const std::string& name) {
    if (!seen.insert(commit).second) return;
    commits.push_back(make_commit_row(repo, reader, commit, kind, name));
  };
  if (repo.has_head()) {
    auto head = repo.resolve_commit("HEAD");
    auto walk = git::walk_commits(repo, "HEAD", git::MergeMode::first_parent);
    for (int i = 0; i < opt.commits && i < static_cast<int>(walk.size()); ++i)
      add(walk[i], "baseline", i == 0 ? git::head_branch(repo).value_or("") : "");
  }
  if (opt.all_branches)
    for (const auto& r : git::list_refs(repo, "refs/heads/*")) add(r.commit, "branch", r.name.substr(11));
  if (opt.all_tags)
    for (const auto& r : git::list_refs(repo, "refs/tags/*")) add(r.commit, "tag", r.name.substr(10));

  std::map<std::string, std::vector<Row>> exps_by_baseline;
  for (const auto& e : list_experiments(repo)) {
    auto info = git::commit_info(repo, e.commit);
    if (info.parents.empty() || !seen.count(info.parents[0])) continue;
    Row row;
    row.kind = "experiment";
    row.name = e.name;
    row.commit = e.commit;
    row.baseline = info.parents[0];
    row.status = e.failed ? "failed" : "succeeded";
    row.time = info.author_time;
    reader.fill(row);
    exps_by_baseline[info.parents[0]].push_back(std::move(row));
  }
  std::vector<Row> rows;
  for (auto& c : commits) {
    auto it = exps_by_baseline.find(c.commit);
    if (it != exps_by_baseline.end())
      for (auto& e : it->second) add_deltas(e, c);
    if (!opt.exps_only) rows.push_back(std::move(c));
    if (it != exps_by_baseline.end())
      for (auto& e : it->second) rows.push_back(std::move(e));
  }
  return rows;
}

std::vector<Column> select_columns(const std::vector<Row>& rows, const std::vector<std::string>& param_globs,
                                   const std::vector<std::string>& metric_globs) {
  std::vector<Column> all;
  for (bool metric : {false, true}) {
    std::set<std::pair<std::string, std::string>> keys;  // (key, file)
    for (const auto& r : rows)
      for (const auto& [file, values] : metric ? r.metrics : r.params)
        for (const auto& [k, _] : values) keys.insert({k, file});
    std::map<std::string, int> files_per_key;
    for (const auto& [k, f] : keys) ++files_per_key[k];
    std::vector<Column> cols;
    for (const auto& [k, f] : keys) cols.push_back({metric, f, k, files_per_key[k] > 1 ? f + ":" + k : k});
    std::sort(cols.begin(), cols.end(), [](const Column& a, const Column& b) { return a.label < b.label; });
    const auto& globs = metric ? metric_globs : param_globs;
    for (auto& c : cols) {
      bool keep = false;
      if (!globs.empty()) {
        keep = glob_match(globs, c);
      } else if (rows.size() <= 1) {
        keep = true;
      } else {
        auto first = cell(rows.front(), c);
        keep = std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return cell(r, c) != first; });
      }
      if (keep) all.push_back(std::move(c));
    }
  }
  return all;
}

std::optional<nlohmann::json> cell(const Row& row, const Column& c) {
  const auto& table = c.metric ? row.metrics : row.params;
  auto f = table.find(c.file);
  if (f == table.end()) return std::nullopt;
  auto k = f->second.find(c.key);
  if (k == f->second.end()) return std::nullopt;
  return k->second;
}

void sort_experiments(std::vector<Row>& rows, const std::vector<Column>& columns, const std::string& by,
                      bool descending) {
  auto col = std::find_if(columns.begin(), columns.end(), [&](const Column& c) {
    return c.label == by || c.file + ":" + c.key == by || c.key == by;
  });
  if (col == columns.end()) fail(ErrorKind::usage, "--sort-by {}: no param or metric of that name", by);
  // Rank: numbers (by value), then text (by text), then absent.
  auto less = [&](const Row& a, const Row& b) {
    auto va = cell(a, *col), vb = cell(b, *col);
    auto rank = [](const std::optional<nlohmann::json>& v) { return !v ? 2 : (v->is_number() ? 0 : 1); };
    int ra = rank(va), rb = rank(vb);
    if (ra != rb) return ra < rb;
    if (ra == 2) return false;
    bool lt = ra == 0 ? va->get<double>() < vb->get<double>() : va->dump() < vb->dump();
    bool gt = ra == 0 ? va->get<double>() > vb->get<double>() : va->dump() > vb->dump();
    return descending ? gt : lt;
  };
  // Each run of experiments (those after one commit row) is sorted on its own.
  auto begin = rows.begin();
  while (begin != rows.end()) {
    begin = std::find_if(begin, rows.end(), [](const Row& r) { return r.kind == "experiment"; });
    auto end = std::find_if(begin, rows.end(), [](const Row& r) { return r.kind != "experiment"; });
    std::stable_sort(begin, end, less);
    begin = end;
  }
}

}  // namespace dvx::exp
