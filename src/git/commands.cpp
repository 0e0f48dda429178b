#include "dvx/git/commands.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <optional>
#include <sstream>

#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/subprocess.hpp"

namespace dvx::git {

namespace {

util::ProcessResult run(const fs::path& cwd, std::vector<std::string> args,
                        std::optional<std::string> input = std::nullopt) {
  args.insert(args.begin(), "git");
  util::ProcessOptions opts;
  opts.cwd = cwd;
  opts.input = std::move(input);
  return util::run_process(args, opts);
}

std::string message_of(const util::ProcessResult& r) {
  std::string m = r.err.empty() ? r.out : r.err;
  while (!m.empty() && (m.back() == '\n' || m.back() == '\r')) m.pop_back();
  return m;
}

// `git <args>`, failing with "git <what> failed in <cwd>: <git's message>".
util::ProcessResult run_checked(const fs::path& cwd, const std::vector<std::string>& args,
                                const std::string& what, std::optional<std::string> input = std::nullopt) {
  auto r = run(cwd, args, std::move(input));
  if (r.exit_code != 0)
    fail(ErrorKind::permanent, "git {} failed in {}: {}", what,
         cwd.empty() ? fs::current_path().string() : cwd.string(), message_of(r));
  return r;
}

const char* scope_flag(ConfigScope scope) {
  switch (scope) {
    case ConfigScope::local: return "--local";
    case ConfigScope::global: return "--global";
    case ConfigScope::system: return "--system";
  }
  return "--local";
}

// A removal git refuses because there is nothing to remove: exit 5 (no such
// key), 128 (no such section) or 1 (no such file).
bool config_remove(ConfigScope scope, const fs::path& cwd, const std::string& option,
                   const std::string& name) {
  auto r = run(cwd, {"config", scope_flag(scope), option, name});
  if (r.exit_code == 0) return true;
  if (r.exit_code == 5 || r.exit_code == 128 || r.exit_code == 1) return false;
  fail(ErrorKind::permanent, "git config {} {} {} failed: {}", scope_flag(scope), option, name,
       message_of(r));
}

}  // namespace

std::vector<ListedObject> rev_list_objects(const fs::path& cwd, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"rev-list", "--objects"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_checked(cwd, argv, "rev-list --objects");
  std::vector<ListedObject> out;
  for (auto line : util::output_lines(r.out)) {
    auto space = line.find(' ');
    if (space == std::string_view::npos)
      out.push_back({std::string(line), ""});
    else
      out.push_back({std::string(line.substr(0, space)), std::string(line.substr(space + 1))});
  }
  return out;
}

std::vector<std::string> reflog_commits(const fs::path& cwd, const std::string& ref) {
  if (run(cwd, {"rev-parse", "--verify", "-q", ref}).exit_code != 0) return {};
  auto r = run_checked(cwd, {"log", "-g", "--format=%H", ref}, "log -g " + ref);
  std::vector<std::string> out;
  for (auto line : util::output_lines(r.out)) out.emplace_back(line);
  return out;
}

std::vector<std::string> remote_names(const fs::path& cwd) {
  auto r = run_checked(cwd, {"remote"}, "remote");
  std::vector<std::string> out;
  for (auto line : util::output_lines(r.out)) out.emplace_back(line);
  return out;
}

void fetch_prune(const fs::path& cwd, const std::string& remote) {
  run_checked(cwd, {"fetch", "--prune", "--quiet", remote}, "fetch " + remote);
}

UnreachableObjects fsck_unreachable(const fs::path& cwd) {
  // fsck exits non-zero for a damaged repository but still lists what it found.
  auto r = run(cwd, {"fsck", "--connectivity-only", "--unreachable", "--no-progress"});
  UnreachableObjects out;
  for (auto line : util::output_lines(r.out)) {
    constexpr std::string_view kCommit = "unreachable commit ", kBlob = "unreachable blob ";
    if (line.starts_with(kCommit))
      out.commits.emplace_back(line.substr(kCommit.size()));
    else if (line.starts_with(kBlob))
      out.blobs.emplace_back(line.substr(kBlob.size()));
  }
  return out;
}

std::vector<WorktreeInfo> worktree_list(const fs::path& cwd) {
  auto r = run_checked(cwd, {"worktree", "list", "--porcelain"}, "worktree list");
  std::vector<WorktreeInfo> out;
  for (auto line : util::output_lines(r.out)) {
    if (line.starts_with("worktree ")) {
      out.push_back({fs::path(std::string(line.substr(9))), "", true});
      std::error_code ec;
      out.back().exists = fs::is_directory(out.back().path, ec);
    } else if (line.starts_with("HEAD ") && !out.empty()) {
      std::string head(line.substr(5));
      if (head.find_first_not_of('0') != std::string::npos) out.back().head = head;
    } else if (line == "bare" && !out.empty()) {
      out.back().exists = false;  // no worktree files
    }
  }
  return out;
}

std::vector<ConfigEntry> config_get_regexp(const fs::path& cwd, const std::string& key_regex) {
  auto r = run(cwd, {"config", "-z", "--show-origin", "--get-regexp", key_regex});
  std::vector<ConfigEntry> out;
  if (r.exit_code != 0) return out;  // 1 = no match
  // Entries are "<origin>\0<key>\n<value>\0" ("<key>\0" for a key without '=').
  std::vector<std::string> fields;
  for (std::size_t pos = 0; pos < r.out.size();) {
    auto end = r.out.find('\0', pos);
    if (end == std::string::npos) end = r.out.size();
    fields.push_back(r.out.substr(pos, end - pos));
    pos = end + 1;
  }
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    std::string origin = fields[i];
    if (origin.rfind("file:", 0) == 0) origin.erase(0, 5);
    const std::string& entry = fields[i + 1];
    auto nl = entry.find('\n');
    out.push_back({entry.substr(0, nl), nl == std::string::npos ? "true" : entry.substr(nl + 1), origin});
  }
  return out;
}

