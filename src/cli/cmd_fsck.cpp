// `git dvx fsck`: re-hash the cache objects written since their last check
// (every one with --full) on all cores, check that every pointer of
// HEAD (and the index) has its object and the size its object has, that
// every tracked file is in the worktree, and list the temporary files killed
// processes left in the cache, <git-dir>/dvx/tmp and a directory store.
// Corrupt objects are moved aside to <git-dir>/dvx/bad/ so that the next
// checkout fetches a good copy; --repair removes stale temporaries.
#include <fmt/core.h>
#include <sys/stat.h>

#include <set>

#include "cli/command.hpp"
#include "cli/json_output.hpp"
#include "cli/options.hpp"
#include "cli/repo_context.hpp"
#include "dvx/cache/object_verify.hpp"
#include "dvx/filter/worktree_state.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/remote/local_store.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/human_size.hpp"
#include "dvx/util/temp_files.hpp"

namespace dvx::cli {
namespace {
namespace fs = std::filesystem;

struct Fsck {
  RepoContext& ctx;
  bool dry_run = false;
  bool repair = false;
  bool json = false;
  int problems = 0;
  std::size_t checked = 0;
  std::size_t hashed =
      0;  // of the checked objects, those read (the others were verified and not written since)
  nlohmann::json findings = nlohmann::json::array();

  // One finding: a line on stdout, or (--json) an entry {kind, problem,
  // message, ...fields} of "findings". `problem` counts towards the exit code.
  void report(bool problem, const char* kind, const std::string& message, nlohmann::json fields = {}) {
    if (problem) ++problems;
    if (!json) {
      fmt::print("{}\n", message);
      return;
    }
    nlohmann::json f{{"kind", kind}, {"problem", problem}, {"message", message}};
    if (fields.is_object()) f.update(fields);
    findings.push_back(std::move(f));
  }

  void objects(cache::Rehash rehash) {
    std::error_code ec;
    if (!fs::is_directory(ctx.store.root(), ec)) return;
    auto verified = cache::verify_objects(ctx.store, rehash);
    checked = verified.checked;
    hashed = verified.rehashed;
    for (const auto& bad_object : verified.corrupt) {
      fs::path bad = git::state_dir(ctx.repo) / "bad" / bad_object.oid;
      if (!dry_run) {
        fs::create_directories(bad.parent_path());
        fs::rename(bad_object.file, bad);
      }
      report(true, "corrupt_object",
             fmt::format("corrupt object: {} (content hashes to {}){}", bad_object.file.string(),
                         bad_object.hashes_to, dry_run ? "" : fmt::format("; moved to {}", bad.string())),
             {{"oid", bad_object.oid},
              {"file", bad_object.file.string()},
              {"hashes_to", bad_object.hashes_to},
              {"moved_to", dry_run ? nlohmann::json(nullptr) : nlohmann::json(bad.string())}});
    }
  }

  void pointers() {
    std::set<std::string> reported;
    for (const std::string& rev : {std::string("HEAD"), std::string()}) {
      if (!rev.empty() && !ctx.repo.has_head()) continue;
      std::string where = rev.empty() ? "index" : rev;
      for (const auto& f : filter::tracked_files(ctx.repo, ctx.store, rev)) {
        if (!reported.insert(f.path + f.pointer.oid).second) continue;
        if (!f.in_cache) {
          report(true, "missing_object",
                 fmt::format("missing object: {} ({}, {}) is not in the cache", f.path, f.pointer.oid, where),
                 {{"path", f.path}, {"oid", f.pointer.oid}, {"size", f.pointer.size}, {"where", where}});
          continue;
        }
        struct stat st {};
        if (::stat(ctx.store.object_path(f.pointer.oid).c_str(), &st) != 0 ||
            static_cast<std::uint64_t>(st.st_size) == f.pointer.size)
          continue;
        report(true, "wrong_pointer_size",
               fmt::format("wrong pointer size: {} ({}) says {} bytes, but object {} has {} bytes", f.path,
                           where, f.pointer.size, f.pointer.oid, st.st_size),
               {{"path", f.path},
                {"oid", f.pointer.oid},
                {"size", f.pointer.size},
                {"object_size", st.st_size},
                {"where", where}});
      }
    }
  }

