#include "dvx/pipeline/repro.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "dvx/cache/object_store.hpp"
#include "dvx/core/attributes.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/pipeline/params.hpp"
#include "dvx/pipeline/workspace.hpp"
#include "dvx/util/error.hpp"
#include "pipeline/stage_io.hpp"

namespace dvx::pipeline {

namespace {

std::string join(const std::vector<std::string>& v, const char* sep = "; ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Applies `-S [file:]key=value` to the params files.
void apply_overrides(const fs::path& root, const std::vector<std::string>& sets) {
  for (const auto& s : sets) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      fail(ErrorKind::usage, "-S expects [file:]key=value, got '{}'", s);
    std::string lhs = s.substr(0, eq);
    std::string file(kDefaultParamsFile);
    if (auto colon = lhs.find(':'); colon != std::string::npos) {
      file = normalize_path("", lhs.substr(0, colon));
      lhs = lhs.substr(colon + 1);
      if (file.empty() || file == ".") fail(ErrorKind::usage, "-S: bad params file in '{}'", s);
    }
    set_param(root / file, file, lhs, parse_cli_value(s.substr(eq + 1)));
  }
}

// Outs become trackable: a filter=dvx pattern for every cached out of the
// stage (PATH, or PATH/** for a folder), unless a pattern already covers it.
// Called once the outs exist, so that folders are known to be folders.
std::vector<std::string> track_outs(const git::Repo& repo, const fs::path& root, const Stage& st) {
  std::vector<std::string> patterns;
  for (const auto& o : st.outs) {
    if (!o.cache) continue;
    std::error_code ec;
    bool dir = fs::is_directory(root / o.path, ec);
    std::string probe = dir ? o.path + "/x" : o.path;
    if (repo.attribute(probe, "filter") == std::optional<std::string>("dvx")) continue;
    patterns.push_back(dir ? o.path + "/**" : o.path);
  }
  if (patterns.empty()) return {};
  return core::track_patterns(root / ".gitattributes", patterns);
}

enum class State { pending, running, done, failed, skipped };

class Runner {
 public:
  Runner(const git::Repo& repo, Workspace& ws, const ReproOptions& opt, std::ostream& out,
         std::vector<std::size_t> selection)
      : repo_(repo),
        ws_(ws),
        opt_(opt),
        out_(out),
        selection_(std::move(selection)),
        stat_(stat_cache_path(repo)),
        hasher_(ws.root(), stat_),
        store_(git::cache_dir(repo)),
        runs_(git::state_dir(repo) / "runs") {
    state_.assign(ws.pipeline().stages.size(), State::done);
    for (std::size_t i : selection_) state_[i] = State::pending;
    for (std::size_t i : selection_) width_ = std::max(width_, ws.stage(i).name.size());
  }

  ReproSummary run() {
    unsigned jobs = std::max(1u, opt_.jobs);
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back([this] { work(); });
    work();
    for (auto& t : threads) t.join();
    stat_.flush();
    return summary_;
  }

  std::vector<std::string> failures() const { return failures_; }

 private:
  void say(const std::string& name, const std::string& what, const std::string& detail) {
    std::lock_guard lock(out_mutex_);
    out_ << fmt::format("{:<{}}  {:<9}{}\n", name, width_, what, detail.empty() ? "" : "  " + detail)
         << std::flush;
  }

  // Next stage whose selected upstream stages are all done; nullopt when none can start now.
  std::optional<std::size_t> pick(bool& finished) {
    finished = true;
    for (std::size_t i : selection_) {
      if (state_[i] == State::pending) {
        finished = false;
        bool ready = true;
        for (std::size_t u : ws_.dag().upstream[i])
          if (state_[u] != State::done) ready = false;
        if (ready) return i;
      } else if (state_[i] == State::running) {
        finished = false;
      }
    }
    return std::nullopt;
  }

