// `git dvx fsck`: re-hash every cache object and check that every pointer of
// HEAD (and the index) has its object. Corrupt objects are moved aside to
// <git-dir>/dvx/bad/ so that the next checkout fetches a good copy.
#include <fmt/core.h>

#include <set>

#include "cli/command.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/filter/worktree_state.hpp"
#include "dvx/util/sha256.hpp"

namespace dvx::cli {
namespace {
namespace fs = std::filesystem;

int run_fsck(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("dry-run", "report only; leave corrupt objects in place");
  auto parsed = parse_args(args, "fsck [--dry-run]", options);
  if (parsed.help) return 0;
  auto ctx = open_repo_context();
  bool dry_run = parsed.vars.count("dry-run");
  int problems = 0;
  std::size_t checked = 0;

  std::error_code ec;
  if (fs::is_directory(ctx.store.root(), ec)) {
    for (auto it = fs::recursive_directory_iterator(ctx.store.root(), ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file()) continue;
      std::string name = it->path().filename().string();
      if (!core::is_valid_oid(name) || it->path().parent_path().parent_path().parent_path() != ctx.store.root())
        continue;  // temporary files and anything not an object
      ++checked;
      auto digest = util::sha256_file(it->path());
      if (digest.hex == name) continue;
      ++problems;
      fs::path bad = git::state_dir(ctx.repo) / "bad" / name;
      if (!dry_run) {
        fs::create_directories(bad.parent_path());
        fs::rename(it->path(), bad);
      }
      fmt::print("corrupt object: {} (content hashes to {}){}\n", it->path().string(), digest.hex,
                 dry_run ? "" : fmt::format("; moved to {}", bad.string()));
    }
  }

  std::set<std::string> reported;
  for (const std::string& rev : {std::string("HEAD"), std::string()}) {
    if (!rev.empty() && !ctx.repo.has_head()) continue;
    for (const auto& f : filter::tracked_files(ctx.repo, ctx.store, rev)) {
      if (f.in_cache || !reported.insert(f.path + f.pointer.oid).second) continue;
      ++problems;
      fmt::print("missing object: {} ({}, {}) is not in the cache\n", f.path, f.pointer.oid,
                 rev.empty() ? "index" : rev);
    }
  }
  if (problems) {
    fmt::print(stderr, "git-dvx: fsck found {} problem(s) ({} objects checked)\n", problems, checked);
    return 1;
  }
  fmt::print("ok: {} objects verified, every pointer has its object\n", checked);
  return 0;
}

DVX_COMMAND("fsck", "verify the cache and check that every pointer has its object", run_fsck);

}  // namespace
}  // namespace dvx::cli
