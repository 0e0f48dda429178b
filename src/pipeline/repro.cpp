#include "dvx/pipeline/repro.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "dvx/cache/object_store.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/pipeline/metrics.hpp"
#include "dvx/pipeline/params.hpp"
#include "dvx/pipeline/workspace.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/pid_lock.hpp"
#include "dvx/util/strings.hpp"
#include "pipeline/out_tracking.hpp"
#include "pipeline/pointer_deps.hpp"
#include "pipeline/stage_io.hpp"

namespace dvx::pipeline {

namespace {

// The edits `-S [file:]key=value` make: every one checked (the file and the
// key exist, the edit reads back) before any file is written. The default
// file is params.yaml when it exists (as in DVC), else params.toml.
struct Overrides {
  std::map<std::string, std::string> texts;  // file -> its text with the edits
  std::vector<std::string> changes;          // "params.yaml  train.epochs  20 -> 30"
  std::vector<std::string> notes;
};

Overrides plan_overrides(const fs::path& root, const std::vector<std::string>& sets) {
  Overrides o;
  auto read = [&](const std::string& p) { return util::read_file_if_exists(root / p); };
  for (const auto& s : sets) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      fail(ErrorKind::usage, "-S expects [file:]key=value, got '{}'", s);
    std::string lhs = s.substr(0, eq);
    std::string file;
    if (auto colon = lhs.find(':'); colon != std::string::npos) {
      file = normalize_path("", lhs.substr(0, colon));
      lhs = lhs.substr(colon + 1);
      if (file.empty() || file == ".") fail(ErrorKind::usage, "-S: bad params file in '{}'", s);
    } else {
      file = default_params_file(read);
    }
    if (lhs.empty() || lhs.front() == '.' || lhs.back() == '.' || lhs.find("..") != std::string::npos)
      fail(ErrorKind::usage, "-S: bad key '{}' in '{}'", lhs, s);
    auto it = o.texts.find(file);
    if (it == o.texts.end()) {
      auto text = read(file);
      if (!text) fail(ErrorKind::usage, "-S {}: params file '{}' does not exist", s, file);
      it = o.texts.emplace(file, *text).first;
    }
    auto value = parse_cli_value(s.substr(eq + 1));
    auto edit = edit_param(it->second, file, lhs, value);
    it->second = std::move(edit.text);
    o.changes.push_back(
        fmt::format("{}  {}  {} -> {}", file, lhs, value_text(edit.old_value), value_text(value)));
    if (!edit.note.empty()) o.notes.push_back(edit.note);
  }
  return o;
}

enum class State { pending, running, done, failed, skipped };

class Runner {
 public:
  Runner(const git::Repo& repo, Workspace& ws, const ReproOptions& opt, std::ostream& out,
         std::vector<std::size_t> selection, const PointerFiles& pointers, ReproSummary& summary)
      : ws_(ws),
        opt_(opt),
        out_(out),
        selection_(std::move(selection)),
        stat_(stat_cache_path(repo)),
        hasher_(ws.root(), stat_),
        store_(git::cache_dir(repo)),
        runs_(git::state_dir(repo) / "runs"),
        tracking_(repo, ws.root()),
        summary_(summary) {
    if (repo.has_head()) head_ = repo.resolve_commit("HEAD");
    hasher_.set_pointer_files(&pointers);
    state_.assign(ws.pipeline().stages.size(), State::done);
    for (std::size_t i : selection_) state_[i] = State::pending;
    for (std::size_t i : selection_) width_ = std::max(width_, ws.stage(i).name.size());
  }

  void run() {
    unsigned jobs = std::max(1u, opt_.jobs);
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back([this] { work(); });
    work();
    for (auto& t : threads) t.join();
    stat_.flush();
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
        outcome(ws_.stage(i).name, "failed", e.what());
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
            summary_.stages.push_back(
                {ws_.stage(d).name, "not_run", fmt::format("upstream stage '{}' failed", ws_.stage(i).name)});
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
      added = tracking_.track(st);
    }
    for (const auto& p : added)
      say(st.name, "tracking", fmt::format("'{}' (filter=dvx in .gitattributes)", p));
  }

  void count(int ReproSummary::*field) {
    std::lock_guard g(mutex_);
    ++(summary_.*field);
  }