  void work() {
    std::unique_lock lock(mutex_);
    while (true) {
      bool finished = false;
      auto next = pick(finished);
      if (finished) {
        cv_.notify_all();
        return;
      }
      if (!next) {
        cv_.wait(lock);
        continue;
      }
      std::size_t i = *next;
      state_[i] = State::running;
      lock.unlock();
      State result = State::done;
      try {
        result = run_stage(i);
      } catch (const Error& e) {
        say(ws_.stage(i).name, "failed", e.what());
        std::lock_guard g(mutex_);
        failures_.push_back(fmt::format("stage '{}': {}", ws_.stage(i).name, e.what()));
        result = State::failed;
      }
      lock.lock();
      state_[i] = result;
      if (result == State::failed) {
        ++summary_.failed;
        for (std::size_t d : ws_.dag().closure({i}, true))
          if (d != i && state_[d] == State::pending) {
            state_[d] = State::skipped;
            ++summary_.not_run;
            lock.unlock();
            say(ws_.stage(d).name, "not run", fmt::format("(upstream stage '{}' failed)", ws_.stage(i).name));
            lock.lock();
          }
      }
      cv_.notify_all();
    }
  }

  void track(const Stage& st) {
    std::vector<std::string> added;
    {
      std::lock_guard g(track_mutex_);
      added = track_outs(repo_, ws_.root(), st);
    }
    for (const auto& p : added)
      say(st.name, "tracking", fmt::format("'{}' (filter=dvx in .gitattributes)", p));
  }

  void count(int ReproSummary::*field) {
    std::lock_guard g(mutex_);
    ++(summary_.*field);
  }

  State run_stage(std::size_t i) {
    const Stage& st = ws_.stage(i);
    if (st.frozen) {
      say(st.name, "frozen", "");
      count(&ReproSummary::up_to_date);
      return State::done;
    }
    Evaluation ev = evaluate_stage(ws_, i, hasher_);
    if (ev.deps_missing) {
      std::vector<std::string> missing;
      for (const auto& d : st.deps)
        if (!fs::exists(ws_.root() / d.path)) missing.push_back(d.path);
      fail(ErrorKind::usage, "missing deps: {}", join(missing, ", "));
    }
    if (ev.reasons.empty() && !opt_.force) {
      say(st.name, "up to date", "");
      track(st);
      count(&ReproSummary::up_to_date);
      return State::done;
    }
    std::string why = ev.reasons.empty() ? "forced" : join(ev.reasons);
    bool cacheable = std::all_of(st.outs.begin(), st.outs.end(), [](const PathDecl& o) { return o.cache; });
    std::string key = detail::RunCache::key(st, ev.current);
    if (opt_.run_cache && cacheable && !st.always_changed && !opt_.force) {
      if (auto rec = runs_.lookup(key); rec && detail::can_restore(*rec, store_)) {
        detail::restore_outputs(ws_.root(), *rec, store_, hasher_);
        LockStage entry = ev.current;
        entry.outs = rec->outs;
        entry.metrics = rec->metrics;
        ws_.update_lock(st.name, std::move(entry));
        track(st);
        say(st.name, "restored", fmt::format("from run cache, not executed ({})", why));
        count(&ReproSummary::restored);
        return State::done;
      }
    }
    say(st.name, "running", fmt::format("({})", why));
    detail::prepare_outputs(ws_.root(), st);
    int rc = detail::run_stage_commands(ws_.root(), st);
    if (rc != 0) {
      say(st.name, "failed", fmt::format("exit code {}", rc));
      std::lock_guard g(mutex_);
      failures_.push_back(fmt::format("stage '{}' failed with exit code {}", st.name, rc));
      return State::failed;
    }
    LockStage entry = ev.current;
    detail::save_outputs(ws_.root(), st, store_, hasher_, entry);
    ws_.update_lock(st.name, entry);
    if (cacheable) runs_.store(key, entry);
    track(st);
    stat_.flush();
    say(st.name, "done", "");
    count(&ReproSummary::ran);
    return State::done;
  }

