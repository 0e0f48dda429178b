#include "dvx/exp/share.hpp"

#include <fmt/format.h>

#include <map>

#include "dvx/cache/object_store.hpp"
#include "dvx/exp/run.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/git/history.hpp"
#include "dvx/git/refs.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/strings.hpp"

namespace dvx::exp {

namespace {

std::map<std::string, std::pair<std::string, std::uint32_t>> tree_map(const git::Repo& repo,
                                                                      const std::string& commit) {
  std::map<std::string, std::pair<std::string, std::uint32_t>> out;
  for (auto& e : repo.list_tree(commit)) out[e.path] = {e.blob_id, e.mode};
  return out;
}

}  // namespace

ApplyResult apply_experiment(const git::Repo& repo, const Experiment& e, bool force) {
  auto info = git::commit_info(repo, e.commit);
  if (info.parents.empty())
    fail(ErrorKind::corrupt, "experiment '{}' ({}) has no baseline commit", e.name, e.commit);
  auto base = tree_map(repo, info.parents[0]);
  auto result = tree_map(repo, e.commit);
  ApplyResult out;
  for (const auto& [path, entry] : result) {
    auto it = base.find(path);
    if (it == base.end() || it->second != entry) out.written.push_back(path);
  }
  for (const auto& [path, _] : base)
    if (!result.count(path)) out.removed.push_back(path);
  fs::path root = repo.workdir();
  if (!force) {
    std::vector<std::string> all = out.written;
    all.insert(all.end(), out.removed.begin(), out.removed.end());
    auto modified = git::modified_paths(root, all);
    if (!modified.empty())
      fail(ErrorKind::usage,
           "exp apply {} would overwrite local changes to {}; commit them, or use --force to overwrite",
           e.name, util::join(modified, ", "));
  }
  git::restore_worktree(root, e.commit, out.written);
  for (const auto& p : out.removed) {
    std::error_code ec;
    fs::remove(root / p, ec);
  }
  return out;
}

void branch_experiment(const git::Repo& repo, const Experiment& e, const std::string& branch) {
  std::string ref = "refs/heads/" + branch;
  if (git::ref_commit(repo, ref)) fail(ErrorKind::usage, "a branch named '{}' exists already", branch);
  git::set_ref(repo, ref, e.commit, fmt::format("dvx exp branch {} {}", e.name, branch));
}

bool remove_experiment(const git::Repo& repo, const std::string& name) {
  check_name(name);
  bool any = git::delete_ref(repo, std::string(kExpsRefs) + name);
  any = git::delete_ref(repo, std::string(kFailedRefs) + name) || any;
  any = unqueue(repo, name) || any;
  return any;
}

PushResult push_experiments(const git::Repo& repo, const std::string& remote,
                            const std::vector<std::string>& names) {
  std::vector<Experiment> exps;
  if (names.empty()) {
    exps = list_experiments(repo);
    if (exps.empty()) fail(ErrorKind::usage, "no experiments to push");
  } else {
    for (const auto& n : names) exps.push_back(require_experiment(repo, n));
  }
  PushResult result;
  std::vector<std::string> commits, refspecs;
  for (const auto& e : exps) {
    commits.push_back(e.commit);
    refspecs.push_back(fmt::format("+{}:{}", e.ref, e.ref));
    result.refs.push_back(e.ref);
  }
  auto items = transfer::pointers_in_revs(repo, commits);
  if (!items.empty()) {
    auto config = transfer::find_remote(repo, "");
    if (!config)
      fail(ErrorKind::usage, "the experiments reference data, and there is no store to push it to: {}",
           transfer::no_remote_hint());
    auto opened = transfer::open_transfer_remote(*config);
    cache::ObjectStore store(git::cache_dir(repo));
    auto r =
        transfer::upload_missing(*opened.remote, store, items, {opened.jobs, transfer::progress_enabled()});
    result.uploaded = r.transferred;
    result.uploaded_bytes = r.bytes;
    result.present = r.present;
    result.store = opened.config.name;
  }
  git::push_refspecs(repo.workdir(), remote, refspecs);
  return result;
}

std::vector<Experiment> pull_experiments(const git::Repo& repo, const std::string& remote) {
  git::fetch_refspecs(
      repo.workdir(), remote,
      {fmt::format("+{}*:{}*", kExpsRefs, kExpsRefs), fmt::format("+{}*:{}*", kFailedRefs, kFailedRefs)});
  return list_experiments(repo);
}

}  // namespace dvx::exp