  void outcome(const std::string& name, const char* what, const std::string& detail) {
    std::lock_guard g(mutex_);
    summary_.stages.push_back({name, what, detail});
  }

  State run_stage(std::size_t i) {
    const Stage& st = ws_.stage(i);
    if (st.frozen) {
      say(st.name, "frozen", "");
      outcome(st.name, "frozen", "");
      count(&ReproSummary::up_to_date);
      return State::done;
    }
    Evaluation ev = evaluate_stage(ws_, i, hasher_);
    if (ev.deps_missing) {
      std::vector<std::string> missing;
      for (const auto& d : st.deps)
        if (!fs::exists(ws_.root() / d.path)) missing.push_back(d.path);
      fail(ErrorKind::usage, "missing deps: {}", util::join(missing, ", "));
    }
    if (ev.reasons.empty() && !opt_.force) {
      say(st.name, "up to date", "");
      track(st);
      outcome(st.name, "up_to_date", "");
      count(&ReproSummary::up_to_date);
      return State::done;
    }
    std::string why = ev.reasons.empty() ? "forced" : util::join(ev.reasons, "; ");
    bool cacheable = std::all_of(st.outs.begin(), st.outs.end(), [](const PathDecl& o) { return o.cache; });
    std::string key = detail::RunCache::key(st, ev.current);
    if (opt_.run_cache && cacheable && !st.always_changed && !opt_.force) {
      if (auto rec = runs_.lookup(key); rec && detail::can_restore(*rec, store_)) {
        detail::restore_outputs(ws_.root(), *rec, store_, hasher_);
        if (!outs_pass_checks(st, why)) return State::failed;
        LockStage entry = ev.current;
        entry.outs = rec->outs;
        entry.metrics = rec->metrics;
        ws_.update_lock(st.name, std::move(entry));
        track(st);
        say(st.name, "restored", fmt::format("from run cache, not executed ({})", why));
        outcome(st.name, "restored", why);
        count(&ReproSummary::restored);
        return State::done;
      }
    }
    // Never on pointer text: the deps a stage reads were fetched before
    // anything ran; one still a pointer here stops the stage, outs untouched.
    if (!ev.pointer_deps.empty())
      fail(ErrorKind::not_found, "not run: dep files still hold pointer text instead of their data: {}",
           util::join(ev.pointer_deps, ", "));
    say(st.name, "running", fmt::format("({})", why));
    detail::prepare_outputs(ws_.root(), st);
    int rc = detail::run_stage_commands(ws_.root(), st, detail::stage_env(ws_.root(), head_, st, ev.current));
    if (rc != 0) {
      say(st.name, "failed", fmt::format("exit code {}", rc));
      outcome(st.name, "failed", fmt::format("exit code {} ({})", rc, why));
      std::lock_guard g(mutex_);
      failures_.push_back(fmt::format("stage '{}' failed with exit code {}", st.name, rc));
      return State::failed;
    }
    if (!outs_pass_checks(st, why)) return State::failed;
    LockStage entry = ev.current;
    detail::save_outputs(ws_.root(), st, store_, hasher_, entry);
    ws_.update_lock(st.name, entry);
    if (cacheable) runs_.store(key, entry);
    track(st);
    stat_.flush();
    say(st.name, "done", "");
    outcome(st.name, "ran", why);
    count(&ReproSummary::ran);
    return State::done;
  }

  // ReproOptions::check_outs; a failure is reported as the stage's.
  bool outs_pass_checks(const Stage& st, const std::string& why) {
    if (!opt_.check_outs) return true;
    std::vector<std::string> outs;
    for (const auto& o : st.outs) outs.push_back(o.path);
    const std::string problem = opt_.check_outs(outs);
    if (problem.empty()) return true;
    say(st.name, "failed", fmt::format("outs fail their checks: {}", problem));
    outcome(st.name, "failed", fmt::format("outs fail their checks: {} ({})", problem, why));
    std::lock_guard g(mutex_);
    failures_.push_back(fmt::format("stage '{}' failed: its outs fail their checks", st.name));
    return false;
  }

  Workspace& ws_;
  const ReproOptions& opt_;
  std::ostream& out_;
  std::vector<std::size_t> selection_;
  StatCache stat_;
  Hasher hasher_;
  cache::ObjectStore store_;
  detail::RunCache runs_;
  detail::OutTracking tracking_;  // guarded by track_mutex_
  std::vector<State> state_;
  std::string head_;  // DVX_COMMIT
  std::size_t width_ = 0;
  std::mutex mutex_;
  std::mutex out_mutex_;
  std::mutex track_mutex_;
  std::condition_variable cv_;
  ReproSummary& summary_;
  std::vector<std::string> failures_;
};

