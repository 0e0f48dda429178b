// `git-dvx filter-process` (git's long-running filter) and the one-shot
// `git-dvx clean <path>` / `git-dvx smudge <path>` (stdin -> stdout).
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>

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

// Whether the git command that started the filter was asked to be quiet
// (`git clone -q`, `git checkout --quiet`, `--no-progress`): git passes the
// filter no flag, so its arguments are read from /proc (Linux).
bool git_command_is_quiet() {
  std::ifstream in("/proc/" + std::to_string(getppid()) + "/cmdline", std::ios::binary);
  std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t start = cmdline.find('\0');  // skip argv[0]
  while (start != std::string::npos && start + 1 < cmdline.size()) {
    std::size_t end = cmdline.find('\0', start + 1);
    std::string arg = cmdline.substr(start + 1, end == std::string::npos ? end : end - start - 1);
    if (arg == "--") break;  // paths follow
    if (arg == "-q" || arg == "--quiet" || arg == "--no-progress") return true;
    start = end;
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