void config_set(ConfigScope scope, const fs::path& cwd, const std::string& key, const std::string& value) {
  auto r = run(cwd, {"config", scope_flag(scope), key, value});
  if (r.exit_code != 0)
    fail(ErrorKind::permanent, "git config {} {} failed: {}", scope_flag(scope), key, message_of(r));
}

bool config_unset(ConfigScope scope, const fs::path& cwd, const std::string& key) {
  return config_remove(scope, cwd, "--unset", key);
}

bool config_remove_section(ConfigScope scope, const fs::path& cwd, const std::string& section) {
  return config_remove(scope, cwd, "--remove-section", section);
}

void worktree_add_detached(const fs::path& cwd, const fs::path& path, const std::string& commit) {
  run_checked(cwd, {"worktree", "add", "--quiet", "--detach", path.string(), commit}, "worktree add");
}

bool worktree_remove(const fs::path& cwd, const fs::path& path) {
  return run(cwd, {"worktree", "remove", "--force", path.string()}).exit_code == 0;
}

void worktree_prune(const fs::path& cwd) {
  run_checked(cwd, {"worktree", "prune"}, "worktree prune");
}

std::string stage_all_write_tree(const fs::path& worktree) {
  run_checked(worktree, {"add", "-A"}, "add -A");
  auto r = run_checked(worktree, {"write-tree"}, "write-tree");
  return std::string(util::output_lines(r.out).at(0));
}

std::string workspace_tree(const fs::path& cwd) {
  auto index = fs::path(std::string(
      util::output_lines(
          run_checked(cwd, {"rev-parse", "--path-format=absolute", "--git-path", "index"}, "rev-parse").out)
          .at(0)));
  // Beside the index (same file system), named after this process.
  fs::path copy = index.parent_path() / fmt::format("dvx-workspace-index.{}", ::getpid());
  struct Remove {
    fs::path p;
    ~Remove() {
      std::error_code ec;
      fs::remove(p, ec);
    }
  } remove{copy};
  std::error_code ec;
  if (fs::exists(index, ec)) fs::copy_file(index, copy, fs::copy_options::overwrite_existing);
  auto on_copy = [&](const std::string& verb) {
    util::ProcessOptions opts;
    opts.cwd = cwd;
    opts.env = {"GIT_INDEX_FILE=" + copy.string()};
    std::vector<std::string> args{"git", verb};
    if (verb == "add") args.push_back("-u");
    auto r = util::run_process(args, opts);
    if (r.exit_code != 0)
      fail(ErrorKind::permanent, "git {} (on a copy of the index) failed in {}: {}", verb, cwd.string(),
           message_of(r));
    return r;
  };
  on_copy("add");
  return std::string(util::output_lines(on_copy("write-tree").out).at(0));
}

std::string tree_of(const fs::path& cwd, const std::string& rev) {
  return std::string(
      util::output_lines(run_checked(cwd, {"rev-parse", rev + "^{tree}"}, "rev-parse").out).at(0));
}

std::string commit_tree(const fs::path& cwd, const std::string& tree, const std::string& parent,
                        const std::string& message) {
  auto r = run_checked(cwd, {"commit-tree", tree, "-p", parent, "-F", "-"}, "commit-tree", message);
  return std::string(util::output_lines(r.out).at(0));
}

std::optional<std::string> identity_problem(const fs::path& cwd) {
  auto r = run(cwd, {"var", "GIT_COMMITTER_IDENT"});
  if (r.exit_code == 0) return std::nullopt;
  return message_of(r);
}

void push_refspecs(const fs::path& cwd, const std::string& remote, const std::vector<std::string>& refspecs) {
  std::vector<std::string> args{"push", "--quiet", remote};
  args.insert(args.end(), refspecs.begin(), refspecs.end());
  run_checked(cwd, args, "push " + remote);
}

void fetch_refspecs(const fs::path& cwd, const std::string& remote,
                    const std::vector<std::string>& refspecs) {
  std::vector<std::string> args{"fetch", "--quiet", remote};
  args.insert(args.end(), refspecs.begin(), refspecs.end());
  run_checked(cwd, args, "fetch " + remote);
}

namespace {
std::string nul_separated(const std::vector<std::string>& paths) {
  std::string list;
  for (const auto& p : paths) list += p + '\0';
  return list;
}
}  // namespace