std::vector<std::size_t> select_stages(const Workspace& ws, const ReproOptions& opt) {
  const Dag& dag = ws.dag();
  if (opt.targets.empty()) return dag.order;
  std::vector<std::size_t> roots;
  for (const auto& t : opt.targets) {
    if (auto i = dag.index_of(t)) {
      roots.push_back(*i);
      continue;
    }
    // The name of a foreach/matrix entry: every stage it generates.
    std::size_t before = roots.size();
    for (std::size_t i = 0; i < ws.pipeline().stages.size(); ++i)
      if (ws.stage(i).group == t) roots.push_back(i);
    if (roots.size() == before) fail(ErrorKind::usage, "no stage '{}' in {}", t, kPipelineFile);
  }
  return dag.closure(roots, opt.downstream);
}

// What would run, and why, before anything does.
struct Plan {
  std::vector<std::vector<std::string>> reasons;  // per stage index; empty: up to date (or frozen)
  std::vector<std::vector<std::string>> pointer_deps;
  std::vector<bool> will_run;
};

Plan plan_stages(Workspace& ws, Hasher& hasher, const ReproOptions& opt,
                 const std::vector<std::size_t>& sel) {
  std::size_t n = ws.pipeline().stages.size();
  Plan plan{std::vector<std::vector<std::string>>(n), std::vector<std::vector<std::string>>(n),
            std::vector<bool>(n, false)};
  for (std::size_t i : sel) {
    if (ws.stage(i).frozen) continue;
    auto ev = evaluate_stage(ws, i, hasher);
    auto& reasons = plan.reasons[i];
    reasons = std::move(ev.reasons);
    plan.pointer_deps[i] = std::move(ev.pointer_deps);
    for (std::size_t u : ws.dag().upstream[i])
      if (plan.will_run[u]) reasons.push_back(fmt::format("upstream stage '{}' would run", ws.stage(u).name));
    if (reasons.empty() && opt.force) reasons.push_back("forced");
    plan.will_run[i] = !reasons.empty();
  }
  return plan;
}

// "a, b, c and 4 more"
std::string brief_list(const std::vector<std::string>& paths) {
  constexpr std::size_t kShown = 3;
  std::vector<std::string> shown(paths.begin(), paths.begin() + std::min(paths.size(), kShown));
  std::string out = util::join(shown, ", ");
  if (paths.size() > kShown) out += fmt::format(" and {} more", paths.size() - kShown);
  return out;
}

// A dep holding pointer text is shown by what happens to it: up to date when
// its pointer's oid is the one dvx.lock records; fetched first when its stage
// would run.
void dry_run(Workspace& ws, const git::Repo& repo, const ReproOptions& opt,
             const std::vector<std::size_t>& sel, const std::vector<transfer::PointerFile>& pointer_files,
             std::ostream& out, ReproSummary& summary) {
  StatCache stat(stat_cache_path(repo));
  Hasher hasher(ws.root(), stat);
  auto pointers = detail::by_path(pointer_files);
  hasher.set_pointer_files(&pointers);
  Plan plan = plan_stages(ws, hasher, opt, sel);
  stat.flush();
  auto to_fetch = detail::pointer_deps_to_fetch(ws, pointer_files, plan.will_run);
  std::size_t width = 0;
  for (std::size_t i : sel) width = std::max(width, ws.stage(i).name.size());
  int n = 0;
  for (std::size_t i : sel) {
    const Stage& st = ws.stage(i);
    if (st.frozen) {
      out << fmt::format("{:<{}}  frozen\n", st.name, width);
      summary.stages.push_back({st.name, "frozen", ""});
      continue;
    }
    if (!plan.will_run[i]) {
      const auto& ptrs = plan.pointer_deps[i];
      out << fmt::format(
          "{:<{}}  up to date{}\n", st.name, width,
          ptrs.empty() ? "" : fmt::format("  (pointer text, oid as in {}: {})", kLockFile, brief_list(ptrs)));
      summary.stages.push_back({st.name, "up_to_date", ""});
      continue;
    }
    ++n;
    std::vector<std::string> fetch;
    for (const auto& f : to_fetch)
      if (std::any_of(st.deps.begin(), st.deps.end(),
                      [&](const PathDecl& d) { return within(f.path, d.path); }))
        fetch.push_back(f.path);
    std::string reasons = util::join(plan.reasons[i], "; ");
    if (!fetch.empty()) reasons += "; fetches first: " + brief_list(fetch);
    out << fmt::format("{:<{}}  would run  ({})\n", st.name, width, reasons);
    summary.stages.push_back({st.name, "would_run", reasons});
  }
  out << fmt::format("{} stage{} would run", n, n == 1 ? "" : "s");
  if (!to_fetch.empty())
    out << fmt::format(", {} dep file{} holding pointer text would be fetched first", to_fetch.size(),
                       to_fetch.size() == 1 ? "" : "s");
  out << " (dry run: nothing was executed)\n";
}

