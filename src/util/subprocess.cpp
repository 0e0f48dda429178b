#include "dvx/util/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "dvx/util/error.hpp"

extern char** environ;

namespace dvx::util {

namespace {
struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fd, O_CLOEXEC) != 0) fail_errno("pipe", errno);
  }
  ~Pipe() { close_both(); }
  void close_end(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
  void close_both() { close_end(0), close_end(1); }
};
}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) fail(ErrorKind::usage, "run_process: empty command");
  Pipe in, out, err;
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  Pipe exec_status;  // reports an exec failure back to the parent
  // The environment is built before fork: the child may only call
  // async-signal-safe functions.
  std::vector<std::string> env_storage;
  std::vector<char*> envp;
  if (!options.env.empty()) {
    auto name_of = [](std::string_view e) { return e.substr(0, e.find('=')); };
    for (char** e = environ; *e; ++e) {
      bool replaced = std::any_of(options.env.begin(), options.env.end(),
                                  [&](const std::string& o) { return name_of(o) == name_of(*e); });
      if (!replaced) env_storage.emplace_back(*e);
    }
    env_storage.insert(env_storage.end(), options.env.begin(), options.env.end());
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
  }

  pid_t pid = ::fork();
  if (pid < 0) fail_errno("fork", errno);
  if (pid == 0) {
    ::dup2(in.fd[0], 0);
    ::dup2(out.fd[1], 1);
    if (options.merge_stderr)
      ::dup2(out.fd[1], 2);
    else if (!options.inherit_stderr)
      ::dup2(err.fd[1], 2);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) _exit(127);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGXFSZ, SIG_DFL);
    if (envp.empty())
      ::execvp(args[0], args.data());
    else
      ::execvpe(args[0], args.data(), envp.data());
    int e = errno;
    (void)!::write(exec_status.fd[1], &e, sizeof e);
    _exit(127);
  }
  in.close_end(0), out.close_end(1), err.close_end(1), exec_status.close_end(1);
  int exec_errno = 0;
  if (::read(exec_status.fd[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno) {
    ::waitpid(pid, nullptr, 0);
    fail(ErrorKind::not_found, "cannot run {}: {}", argv[0], std::strerror(exec_errno));
  }

  ProcessResult result;
  std::string_view pending = options.input ? std::string_view(*options.input) : std::string_view();
  if (pending.empty())
    in.close_end(1);
  else
    ::fcntl(in.fd[1], F_SETFL, O_NONBLOCK);
  char buf[65536];
  while (out.fd[0] >= 0 || err.fd[0] >= 0 || in.fd[1] >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out.fd[0] >= 0) fds[n++] = {out.fd[0], POLLIN, 0};
    if (err.fd[0] >= 0) fds[n++] = {err.fd[0], POLLIN, 0};
    if (in.fd[1] >= 0) fds[n++] = {in.fd[1], POLLOUT, 0};
    if (::poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      fail_errno("poll", errno);
    }
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in.fd[1]) {
        ssize_t w = ::write(in.fd[1], pending.data(), pending.size());
        if (w > 0) pending.remove_prefix(static_cast<std::size_t>(w));
        if (w < 0 && errno != EAGAIN && errno != EINTR) pending = {};
        if (pending.empty()) in.close_end(1);
        continue;
      }
      ssize_t r = ::read(fds[i].fd, buf, sizeof buf);
      if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      bool is_out = fds[i].fd == out.fd[0];
      if (r <= 0) {
        (is_out ? out : err).close_end(0);
      } else {
        (is_out ? result.out : result.err).append(buf, static_cast<std::size_t>(r));
        if (is_out && options.on_output)
          options.on_output(std::string_view(buf, static_cast<std::size_t>(r)));
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::vector<std::string_view> output_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    if (!line.empty()) lines.push_back(line);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

bool process_alive(int pid) {
  if (pid <= 0) return false;
  if (::kill(pid, 0) != 0 && errno != EPERM) return false;
  // /proc/<pid>/stat: "pid (comm) S ...": the state follows the last ')'.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;  // no /proc: trust kill()
  auto paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

}  // namespace dvx::util
