#include "dvx/pipeline/workspace.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dvx/git/dvx_paths.hpp"
#include "dvx/pipeline/params.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/strings.hpp"
#include "pipeline/pointer_deps.hpp"

namespace dvx::pipeline {

namespace {

PipelineFile read_pipeline(const fs::path& root, const ReadRepoFile& read) {
  auto text = util::read_file_if_exists(root / kPipelineFile);
  if (!text)
    fail(ErrorKind::usage, "no {} in {}: describe the pipeline's stages there first", kPipelineFile,
         root.string());
  return parse_pipeline(*text, std::string(kPipelineFile), read);
}

LockFile read_lock(const fs::path& root) {
  auto text = util::read_file_if_exists(root / kLockFile);
  if (!text) return {};
  return parse_lock(*text, std::string(kLockFile));
}

const LockEntry* find_entry(const std::vector<LockEntry>& v, const std::string& path) {
  for (const auto& e : v)
    if (e.path == path) return &e;
  return nullptr;
}

}  // namespace

Workspace::Workspace(fs::path root, std::map<std::string, std::string> overlay)
    : root_(std::move(root)),
      overlay_(std::move(overlay)),
      pipeline_(read_pipeline(root_, [this](const std::string& p) { return read_file(p); })),
      dag_(build_dag(pipeline_)),
      lock_(read_lock(root_)) {}

std::optional<std::string> Workspace::read_file(const std::string& path) const {
  if (auto it = overlay_.find(path); it != overlay_.end()) return it->second;
  return util::read_file_if_exists(root_ / path);
}

std::optional<LockStage> Workspace::locked(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto it = lock_.stages.find(name);
  if (it == lock_.stages.end()) return std::nullopt;
  return it->second;
}

void Workspace::reload_params() {
  std::lock_guard lock(mutex_);
  params_files_.clear();
}

ParamValues Workspace::params_of(std::size_t i) {
  const Stage& st = pipeline_.stages[i];
  ParamValues out;
  for (const auto& decl : st.params) {
    const nlohmann::json* tree = nullptr;
    {
      std::lock_guard lock(mutex_);
      auto it = params_files_.find(decl.file);
      if (it == params_files_.end()) {
        auto text = read_file(decl.file);
        if (!text)
          fail(ErrorKind::usage, "{}:{}: stage '{}': params file '{}' does not exist", pipeline_.filename,
               decl.line, st.name, decl.file);
        it = params_files_.emplace(decl.file, parse_params(*text, decl.file)).first;
      }
      tree = &it->second;
    }
    auto& dest = out[decl.file];
    if (decl.keys.empty()) {
      for (auto& [k, v] : flatten_params(*tree)) dest[k] = v;
      continue;
    }
    for (const auto& key : decl.keys) {
      auto v = lookup_param(*tree, key);
      if (!v)
        fail(ErrorKind::usage, "{}:{}: stage '{}': param '{}' not found in {}", pipeline_.filename, decl.line,
             st.name, key, decl.file);
      dest[key] = *v;
    }
  }
  return out;
}

void Workspace::update_lock(const std::string& name, LockStage entry) {
  std::lock_guard lock(mutex_);
  lock_.stages[name] = std::move(entry);
  for (auto it = lock_.stages.begin(); it != lock_.stages.end();) {
    if (!pipeline_.find(it->first))
      it = lock_.stages.erase(it);
    else
      ++it;
  }
  util::write_file_atomic(root_ / kLockFile, format_lock(lock_));
}

Evaluation evaluate_stage(Workspace& ws, std::size_t i, Hasher& hasher) {
  const Stage& st = ws.stage(i);
  auto locked = ws.locked(st.name);
  const LockStage* old = locked ? &*locked : nullptr;
  Evaluation ev;
  ev.current.cmd = st.cmd;
  ev.current.wdir = st.wdir;
  ev.current.params = ws.params_of(i);
  std::vector<std::string> deps_changed, deps_missing, params_changed, outs_missing, outs_modified;
  for (const auto& d : st.deps) {
    auto e = hasher.hash(d.path, &ev.pointer_deps);
    if (!e) {
      ev.deps_missing = true;
      deps_missing.push_back(d.path);
      continue;
    }
    const LockEntry* prev = old ? find_entry(old->deps, d.path) : nullptr;
    if (old && (!prev || prev->oid != e->oid)) deps_changed.push_back(d.path);
    ev.current.deps.push_back(std::move(*e));
  }
  if (old)
    for (const auto& prev : old->deps)
      if (std::none_of(st.deps.begin(), st.deps.end(),
                       [&](const PathDecl& d) { return d.path == prev.path; }))
        deps_changed.push_back(prev.path + " (removed)");
  if (old) {
    for (const auto& [file, keys] : ev.current.params) {
      auto of = old->params.find(file);
      for (const auto& [k, v] : keys) {
        if (of == old->params.end() || !of->second.count(k) || of->second.at(k) != v)
          params_changed.push_back(k);
      }
    }
    for (const auto& [file, keys] : old->params)
      for (const auto& [k, v] : keys)
        if (!ev.current.params.count(file) || !ev.current.params.at(file).count(k))
          params_changed.push_back(k + " (removed)");
  }
  auto check_outputs = [&](const std::vector<PathDecl>& decls, const std::vector<LockEntry>* locked) {
    for (const auto& o : decls) {
      auto e = hasher.hash(o.path, &ev.pointer_outs);
      if (!e) {
        outs_missing.push_back(o.path);
        continue;
      }
      const LockEntry* prev = locked ? find_entry(*locked, o.path) : nullptr;
      if (old && (!prev || prev->oid != e->oid)) outs_modified.push_back(o.path);
    }
  };
  check_outputs(st.outs, old ? &old->outs : nullptr);
  check_outputs(st.metrics, old ? &old->metrics : nullptr);
  if (!old) {
    ev.reasons.push_back("new stage");
  } else if (old->cmd != st.cmd || old->wdir != st.wdir) {
    ev.reasons.push_back("command changed");
  }
  if (!deps_missing.empty()) ev.reasons.push_back("deps missing: " + util::join(deps_missing, ", "));
  if (!deps_changed.empty()) ev.reasons.push_back("deps changed: " + util::join(deps_changed, ", "));
  if (!params_changed.empty()) ev.reasons.push_back("params changed: " + util::join(params_changed, ", "));
  if (old && !outs_missing.empty()) ev.reasons.push_back("outs missing: " + util::join(outs_missing, ", "));
  if (!outs_modified.empty()) ev.reasons.push_back("outs modified: " + util::join(outs_modified, ", "));
  if (st.always_changed) ev.reasons.push_back("always changed");
  return ev;
}

std::vector<StageStatus> stale_stages(Workspace& ws, StatCache& cache, const PointerFiles* pointers) {
  Hasher hasher(ws.root(), cache);
  hasher.set_pointer_files(pointers);
  const Dag& dag = ws.dag();
  std::vector<bool> stale(ws.pipeline().stages.size(), false);
  std::vector<StageStatus> out;
  for (std::size_t i : dag.order) {
    const Stage& st = ws.stage(i);
    if (st.frozen) continue;
    StageStatus s{st.name, evaluate_stage(ws, i, hasher).reasons};
    for (std::size_t j : dag.order)
      if (dag.upstream[i].count(j) && stale[j])
        s.reasons.push_back(fmt::format("upstream stage '{}' is stale", ws.stage(j).name));
    if (!s.reasons.empty()) {
      stale[i] = true;
      out.push_back(std::move(s));
    }
  }
  cache.flush();
  return out;
}

fs::path stat_cache_path(const git::Repo& repo) {
  return git::worktree_state_dir(repo) / "stat.db";
}

std::vector<StageStatus> stale_stages(const git::Repo& repo) {
  fs::path root = repo.workdir();
  std::error_code ec;
  if (!fs::exists(root / kPipelineFile, ec)) return {};
  Workspace ws(root);
  StatCache cache(stat_cache_path(repo));
  auto pointers = detail::by_path(detail::pipeline_pointer_files(repo, ws));
  return stale_stages(ws, cache, &pointers);
}

}  // namespace dvx::pipeline