void restore_worktree(const fs::path& cwd, const std::string& rev, const std::vector<std::string>& paths) {
  if (paths.empty()) return;
  run_checked(cwd,
              {"restore", "--source=" + rev, "--worktree", "--pathspec-from-file=-", "--pathspec-file-nul"},
              "restore --source=" + rev, nul_separated(paths));
}

std::vector<std::string> modified_paths(const fs::path& cwd, const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  std::vector<std::string> args{"--literal-pathspecs",  "status", "--porcelain", "-z",
                                "--untracked-files=no", "--"};
  args.insert(args.end(), paths.begin(), paths.end());
  auto r = run_checked(cwd, args, "status");
  std::vector<std::string> out;
  // Entries are "XY PATH\0" (a rename adds "ORIG\0", skipped).
  for (std::size_t pos = 0; pos < r.out.size();) {
    auto end = r.out.find('\0', pos);
    if (end == std::string::npos) end = r.out.size();
    std::string entry = r.out.substr(pos, end - pos);
    pos = end + 1;
    if (entry.size() < 4) continue;
    out.push_back(entry.substr(3));
    if (entry[0] == 'R' || entry[0] == 'C') pos = r.out.find('\0', pos) + 1;
  }
  return out;
}

}  // namespace dvx::git

namespace dvx::git {

void add_paths(const fs::path& cwd, const std::vector<std::string>& paths, bool force) {
  if (paths.empty()) return;
  std::vector<std::string> argv = {"add"};
  if (force) argv.push_back("-f");
  argv.push_back("--");
  argv.insert(argv.end(), paths.begin(), paths.end());
  run_checked(cwd, argv, "add");
}

void remove_from_index(const fs::path& cwd, const std::vector<std::string>& paths) {
  if (paths.empty()) return;
  std::vector<std::string> argv = {"rm", "-q", "-r", "--cached", "--ignore-unmatch", "--"};
  argv.insert(argv.end(), paths.begin(), paths.end());
  run_checked(cwd, argv, "rm --cached");
}

bool has_staged_changes(const fs::path& cwd) {
  auto r = run(cwd, {"diff", "--cached", "--quiet"});
  if (r.exit_code == 0) return false;
  if (r.exit_code == 1) return true;
  fail(ErrorKind::permanent, "git diff --cached failed in {}: {}", cwd.string(), message_of(r));
}

void commit(const fs::path& cwd, const std::string& message) {
  run_checked(cwd, {"commit", "-q", "-m", message}, "commit");
}

std::string fetch_one_commit(const fs::path& dir, const std::string& url, const std::string& rev,
                             std::uint64_t blob_limit) {
  run_checked({}, {"init", "-q", "--bare", dir.string()}, "init --bare");
  std::string filter = fmt::format("blob:limit={}", blob_limit);
  run_checked(dir, {"remote", "add", "origin", url}, "remote add");
  run_checked(dir, {"config", "remote.origin.promisor", "true"}, "config");
  run_checked(dir, {"config", "remote.origin.partialclonefilter", filter}, "config");
  auto r = run(dir, {"fetch", "-q", "--no-tags", "--depth", "1", "--filter=" + filter, "origin", rev});
  if (r.exit_code != 0)
    fail(ErrorKind::usage, "cannot fetch revision '{}' of {}: {}", rev, url, message_of(r));
  auto head = run_checked(dir, {"rev-parse", "--verify", "FETCH_HEAD^{commit}"}, "rev-parse FETCH_HEAD");
  return std::string(util::output_lines(head.out).at(0));
}

std::vector<LsTreeEntry> ls_tree(const fs::path& cwd, const std::string& rev, const std::string& path) {
  std::vector<std::string> argv = {"ls-tree", "-r", "-l", "-z", "--full-tree", rev};
  if (!path.empty()) argv.insert(argv.end(), {"--", path});
  auto r = run_checked(cwd, argv, "ls-tree " + rev);
  std::vector<LsTreeEntry> out;
  // "<mode> SP <type> SP <id> SP+ <size> TAB <path> NUL"
  for (std::size_t pos = 0; pos < r.out.size();) {
    auto end = r.out.find('\0', pos);
    if (end == std::string::npos) end = r.out.size();
    std::string record = r.out.substr(pos, end - pos);
    pos = end + 1;
    auto tab = record.find('\t');
    if (tab == std::string::npos) continue;
    std::istringstream head(record.substr(0, tab));
    std::string mode, type, id, size;
    head >> mode >> type >> id >> size;
    if (type != "blob") continue;  // submodules
    out.push_back({record.substr(tab + 1), id, static_cast<std::uint32_t>(std::stoul(mode, nullptr, 8)),
                   std::stoull(size)});
  }
  return out;
}

std::string read_blob_text(const fs::path& cwd, const std::string& blob_id) {
  return run_checked(cwd, {"cat-file", "blob", blob_id}, "cat-file blob " + blob_id).out;
}

void read_blob_to_file(const fs::path& cwd, const std::string& blob_id, const fs::path& dest) {
  util::write_file_atomic(dest, read_blob_text(cwd, blob_id));
}

}  // namespace dvx::git
