#include "dvx/transfer/materialize.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <unordered_map>

#include "dvx/git/dvx_paths.hpp"
#include "dvx/git/index_stat.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::transfer {

namespace fs = std::filesystem;

namespace {

using Check = cache::ObjectStore::Check;

// Writes the pointer files of a worktree from the cache, from any thread.
class WorktreeWriter {
 public:
  WorktreeWriter(const git::Repo& repo, const cache::ObjectStore& store,
                 const std::vector<PointerFile>& files)
      : root_(repo.workdir()),
        temp_dir_(git::temp_dir(repo)),
        store_(store),
        files_(files),
        claimed_(files.size()) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      // Already the object's bytes: only the index needs their stat data.
      if (files[i].gap == WorktreeGap::unrecorded) {
        claimed_[i] = true;
        written_.push_back(files[i].path);
      } else {
        by_oid_.emplace(files[i].pointer.oid, i);
      }
    }
  }

  // Writes every file waiting for `oid` (just downloaded and hashed).
  void write_object(const std::string& oid) {
    auto [begin, end] = by_oid_.equal_range(oid);
    for (auto it = begin; it != end; ++it) write(it->second, Check::trust);
  }

  // Writes the files not handled yet whose objects are in the cache.
  void write_rest(int jobs) {
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < files_.size(); ++i)
      if (!claimed_[i] && store_.contains(files_[i].pointer.oid)) rest.push_back(i);
    util::parallel_for(rest.size(), static_cast<std::size_t>(std::max(1, jobs)),
                       [&](std::size_t k) { write(rest[k], Check::verify); });
  }

  std::vector<std::string> written() {
    std::sort(written_.begin(), written_.end());
    return written_;
  }
  std::vector<Failure> failures() const { return failures_; }

 private:
  void write(std::size_t i, Check check) {
    if (claimed_[i].exchange(true)) return;
    const PointerFile& f = files_[i];
    fs::path dest = root_ / f.path;
    try {
      // The file must still hold this pointer, or still be absent (the user
      // may have just edited or created it).
      if (f.gap == WorktreeGap::missing) {
        std::error_code ec;
        if (fs::symlink_status(dest, ec).type() != fs::file_type::not_found) return;
        fs::create_directories(dest.parent_path(), ec);
      } else {
        auto current = util::read_file_if_exists(dest);
        if (!current || core::parse_pointer(*current) != std::optional<core::Pointer>(f.pointer)) return;
      }
      // Atomic, with the mode; the temporary copy is made where `git status`
      // cannot see it, so a kill leaves no stray file in the worktree.
      store_.materialize(f.pointer, dest, f.mode, check, temp_dir_);
      std::lock_guard lock(mutex_);
      written_.push_back(f.path);
    } catch (const Error& e) {
      std::lock_guard lock(mutex_);
      failures_.push_back(
          {{f.pointer, f.path}, e.kind(), fmt::format("cannot write {}: {}", f.path, e.what())});
    }
  }

  fs::path root_;
  fs::path temp_dir_;
  const cache::ObjectStore& store_;
  const std::vector<PointerFile>& files_;
  std::unordered_multimap<std::string, std::size_t> by_oid_;
  std::vector<std::atomic<bool>> claimed_;
  std::mutex mutex_;
  std::vector<std::string> written_;
  std::vector<Failure> failures_;
};

}  // namespace

MaterializeResult fetch_and_materialize(const git::Repo& repo, const cache::ObjectStore& store,
                                        remote::Remote* remote, const std::vector<PointerFile>& files,
                                        const TransferOptions& options, const std::vector<Item>& also_fetch) {
  MaterializeResult result;
  result.pointer_files = files.size();
  WorktreeWriter writer(repo, store, files);
  if (remote) {
    std::vector<Item> items;
    items.reserve(files.size() + also_fetch.size());
    for (const auto& f : files)
      if (f.gap != WorktreeGap::unrecorded) items.push_back({f.pointer, f.path});
    items.insert(items.end(), also_fetch.begin(), also_fetch.end());
    TransferOptions fetch_options = options;
    fetch_options.on_downloaded = [&](const Item& item) { writer.write_object(item.pointer.oid); };
    result.download = download_missing(*remote, store, items, fetch_options);
    result.failures = result.download.failures;
  }
  writer.write_rest(options.jobs);
  result.written = writer.written();
  auto failures = writer.failures();
  result.failures.insert(result.failures.end(), failures.begin(), failures.end());

  // Git keeps the pointer file's size in the index and, seeing a different
  // size, calls the file modified without looking at its content (even
  // `update-index --refresh` does). The files just written clean to the
  // staged pointer blob, so their new stat data is recorded directly (re-adding
  // them would run the clean filter over all their bytes again). Only entries
  // whose staged blob is that pointer are touched.
  std::vector<git::StagedFile> restat;
  for (const auto& f : files)
    if (f.index_matches && std::binary_search(result.written.begin(), result.written.end(), f.path))
      restat.push_back({f.path, f.index_blob_id});
  git::record_worktree_stats(repo, restat);
  return result;
}

}  // namespace dvx::transfer
