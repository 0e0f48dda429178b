#include "pipeline/pointer_deps.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "dvx/transfer/materialize.hpp"
#include "dvx/transfer/progress.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::pipeline::detail {

namespace {

bool under_any(const std::string& path, const std::vector<PathDecl>& decls) {
  return std::any_of(decls.begin(), decls.end(), [&](const PathDecl& d) { return within(path, d.path); });
}

bool still_pointer_text(const fs::path& file, const core::Pointer& pointer) {
  auto text = util::read_file_if_exists(file);
  return text && text->size() < core::kMaxPointerSize && core::parse_pointer(*text) == pointer;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return n == 1 ? one : many;
}

}  // namespace

std::vector<transfer::PointerFile> pipeline_pointer_files(const git::Repo& repo, const Workspace& ws) {
  std::vector<transfer::PointerFile> out;
  if (repo.is_bare()) return out;
  // The scan looks only at index entries under these paths (they select
  // folders too); a path with glob characters would be read as a pattern, so
  // then every entry is looked at and `within` decides alone.
  std::vector<std::string> paths;
  bool literal = true;
  for (const auto& st : ws.pipeline().stages)
    for (const auto* decls : {&st.deps, &st.outs, &st.metrics})
      for (const auto& d : *decls) {
        paths.push_back(d.path);
        literal = literal && d.path.find_first_of("*?[\\") == std::string::npos;
      }
  if (paths.empty()) return out;
  auto in_pipeline = [&](const std::string& path) {
    return std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return within(path, p); });
  };
  for (auto& f : transfer::pointer_files_in_worktree(repo, literal ? paths : std::vector<std::string>{}))
    if (in_pipeline(f.path)) out.push_back(std::move(f));
  return out;
}

PointerFiles by_path(const std::vector<transfer::PointerFile>& files) {
  PointerFiles out;
  for (const auto& f : files) out.emplace(f.path, f.pointer);
  return out;
}

std::vector<transfer::PointerFile> pointer_deps_to_fetch(const Workspace& ws,
                                                         const std::vector<transfer::PointerFile>& files,
                                                         const std::vector<bool>& will_run) {
  std::vector<transfer::PointerFile> out;
  for (const auto& f : files) {
    bool read = false, rewritten = false;
    for (std::size_t i = 0; i < will_run.size(); ++i) {
      if (!will_run[i]) continue;
      const Stage& st = ws.stage(i);
      read = read || under_any(f.path, st.deps);
      rewritten = rewritten || under_any(f.path, st.outs) || under_any(f.path, st.metrics);
    }
    if (read && !rewritten) out.push_back(f);
  }
  return out;
}

void fetch_pointer_deps(const git::Repo& repo, const cache::ObjectStore& store,
                        const std::vector<transfer::PointerFile>& files, Hasher& hasher, std::ostream& err) {
  if (files.empty()) return;
  // A remote that cannot be opened matters only when the cache lacks an object.
  std::optional<transfer::OpenRemote> opened;
  std::string remote_problem;
  try {
    if (auto config = transfer::find_remote(repo)) opened = transfer::open_transfer_remote(*config);
  } catch (const Error& e) {
    remote_problem = e.what();
  }
  err << fmt::format("git-dvx: {} dep file{} hold{} pointer text; fetching {} before running{}\n",
                     files.size(), plural(files.size(), "", "s"), plural(files.size(), "s", ""),
                     plural(files.size(), "it", "them"),
                     opened ? fmt::format(" (store '{}')", opened->config.name) : std::string())
      << std::flush;
  transfer::TransferOptions options{opened ? opened->jobs : remote::kDefaultJobs,
                                    transfer::progress_enabled()};
  auto result =
      transfer::fetch_and_materialize(repo, store, opened ? opened->remote.get() : nullptr, files, options);

  fs::path root = repo.workdir();
  std::set<std::string> failed_paths;
  for (const auto& f : result.failures) {
    err << "git-dvx: " << f.message << "\n";
    failed_paths.insert(f.item.label);
  }
  std::vector<std::string> left;
  for (const auto& f : files) {
    fs::path abs = root / f.path;
    if (std::binary_search(result.written.begin(), result.written.end(), f.path)) {
      hasher.remember(abs, f.path, f.pointer.oid);
      continue;
    }
    if (!still_pointer_text(abs, f.pointer)) continue;  // edited meanwhile: hashed as it is
    left.push_back(f.path);
    bool explained =
        failed_paths.count(f.path) > 0 ||
        std::any_of(result.failures.begin(), result.failures.end(),
                    [&](const transfer::Failure& x) { return x.item.pointer.oid == f.pointer.oid; });
    if (!explained)
      err << fmt::format("git-dvx: {}: object {} is not in the local cache and {}\n", f.path,
                         f.pointer.oid.substr(0, 12),
                         !remote_problem.empty() ? "the store cannot be used: " + remote_problem
                                                 : transfer::no_remote_hint());
  }
  if (left.empty()) return;
  std::string list;
  for (const auto& p : left) list += (list.empty() ? "" : ", ") + p;
  fail(ErrorKind::not_found,
       "{} dep file{} still hold{} pointer text and could not be fetched: {}; no stage was run and no out "
       "was removed (push the data from a clone that has it, or 'git dvx pull' once it is in the store)",
       left.size(), plural(left.size(), "", "s"), plural(left.size(), "s", ""), list);
}

}  // namespace dvx::pipeline::detail
