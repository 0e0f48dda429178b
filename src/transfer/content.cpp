#include "dvx/transfer/content.hpp"

#include "dvx/cache/object_store.hpp"
#include "dvx/dvc/dvc_history.hpp"
#include "dvx/git/dvx_paths.hpp"
#include "dvx/transfer/queue.hpp"
#include "dvx/transfer/remote_select.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::transfer {

fs::path ensure_cached(const git::Repo& repo, const core::Pointer& pointer, const std::string& what) {
  cache::ObjectStore store(git::cache_dir(repo));
  if (store.contains(pointer.oid)) return store.object_path(pointer.oid);
  auto config = find_remote(repo);
  if (!config)
    fail(ErrorKind::not_found, "{}: object {} is not in the local cache and {}", what,
         pointer.oid.substr(0, 12), no_remote_hint());
  auto opened = open_transfer_remote(*config);
  download_one(*opened.remote, store, {pointer, what});
  return store.object_path(pointer.oid);
}

namespace {

// `path` at `rev` from before `git dvx migrate dvc`, when a .dvc file tracked
// it there: DVC's object, verified by md5, from DVC's cache (the .dvc/ folder
// the migration left on disk) or DVC's remote (as the worktree's .dvc/config,
// else that revision's, names it). nullopt: no .dvc file covers `path`.
std::optional<fs::path> open_dvc_version(const git::Repo& repo, const std::string& rev,
                                         const std::string& path) {
  auto read = [&](const std::string& p) { return repo.read_blob(rev, p); };
  std::error_code ec;
  dvc::DvcConfig config;
  if (fs::is_directory(repo.workdir() / ".dvc", ec))
    config = dvc::load_dvc_config(repo.workdir() / ".dvc");
  else if (auto text = read(".dvc/config"))
    config = dvc::parse_dvc_config(*text, fmt::format(".dvc/config at {}", rev));
  dvc::ObjectSource objects(repo.workdir(), git::temp_dir(repo) / "dvc-objects", std::move(config));
  auto tracked = dvc::dvc_tracked(path, read, &objects);
  if (!tracked) return std::nullopt;
  auto found = objects.find(tracked->md5, tracked->legacy);
  if (!found)
    fail(ErrorKind::not_found, "{} at {} was tracked by DVC ({}: md5 {}), and that object is in none of {}",
         path, rev, tracked->dvc_file, tracked->md5, objects.places());
  return found->path;
}

}  // namespace

VersionedFile open_version(const git::Repo& repo, const std::string& rev, const std::string& path) {
  VersionedFile out;
  out.rev = rev;
  if (rev.empty()) {
    fs::path file = repo.workdir() / path;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
      fail(ErrorKind::not_found, "{} does not exist in the working tree", path);
    // A worktree file can still be an unsmudged pointer (GIT_DVX_SKIP_SMUDGE).
    if (fs::file_size(file) < core::kMaxPointerSize) out.pointer = core::parse_pointer(util::read_file(file));
    out.local_path = out.pointer ? ensure_cached(repo, *out.pointer, path) : file;
    return out;
  }
  auto blob = repo.read_blob(rev, path);
  if (!blob) {
    if (auto dvc_copy = open_dvc_version(repo, rev, path)) {
      out.local_path = *dvc_copy;
      return out;
    }
    fail(ErrorKind::not_found, "{} does not exist at revision {}", path, rev);
  }
  out.pointer = core::parse_pointer(*blob);
  if (!out.pointer) {
    // Plain git content at that revision: the bytes are the file. Never
    // committed, so the temporary file goes with the last VersionedFile.
    const fs::path tmp = git::temp_dir(repo);
    fs::create_directories(tmp);
    out.blob_copy = std::make_shared<util::AtomicFile>(tmp / fs::path(path).filename(), 0600, tmp);
    out.blob_copy->write(*blob);
    out.local_path = out.blob_copy->temp_path();
    return out;
  }
  out.local_path = ensure_cached(repo, *out.pointer, fmt::format("{} at {}", path, rev));
  return out;
}

}  // namespace dvx::transfer
