#include "dvx/exp/run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "dvx/exp/experiments.hpp"
#include "dvx/git/commands.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/git/refs.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/pid_lock.hpp"
#include "dvx/util/strings.hpp"
#include "dvx/util/subprocess.hpp"

namespace dvx::exp {

namespace {

// The tail of a log kept in a failed experiment's commit message.
constexpr std::size_t kLogTail = 64 * 1024;

// Prints whole lines of a child's output, each prefixed by the variant's
// name, under one lock shared by the variants running at once.
class PrefixedLines {
 public:
  PrefixedLines(std::string prefix, std::ostream& out, std::mutex& mutex)
      : prefix_(std::move(prefix)), out_(out), mutex_(mutex) {}
  void feed(std::string_view chunk) {
    pending_.append(chunk);
    std::size_t start = 0, nl = 0;
    std::lock_guard g(mutex_);
    while ((nl = pending_.find('\n', start)) != std::string::npos) {
      out_ << prefix_ << std::string_view(pending_).substr(start, nl + 1 - start);
      start = nl + 1;
    }
    out_ << std::flush;
    pending_.erase(0, start);
  }
  void finish() {
    if (!pending_.empty()) feed("\n");
  }

 private:
  std::string prefix_;
  std::ostream& out_;
  std::mutex& mutex_;
  std::string pending_;
};

// libgit2 handles are not shared between threads unguarded.
std::mutex g_repo_mutex;

fs::path worktrees_dir(const git::Repo& repo) {
  return git::state_dir(repo) / "exp-worktrees";
}

// `git worktree add/remove` of all runs, in this process and in concurrent
// `exp run` processes, take turns: removing the last worktree deletes
// <git-dir>/worktrees, which a concurrent add is creating into. A flock is
// held per open file, so it also orders this process's own threads.
util::PidLock worktrees_lock(const fs::path& dir) {
  return std::move(*util::PidLock::acquire(dir / ".lock", {}));
}

// The pid a run's worktree folder ("<name>-<pid>") was made by; 0 if none.
pid_t creator_pid(const std::string& folder) {
  auto dash = folder.rfind('-');
  if (dash == std::string::npos) return 0;
  pid_t pid = 0;
  for (char c : folder.substr(dash + 1)) {
    if (c < '0' || c > '9' || pid > 100000000) return 0;
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

// Removes the worktrees that runs killed before their cleanup left behind
// (their process is gone). Called with the worktrees lock held.
void remove_abandoned_worktrees(const fs::path& main, const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_directory(ec)) continue;
    pid_t pid = creator_pid(entry.path().filename().string());
    if (pid <= 0 || pid == ::getpid() || util::process_alive(pid)) continue;
    if (!git::worktree_remove(main, entry.path())) fs::remove_all(entry.path(), ec);
  }
  git::worktree_prune(main);
}

// The temporary worktree of one run: removed (with its admin folder in the
// git dir) however the run ends; if the process is killed, by the next run.
class TempWorktree {
 public:
  TempWorktree(const git::Repo& repo, const std::string& name, const std::string& commit)
      : main_(repo.workdir()), path_(worktrees_dir(repo) / fmt::format("{}-{}", name, ::getpid())) {
    std::error_code ec;
    fs::create_directories(path_.parent_path(), ec);
    std::lock_guard g(g_repo_mutex);
    auto lock = worktrees_lock(path_.parent_path());
    remove_abandoned_worktrees(main_, path_.parent_path());
    fs::remove_all(path_, ec);
    git::worktree_add_detached(main_, path_, commit);
  }
  ~TempWorktree() {
    std::lock_guard g(g_repo_mutex);
    try {
      auto lock = worktrees_lock(path_.parent_path());
      if (git::worktree_remove(main_, path_)) return;
    } catch (const std::exception&) {  // no lock: remove the folder all the same
    }
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempWorktree(const TempWorktree&) = delete;
  TempWorktree& operator=(const TempWorktree&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path main_;
  fs::path path_;
};

std::string self_exe() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("git-dvx") : p.string();
}

// The last line of repro's output that says why it failed ("git-dvx: ...").
std::string failure_line(const std::string& log, int exit_code) {
  std::string found;
  for (auto line : util::output_lines(log))
    if (line.starts_with("git-dvx: ")) found = std::string(line.substr(9));
  return found.empty() ? fmt::format("repro exited with code {}", exit_code) : found;
}

bool with_workspace_changes(const Variant& v) {
  return !v.start.empty() && v.start != v.baseline;
}

std::string commit_message(const Variant& v, bool succeeded, const std::string& log) {
  std::string msg = fmt::format("dvx exp {}: {}\n\n", v.name, succeeded ? "succeeded" : "failed");
  msg += fmt::format("Baseline: {}\n", v.baseline);
  if (with_workspace_changes(v))
    msg += fmt::format("Workspace: the uncommitted changes of the tracked files ({})\n", v.start);
  msg += v.set_params.empty() ? std::string("Params: (as in the baseline)\n")
                              : fmt::format("Params: {}\n", util::join(v.set_params, " "));
  if (!succeeded) {
    std::string tail = log.size() > kLogTail ? log.substr(log.size() - kLogTail) : log;
    msg += "\nLog of git dvx repro:\n\n" + tail;
    if (!msg.ends_with('\n')) msg += '\n';
  }
  return msg;
}

RunResult run_one(const git::Repo& repo, const Variant& v, const RunOptions& opt, std::ostream& out,
                  std::mutex& out_mutex) {
  RunResult result{v.name, false, "", "", ""};
  TempWorktree wt(repo, v.name, with_workspace_changes(v) ? v.start : v.baseline);
  std::vector<std::string> argv{self_exe(), "repro", "-j", std::to_string(std::max(1u, opt.repro_jobs))};
  if (!opt.run_cache) argv.push_back("--no-run-cache");
  for (const auto& s : v.set_params) argv.insert(argv.end(), {"-S", s});
  PrefixedLines lines(v.name + ": ", out, out_mutex);
  util::ProcessOptions po;
  po.cwd = wt.path();
  po.merge_stderr = true;
  po.env = {"DVX_EXP_NAME=" + v.name, "DVX_EXP_BASELINE=" + v.baseline};
  po.on_output = [&](std::string_view chunk) { lines.feed(chunk); };
  auto r = util::run_process(argv, po);
  lines.finish();
  result.succeeded = r.exit_code == 0;
  if (!result.succeeded) result.error = failure_line(r.out, r.exit_code);
  std::string tree = git::stage_all_write_tree(wt.path());
  result.commit = git::commit_tree(wt.path(), tree, v.baseline, commit_message(v, result.succeeded, r.out));
  result.ref = std::string(result.succeeded ? kExpsRefs : kFailedRefs) + v.name;
  std::lock_guard g(g_repo_mutex);
  git::set_ref(repo, result.ref, result.commit, fmt::format("dvx exp run {}", v.name));
  // A name records one outcome: a rerun that succeeds replaces a failure, and the other way round.
  git::delete_ref(repo, std::string(result.succeeded ? kFailedRefs : kExpsRefs) + v.name);
  return result;
}

}  // namespace

std::string workspace_start(const git::Repo& repo, const std::string& baseline) {
  std::string tree = git::workspace_tree(repo.workdir());
  if (tree == git::tree_of(repo.workdir(), baseline)) return baseline;
  return git::commit_tree(repo.workdir(), tree, baseline,
                          fmt::format("dvx exp: uncommitted changes on {}\n", baseline.substr(0, 12)));
}

void check_can_run(const git::Repo& repo) {
  if (!repo.has_head()) fail(ErrorKind::usage, "no commit yet: an experiment runs from a baseline commit");
  if (auto problem = git::identity_problem(repo.workdir()))
    fail(ErrorKind::usage, "experiments are recorded as commits, and git does not know who you are: {}",
         *problem);
  if (!repo.config_string("filter.dvx.process"))
    fail(ErrorKind::usage,
         "git-dvx's filter is not configured (filter.dvx.process): run `git dvx install` so that the outs of "
         "an experiment are recorded as pointers");
}

std::vector<RunResult> run_variants(const git::Repo& repo, const std::vector<Variant>& variants,
                                    const RunOptions& opt, std::ostream& out) {
  std::vector<RunResult> results(variants.size());
  std::atomic<std::size_t> next{0};
  std::mutex out_mutex;
  auto worker = [&] {
    while (true) {
      std::size_t i = next.fetch_add(1);
      if (i >= variants.size()) return;
      const Variant& v = variants[i];
      {
        std::lock_guard g(out_mutex);
        out << fmt::format("{}: running from {}{} {}\n", v.name, v.baseline.substr(0, 7),
                           with_workspace_changes(v) ? " with the uncommitted changes" : "",
                           v.set_params.empty() ? "(baseline params)" : util::join(v.set_params, " "))
            << std::flush;
      }
      try {
        results[i] = run_one(repo, v, opt, out, out_mutex);
      } catch (const Error& e) {
        results[i] = {v.name, false, "", "", e.what()};
      }
      const RunResult& r = results[i];
      std::lock_guard g(out_mutex);
      if (r.succeeded)
        out << fmt::format("{}: succeeded, recorded as {} ({})\n", v.name, r.ref, r.commit.substr(0, 7));
      else if (!r.ref.empty())
        out << fmt::format("{}: failed ({}), recorded as {} ({})\n", v.name, r.error, r.ref,
                           r.commit.substr(0, 7));
      else
        out << fmt::format("{}: failed, not recorded: {}\n", v.name, r.error);
      out << std::flush;
    }
  };
  unsigned n = std::max(1u, std::min<unsigned>(opt.parallel, static_cast<unsigned>(variants.size())));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace dvx::exp