  const git::Repo& repo_;
  Workspace& ws_;
  const ReproOptions& opt_;
  std::ostream& out_;
  std::vector<std::size_t> selection_;
  StatCache stat_;
  Hasher hasher_;
  cache::ObjectStore store_;
  detail::RunCache runs_;
  std::vector<State> state_;
  std::size_t width_ = 0;
  std::mutex mutex_;
  std::mutex out_mutex_;
  std::mutex track_mutex_;
  std::condition_variable cv_;
  ReproSummary summary_;
  std::vector<std::string> failures_;
};

std::vector<std::size_t> select_stages(const Workspace& ws, const ReproOptions& opt) {
  const Dag& dag = ws.dag();
  if (opt.targets.empty()) return dag.order;
  std::vector<std::size_t> roots;
  for (const auto& t : opt.targets) {
    auto i = dag.index_of(t);
    if (!i) fail(ErrorKind::usage, "no stage '{}' in {}", t, kPipelineFile);
    roots.push_back(*i);
  }
  return dag.closure(roots, opt.downstream);
}

void dry_run(Workspace& ws, const git::Repo& repo, const ReproOptions& opt,
             const std::vector<std::size_t>& sel, std::ostream& out) {
  StatCache stat(stat_cache_path(repo));
  Hasher hasher(ws.root(), stat);
  std::vector<bool> will_run(ws.pipeline().stages.size(), false);
  std::size_t width = 0;
  for (std::size_t i : sel) width = std::max(width, ws.stage(i).name.size());
  int n = 0;
  for (std::size_t i : sel) {
    const Stage& st = ws.stage(i);
    if (st.frozen) {
      out << fmt::format("{:<{}}  frozen\n", st.name, width);
      continue;
    }
    auto reasons = evaluate_stage(ws, i, hasher).reasons;
    for (std::size_t u : ws.dag().upstream[i])
      if (will_run[u]) reasons.push_back(fmt::format("upstream stage '{}' would run", ws.stage(u).name));
    if (reasons.empty() && opt.force) reasons.push_back("forced");
    if (reasons.empty()) {
      out << fmt::format("{:<{}}  up to date\n", st.name, width);
      continue;
    }
    will_run[i] = true;
    ++n;
    out << fmt::format("{:<{}}  would run  ({})\n", st.name, width, join(reasons));
  }
  stat.flush();
  out << fmt::format("{} stage{} would run (dry run: nothing was executed)\n", n, n == 1 ? "" : "s");
}

}  // namespace

ReproSummary repro(const git::Repo& repo, const ReproOptions& opt, std::ostream& out) {
  fs::path root = repo.workdir();
  if (!opt.set_params.empty() && !opt.dry_run) apply_overrides(root, opt.set_params);
  Workspace ws(root);
  auto selection = select_stages(ws, opt);
  // Everything that can be checked before running: deps that nothing
  // produces, and every param of the selected stages.
  check_deps_exist(ws.dag(), root, selection);
  for (std::size_t i : selection) ws.params_of(i);
  if (opt.dry_run) {
    dry_run(ws, repo, opt, selection, out);
    return {};
  }
  Runner runner(repo, ws, opt, out, selection);
  ReproSummary s = runner.run();
  out << fmt::format("{} stage{} ran, {} restored from run cache, {} up to date", s.ran,
                     s.ran == 1 ? "" : "s", s.restored, s.up_to_date);
  if (s.failed) out << fmt::format(", {} failed, {} not run", s.failed, s.not_run);
  out << "\n" << std::flush;
  auto failures = runner.failures();
  if (!failures.empty()) {
    std::string msg = failures.front();
    if (s.not_run)
      msg += fmt::format(" ({} downstream stage{} not run)", s.not_run, s.not_run == 1 ? "" : "s");
    fail(ErrorKind::permanent, "{}", msg);
  }
  return s;
}

}  // namespace dvx::pipeline
