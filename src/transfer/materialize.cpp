#include "dvx/transfer/materialize.hpp"

#include <unordered_set>

#include "dvx/git/index_stat.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"

namespace dvx::transfer {

namespace fs = std::filesystem;

std::vector<std::string> materialize_files(const git::Repo& repo, const cache::ObjectStore& store,
                                           const std::vector<PointerFile>& files) {
  std::vector<std::string> written;
  if (files.empty()) return written;
  fs::path root = repo.workdir();
  std::string text;
  for (const auto& f : files) {
    if (!store.contains(f.pointer.oid)) continue;
    fs::path dest = root / f.path;
    // The file must still hold this pointer (the user may have just edited it).
    auto current = util::read_file_if_exists(dest);
    if (!current || core::parse_pointer(*current) != std::optional<core::Pointer>(f.pointer)) continue;
    store.materialize(f.pointer, dest, f.mode);  // verified, atomic, with the mode
    written.push_back(f.path);
  }
  // Git keeps the pointer file's size in the index and, seeing a different
  // size, calls the file modified without looking at its content (even
  // `update-index --refresh` does). The files just written clean to the
  // staged pointer blob, so their new stat data is recorded directly (re-adding
  // them would run the clean filter over all their bytes again). Only entries
  // whose staged blob is that pointer are touched.
  std::unordered_set<std::string> done(written.begin(), written.end());
  std::vector<std::string> restat;
  for (const auto& f : files)
    if (f.index_matches && done.count(f.path)) restat.push_back(f.path);
  git::record_worktree_stats(repo, restat);
  return written;
}

MaterializeResult fetch_and_materialize(const git::Repo& repo, const cache::ObjectStore& store,
                                        remote::Remote* remote, const std::vector<std::string>& paths,
                                        const TransferOptions& options) {
  MaterializeResult result;
  auto files = pointer_files_in_worktree(repo, paths);
  result.pointer_files = files.size();
  if (files.empty()) return result;
  if (remote) {
    std::vector<Item> items;
    items.reserve(files.size());
    for (const auto& f : files) items.push_back({f.pointer, f.path});
    result.download = download_missing(*remote, store, items, options);
    result.failures = result.download.failures;
  }
  result.written = materialize_files(repo, store, files);
  return result;
}

}  // namespace dvx::transfer
