#include "dvx/pipeline/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "dvx/cache/object_store.hpp"
#include "dvx/core/pointer.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/pipeline/params.hpp"
#include "dvx/pipeline/pipeline_file.hpp"
#include "dvx/util/decimal.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::pipeline {

namespace {

// Content of `path` at `rev` (worktree when empty); pointers are resolved
// through the local cache when the file is tracked by filter=dvx.
std::optional<std::string> read_at(const git::Repo& repo, const std::string& rev, const std::string& path) {
  if (rev.empty()) return util::read_file_if_exists(repo.workdir() / path);
  auto blob = repo.read_blob(rev, path);
  if (!blob) return std::nullopt;
  if (auto ptr = core::parse_pointer(*blob); ptr && ptr->size > 0) {
    cache::ObjectStore store(git::cache_dir(repo));
    if (!store.contains(ptr->oid))
      fail(ErrorKind::not_found, "{} at {} is a pointer to {} which is not in the local cache", path, rev,
           ptr->oid);
    std::string out;
    store.read(*ptr, [&](const char* d, std::size_t n) { out.append(d, n); });
    return out;
  }
  return blob;
}

std::optional<PipelineFile> pipeline_at(const git::Repo& repo, const std::string& rev) {
  auto text = read_at(repo, rev, std::string(kPipelineFile));
  if (!text) return std::nullopt;
  std::string name = rev.empty() ? std::string(kPipelineFile) : fmt::format("{}:{}", rev, kPipelineFile);
  return parse_pipeline(*text, name, [&](const std::string& p) { return read_at(repo, rev, p); });
}

}  // namespace

Snapshot params_at(const git::Repo& repo, const std::string& rev) {
  auto pf = pipeline_at(repo, rev);
  if (!pf) return {};
  return params_from(*pf, [&](const std::string& path) { return read_at(repo, rev, path); });
}

Snapshot metrics_at(const git::Repo& repo, const std::string& rev) {
  auto pf = pipeline_at(repo, rev);
  if (!pf) return {};
  return metrics_from(*pf, [&](const std::string& path) { return read_at(repo, rev, path); });
}

Snapshot params_from(const PipelineFile& pf, const FileReader& read) {
  Snapshot snap;
  std::map<std::string, std::set<std::string>> wanted;  // file -> keys (empty set + flag = all)
  std::set<std::string> whole_files;
  for (const auto& st : pf.stages)
    for (const auto& decl : st.params) {
      if (decl.keys.empty()) whole_files.insert(decl.file);
      wanted[decl.file].insert(decl.keys.begin(), decl.keys.end());
    }
  for (const auto& [file, keys] : wanted) {
    try {
      auto text = read(file);
      if (!text) {
        snap.errors[file] = "does not exist";
        continue;
      }
      auto tree = parse_params(*text, file);
      auto& dest = snap.values[file];
      if (whole_files.count(file))
        for (auto& [k, v] : flatten_params(tree)) dest[k] = v;
      for (const auto& k : keys)
        if (auto v = lookup_param(tree, k)) dest[k] = *v;
    } catch (const Error& e) {
      snap.errors[file] = e.what();
    }
  }
  return snap;
}

Snapshot metrics_from(const PipelineFile& pf, const FileReader& read) {
  Snapshot snap;
  for (const auto& st : pf.stages)
    for (const auto& m : st.metrics) {
      try {
        auto text = read(m.path);
        if (!text) {
          snap.errors[m.path] = "does not exist";
          continue;
        }
        // Metrics files are JSON, TOML or YAML, by extension (TOML otherwise).
        auto tree = parse_params(*text, m.path);
        snap.values[m.path] = flatten_params(tree);
      } catch (const Error& e) {
        snap.errors[m.path] = e.what();
      }
    }
  return snap;
}

std::vector<DiffRow> diff_tables(const ValueTable& a, const ValueTable& b, bool all) {
  std::vector<DiffRow> rows;
  std::set<std::string> files;
  for (const auto& [f, _] : a) files.insert(f);
  for (const auto& [f, _] : b) files.insert(f);
  for (const auto& f : files) {
    std::set<std::string> keys;
    auto ia = a.find(f);
    auto ib = b.find(f);
    if (ia != a.end())
      for (const auto& [k, _] : ia->second) keys.insert(k);
    if (ib != b.end())
      for (const auto& [k, _] : ib->second) keys.insert(k);
    for (const auto& k : keys) {
      DiffRow row{f, k, {}, {}, {}};
      if (ia != a.end() && ia->second.count(k)) row.old_value = ia->second.at(k);
      if (ib != b.end() && ib->second.count(k)) row.new_value = ib->second.at(k);
      if (!all && row.old_value == row.new_value) continue;
      if (row.old_value && row.new_value && row.old_value->is_number() && row.new_value->is_number() &&
          !row.old_value->is_boolean()) {
        const double before = row.old_value->get<double>(), after = row.new_value->get<double>();
        row.change = util::decimal_round(after - before, std::max(std::fabs(before), std::fabs(after)));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string value_text(const std::optional<nlohmann::json>& v) {
  if (!v) return "-";
  if (v->is_string()) return v->get<std::string>();
  return v->dump();
}

}  // namespace dvx::pipeline
