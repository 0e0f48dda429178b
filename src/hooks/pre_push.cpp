#include <fmt/core.h>

#include <sstream>

#include "dvx/hooks/sync_hooks.hpp"
#include "dvx/transfer/pointer_scan.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/transfer/summary.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/human_size.hpp"

namespace dvx::hooks {

bool is_zero_sha(std::string_view sha) {
  return !sha.empty() && sha.find_first_not_of('0') == std::string_view::npos;
}

std::vector<PushedRef> parse_pre_push_input(std::string_view text) {
  std::vector<PushedRef> out;
  std::istringstream in{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream fields(line);
    PushedRef ref;
    std::string extra;
    if (!(fields >> ref.local_ref >> ref.local_sha >> ref.remote_ref >> ref.remote_sha) || (fields >> extra))
      fail(ErrorKind::usage,
           "pre-push: line {} of the input is not '<local ref> <local sha> <remote ref> <remote sha>': {}",
           number, line);
    out.push_back(std::move(ref));
  }
  return out;
}

std::vector<std::string> pushed_range(const git::Repo& repo, const PushedRef& ref,
                                      const std::string& git_remote) {
  if (is_zero_sha(ref.local_sha)) return {};  // deleting a branch pushes no data
  std::vector<std::string> args = {ref.local_sha, "--not"};
  if (!is_zero_sha(ref.remote_sha) && repo.has_object(ref.remote_sha))
    args.push_back(ref.remote_sha);
  else if (!git_remote.empty())
    args.push_back("--remotes=" + git_remote);
  return args;
}

int pre_push(const git::Repo& repo, const cache::ObjectStore& store, const std::vector<std::string>& argv,
             std::string_view input, std::ostream& err) {
  std::string git_remote = argv.empty() ? "" : argv[0];
  auto refs = parse_pre_push_input(input);

  // One rev-list over every pushed ref: the union of their new commits.
  std::vector<std::string> args;
  std::vector<std::string> nots;
  for (const auto& ref : refs) {
    auto range = pushed_range(repo, ref, git_remote);
    if (range.empty()) continue;
    args.push_back(range[0]);
    for (std::size_t i = 2; i < range.size(); ++i) nots.push_back(range[i]);
  }
  if (args.empty()) return 0;
  if (!nots.empty()) {
    args.push_back("--not");
    args.insert(args.end(), nots.begin(), nots.end());
  }
  auto items = transfer::pointers_in_rev_list(repo, args);
  std::erase_if(items, [](const transfer::Item& i) { return i.pointer.size == 0; });
  if (items.empty()) return 0;

  std::optional<remote::RemoteConfig> config;
  try {
    config = transfer::find_remote(repo);
  } catch (const Error& e) {
    err << "git-dvx: " << e.what()
        << "\ngit-dvx: nothing was pushed; fix the remote configuration and push again\n";
    return 1;
  }
  if (!config) {
    // Like DVC without a remote: the push goes ahead, loudly.
    err << fmt::format(
        "git-dvx: warning: the pushed commits reference {} that {} NOT uploaded: {}.\n"
        "git-dvx: warning: clones will see pointer files until the data is pushed with 'git dvx push "
        "--all'.\n",
        util::count_of(items.size(), "data object"), items.size() == 1 ? "was" : "were",
        transfer::no_remote_hint());
    return 0;
  }
  try {
    auto opened = transfer::open_transfer_remote(*config);
    transfer::TransferOptions options{opened.jobs, transfer::progress_enabled()};
    auto result = transfer::upload_missing(*opened.remote, store, items, options);
    // git shows a hook's stderr: say what went to the store, when anything did.
    if (result.transferred > 0)
      err << "git-dvx: " << transfer::upload_summary(result, opened.config.name) << "\n";
  } catch (const Error& e) {
    err << "git-dvx: " << e.what() << "\n"
        << "git-dvx: nothing was pushed: git's push was stopped so that "
        << (git_remote.empty() ? "the remote" : git_remote)
        << " never references data that is not in the store; fix the problem and push again\n";
    return 1;
  }
  return 0;
}

}  // namespace dvx::hooks