// One repro at a time per repository: a second waits (or, with --no-wait,
// fails) instead of removing outs the first is about to record.
util::PidLock take_repro_lock(const git::Repo& repo, bool wait, std::ostream& err) {
  fs::path file = git::worktree_state_dir(repo) / "repro.lock";
  util::PidLock::Options o;
  o.wait = wait;
  o.on_wait = [&](pid_t pid) {
    err << fmt::format("git-dvx: waiting for repro {} to finish… ({} is locked; --no-wait fails instead)\n",
                       pid ? fmt::format("pid {}", pid) : std::string("of another process"), file.string())
        << std::flush;
  };
  o.on_take_over = [&](pid_t pid, bool alive) {
    err << fmt::format("git-dvx: taking over the repro lock {} from pid {}, {}\n", file.string(), pid,
                       alive ? "which no longer holds it" : "which is gone (killed or crashed)")
        << std::flush;
  };
  pid_t holder = 0;
  auto lock = util::PidLock::acquire(file, o, &holder);
  if (!lock)
    fail(
        ErrorKind::permanent,
        "another git dvx repro {}is running in this repository ({} is locked); wait for it to finish, or run "
        "without --no-wait to wait",
        holder ? fmt::format("(pid {}) ", holder) : std::string(), file.string());
  return std::move(*lock);
}

}  // namespace

void repro(const git::Repo& repo, const ReproOptions& opt, std::ostream& out, std::ostream& err,
           ReproSummary& s) {
  fs::path root = repo.workdir();
  std::optional<util::PidLock> lock;
  if (!opt.dry_run) lock = take_repro_lock(repo, opt.wait_for_lock, err);
  Overrides overrides = plan_overrides(root, opt.set_params);
  for (const auto& n : overrides.notes) err << "git-dvx: " << n << "\n";
  if (opt.dry_run) {
    for (const auto& c : overrides.changes) out << "would set  " << c << "\n";
  } else {
    for (const auto& [file, text] : overrides.texts) util::write_file_atomic(root / file, text);
  }
  // A dry run sees the edited params files without writing them.
  Workspace ws(root, opt.dry_run ? overrides.texts : std::map<std::string, std::string>{});
  auto selection = select_stages(ws, opt);
  // Everything that can be checked before running: deps that nothing
  // produces, and every param of the selected stages.
  check_deps_exist(ws.dag(), root, selection);
  for (std::size_t i : selection) ws.params_of(i);
  auto pointer_files = detail::pipeline_pointer_files(repo, ws);
  if (opt.dry_run) {
    dry_run(ws, repo, opt, selection, pointer_files, out, s);
    return;
  }
  auto pointers = detail::by_path(pointer_files);
  if (!pointer_files.empty()) {
    // The deps the stages that will run read are fetched (or the run stops)
    // before any stage runs or any out is removed.
    StatCache stat(stat_cache_path(repo));
    Hasher hasher(root, stat);
    hasher.set_pointer_files(&pointers);
    Plan plan = plan_stages(ws, hasher, opt, selection);
    auto to_fetch = detail::pointer_deps_to_fetch(ws, pointer_files, plan.will_run);
    detail::fetch_pointer_deps(repo, cache::ObjectStore(git::cache_dir(repo)), to_fetch, hasher, err);
    stat.flush();
  }
  Runner runner(repo, ws, opt, out, selection, pointers, s);
  runner.run();
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
}

}  // namespace dvx::pipeline