  void worktree() {
    if (ctx.repo.is_bare()) return;
    for (const auto& f : filter::worktree_status(ctx.repo, ctx.store)) {
      switch (f.change) {
        case filter::WorktreeChange::unchanged: break;
        case filter::WorktreeChange::missing:
          report(
              true, "missing_from_worktree",
              fmt::format("missing from the worktree: {} (never written; git dvx pull restores it)", f.path),
              {{"path", f.path}});
          break;
        case filter::WorktreeChange::pointer_only:
          report(true, "pointer_in_worktree",
                 fmt::format("pointer text in the worktree: {} (git dvx pull writes its data)", f.path),
                 {{"path", f.path}});
          break;
        case filter::WorktreeChange::pointer_text:
          report(
              true, "pointer_like_text",
              fmt::format("pointer-like text in the worktree: {} (conflict markers or another pointer; see "
                          "'git dvx status')",
                          f.path),
              {{"path", f.path}});
          break;
        // A user's own change, as `git status` shows it: reported, not a problem.
        case filter::WorktreeChange::conflict:
          report(false, "unmerged",
                 fmt::format("note: {} is unmerged (a merge conflict; see 'git dvx status')", f.path),
                 {{"path", f.path}});
          break;
        case filter::WorktreeChange::deleted:
          report(
              false, "deleted",
              fmt::format("note: {} is deleted in the worktree (git checkout -- FILE restores it)", f.path),
              {{"path", f.path}});
          break;
        case filter::WorktreeChange::modified:
          report(false, "modified",
                 fmt::format("note: {} differs from the index (git checkout -- FILE restores it)", f.path),
                 {{"path", f.path}});
          break;
      }
    }
  }

  void temporaries(const std::vector<util::TempFile>& files) {
    for (const auto& t : files) {
      bool stale = util::temp_is_stale(t);
      std::string what =
          fmt::format("{} ({}, {} min old)", t.path.string(), util::human_size(t.size), t.age_seconds / 60);
      nlohmann::json fields{{"file", t.path.string()}, {"size", t.size}, {"age_seconds", t.age_seconds}};
      if (!stale)
        report(false, "temporary_in_use",
               fmt::format("note: temporary file {} is recent or in use; left alone", what), fields);
      else if (repair && util::remove_if_stale(t))
        report(false, "temporary_removed", fmt::format("removed stale temporary file: {}", what), fields);
      else
        report(true, "stale_temporary",
               fmt::format("stale temporary file: {} (git dvx fsck --repair removes it)", what), fields);
    }
  }

  void all_temporaries() {
    temporaries(ctx.store.temporaries());
    temporaries(util::find_temporaries(git::temp_dir(ctx.repo), [](std::string_view) { return true; }));
    try {
      auto config = transfer::find_remote(ctx.repo);
      if (auto root = config ? remote::local_store_root(*config) : std::nullopt)
        temporaries(remote::local_store_temporaries(*root));
    } catch (const Error& e) {
      report(false, "store_not_checked",
             fmt::format("note: the store's temporary files were not checked: {}", e.what()));
    }
  }
};

int run_fsck(const std::vector<std::string>& args) {
  po::options_description options("options");
  options.add_options()("dry-run", "report only; leave corrupt objects in place")(
      "repair", "remove stale temporary files (older than an hour, their writer gone)")(
      "full", "re-hash every object, also those verified by an earlier fsck and not written since")(
      "json", "print the findings as JSON on stdout (the exit code is the same)");
  auto parsed = parse_args(args, "fsck [--full] [--dry-run] [--repair] [--json]", options);
  if (parsed.help) return 0;
  auto ctx = open_repo_context();
  Fsck fsck{ctx, parsed.vars.count("dry-run") > 0, parsed.vars.count("repair") > 0,
            parsed.vars.count("json") > 0};
  fsck.objects(parsed.vars.count("full") ? cache::Rehash::all : cache::Rehash::changed);
  fsck.pointers();
  fsck.worktree();
  fsck.all_temporaries();
  if (fsck.json)
    print_json({{"ok", fsck.problems == 0},
                {"objects_checked", fsck.checked},
                {"objects_hashed", fsck.hashed},
                {"problems", fsck.problems},
                {"findings", fsck.findings}});
  if (fsck.problems) {
    fmt::print(stderr, "git-dvx: fsck found {} ({} checked)\n", util::count_of(fsck.problems, "problem"),
               util::count_of(fsck.checked, "object"));
    return 1;
  }
  if (!fsck.json)
    fmt::print("ok: {} verified, every pointer has its object\n", util::count_of(fsck.checked, "object"));
  return 0;
}

DVX_COMMAND("fsck", "verify the cache, pointers and worktree; report leftover temporary files", run_fsck);

}  // namespace
}  // namespace dvx::cli
