// `git-dvx filter-process` (git's long-running filter) and the one-shot
// `git-dvx clean <path>` / `git-dvx smudge <path>` (stdin -> stdout).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <vector>

#include "cli/command.hpp"
#include "cli/hook_script.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/filter/dvx_filter.hpp"
#include "dvx/hooks/auto_install.hpp"
#include "dvx/hooks/sync_hooks.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/util/file.hpp"

namespace dvx::cli {
namespace {

filter::SmudgeOptions smudge_options(const git::Repo& repo) {
  return {hooks::skip_smudge_requested(), hooks::skip_download_errors_requested(repo)};
}

// A process's arguments and parent, from /proc (Linux); empty when gone.
std::vector<std::string> process_args(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::vector<std::string> args;
  for (std::string arg; std::getline(in, arg, '\0');) args.push_back(arg);
  return args;
}

pid_t parent_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // "pid (comm) state ppid ...": comm may hold spaces, so parse after ')'.
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  pid_t ppid = 0;
  rest >> state >> ppid;
  return ppid;
}

// Whether the git command that started the filter was asked to be quiet
// (`git clone -q`, `git checkout --quiet`, `--no-progress`): git passes the
// filter no flag, so its arguments are read from /proc. The filter's parent
// may be the shell git runs it through or the `git dvx` dispatcher, so the
// first few ancestors are searched for the git command itself.
bool git_command_is_quiet() {
  pid_t pid = getppid();
  for (int depth = 0; depth < 4 && pid > 1; ++depth, pid = parent_of(pid)) {
    auto args = process_args(pid);
    if (args.empty()) return false;
    bool is_git = std::filesystem::path(args[0]).filename() == "git";
    if (!is_git || (args.size() > 1 && args[1] == "dvx")) continue;
    for (std::size_t i = 1; i < args.size() && args[i] != "--"; ++i)  // paths follow "--"
      if (args[i] == "-q" || args[i] == "--quiet" || args[i] == "--no-progress") return true;
    return false;
  }
  return false;
}

// Downloads of delayed smudges show one progress line on a terminal, after
// git's progress delay, unless the git command was quiet.
transfer::DownloadProgress download_progress() {
  return {transfer::progress_enabled() && !git_command_is_quiet(), transfer::progress_delay()};
}

int run_filter_process(const std::vector<std::string>& args) {
  if (parse_args(args, "filter-process", po::options_description("options")).help) return 0;
  auto ctx = open_repo_context();
  hooks::ensure_hooks(ctx.repo, kHookScript, std::cerr);
  auto downloader = transfer::open_downloader(ctx.repo, ctx.store, download_progress());
  filter::DvxFilter handler(ctx.store, downloader.get(), smudge_options(ctx.repo));
  git::serve_filter_process(STDIN_FILENO, STDOUT_FILENO, handler);
  return 0;
}

cache::ByteSource stdin_source() {
  return
      [](char* buf, std::size_t size) { return util::read_full(STDIN_FILENO, buf, size, "standard input"); };
}

filter::ByteSink stdout_sink() {
  return [](const char* data, std::size_t size) {
    util::write_all(STDOUT_FILENO, data, size, "standard output");
  };
}

ParsedArgs parse_path_arg(const std::vector<std::string>& args, const std::string& verb) {
  po::options_description options("options");
  options.add_options()("path", po::value<std::string>()->default_value(""),
                        "the file's path (for messages)");
  po::positional_options_description positional;
  positional.add("path", 1);
  return parse_args(args, verb + " [<path>] < input > output", options, positional);
}

int run_clean(const std::vector<std::string>& args) {
  auto parsed = parse_path_arg(args, "clean");
  if (parsed.help) return 0;
  auto ctx = open_repo_context();
  filter::clean(ctx.store, parsed.vars["path"].as<std::string>(), stdin_source(), stdout_sink());
  return 0;
}

int run_smudge(const std::vector<std::string>& args) {
  auto parsed = parse_path_arg(args, "smudge");
  if (parsed.help) return 0;
  std::string path = parsed.vars["path"].as<std::string>();
  auto ctx = open_repo_context();
  auto options = smudge_options(ctx.repo);
  auto downloader =
      options.skip_smudge ? nullptr : transfer::open_downloader(ctx.repo, ctx.store, download_progress());
  filter::smudge(ctx.store, downloader.get(), path, options, stdin_source(), stdout_sink());
  return 0;
}

DVX_COMMAND("filter-process", "git's long-running clean/smudge filter (run by git)", run_filter_process);
DVX_COMMAND("clean", "clean one file: content on stdin, pointer on stdout (run by git)", run_clean);
DVX_COMMAND("smudge", "smudge one file: pointer on stdin, content on stdout (run by git)", run_smudge);

}  // namespace
}  // namespace dvx::cli
