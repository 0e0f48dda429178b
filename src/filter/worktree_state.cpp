#include "dvx/filter/worktree_state.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include "dvx/git/index_stat.hpp"
#include "dvx/transfer/blob_pointers.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/file.hpp"
#include "dvx/util/sha256.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::filter {

namespace {

// Sets in_cache on every item, with one contains_many() over their oids.
template <typename T>
void mark_cached(std::vector<T>& items, const cache::ObjectStore& store) {
  std::vector<std::string> oids;
  oids.reserve(items.size());
  for (const auto& item : items) oids.push_back(item.pointer.oid);
  auto present = store.contains_many(oids);
  for (std::size_t i = 0; i < items.size(); ++i) items[i].in_cache = present[i];
}

std::optional<core::Pointer> pointer_of(const git::Repo& repo, const std::optional<git::TreeEntry>& entry) {
  if (!entry || entry->size == 0 || entry->size >= core::kMaxPointerSize) return std::nullopt;
  return core::parse_pointer(repo.read_blob_id(entry->blob_id));
}

// The worktree file compared with its index pointer by content: what is
// left when its stat data do not say it is unchanged.
WorktreeChange compare_content(const std::filesystem::path& file, const struct stat& st,
                               const core::Pointer& pointer) {
  // A file small enough to be pointer text is read: the pointer itself
  // (data not materialised) or conflict markers around pointers.
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) < core::kMaxPointerSize) {
    auto small = util::read_file(file);
    if (core::parse_pointer(small) == pointer) return WorktreeChange::pointer_only;
    if (transfer::looks_like_pointer_text(small)) return WorktreeChange::pointer_text;
  }
  if (static_cast<std::uint64_t>(st.st_size) != pointer.size || util::sha256_file(file).hex != pointer.oid)
    return WorktreeChange::modified;
  return WorktreeChange::unchanged;
}

}  // namespace

std::vector<TrackedFile> tracked_files(const git::Repo& repo, const cache::ObjectStore& store,
                                       const std::string& rev) {
  std::vector<TrackedFile> out;
  transfer::BlobPointers memo(repo);
  auto entries =
      rev.empty() ? repo.list_index(git::BlobSizes::skip) : repo.list_tree(rev, git::BlobSizes::skip);
  for (const auto& entry : entries)
    if (auto pointer = memo.pointer(entry.blob_id)) out.push_back({entry.path, *pointer, false});
  memo.save();
  mark_cached(out, store);
  return out;
}

std::vector<WorktreeStatus> worktree_status(const git::Repo& repo, const cache::ObjectStore& store) {
  auto root = repo.workdir();
  // Paths are looked up relative to the worktree, as git does.
  struct Folder {
    int fd;
    ~Folder() { ::close(fd); }
  } top{::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (top.fd < 0) fail_errno(fmt::format("cannot open the worktree {}", root.string()), errno);
  transfer::BlobPointers memo(repo);
  auto index = git::read_index_files(repo);
  std::vector<WorktreeStatus> out;
  std::vector<const git::IndexedFile*> entries;
  for (const auto& entry : index.files)
    if (auto pointer = memo.pointer(entry.stat.blob_id)) {
      out.push_back({entry.path, *pointer, WorktreeChange::unchanged, false, {}, {}});
      entries.push_back(&entry);
    }
  // The worktree files, on all cores (the memo is only read meanwhile).
  std::vector<std::optional<bool>> learnt(out.size());
  constexpr std::size_t kFilesPerTask = 512;
  std::size_t tasks = (out.size() + kFilesPerTask - 1) / kFilesPerTask;
  util::parallel_for(tasks, std::max(1u, std::thread::hardware_concurrency()), [&](std::size_t t) {
    for (std::size_t i = t * kFilesPerTask; i < std::min(out.size(), (t + 1) * kFilesPerTask); ++i) {
      const git::IndexedFile& entry = *entries[i];
      const core::Pointer& pointer = out[i].pointer;
      struct stat st {};
      if (::fstatat(top.fd, entry.path.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        out[i].change = git::stat_empty(entry.stat) ? WorktreeChange::missing : WorktreeChange::deleted;
      } else if (auto size = static_cast<std::uint64_t>(st.st_size);
                 git::stat_recorded(entry.stat, st) &&
                 !git::racily_clean(index.index_mtime_sec, index.index_mtime_nsec, st) &&
                 size == pointer.size &&
                 (size >= core::kMaxPointerSize || size != core::format_pointer(pointer).size())) {
        // As git last saw it, and the data's size: the file is the data
        // (git wrote it from this pointer or cleaned it into this pointer).
        // Small data may itself be pointer-like text: learnt once per blob.
        auto looks = size < core::kMaxPointerSize ? memo.data_looks_like_pointer(entry.stat.blob_id)
                                                  : std::optional<bool>(false);
        if (!looks) learnt[i] = looks = transfer::looks_like_pointer_text(util::read_file(root / entry.path));
        out[i].change = *looks ? WorktreeChange::pointer_text : WorktreeChange::unchanged;
      } else {
        out[i].change = compare_content(root / entry.path, st, pointer);
      }
    }
  });
  for (std::size_t i = 0; i < out.size(); ++i)
    if (learnt[i]) memo.note_data_looks_like_pointer(entries[i]->stat.blob_id, *learnt[i]);
  memo.save();
  mark_cached(out, store);
  if (!index.has_conflicts) return out;
  for (const auto& c : repo.list_conflicts()) {
    auto ours = pointer_of(repo, c.ours), theirs = pointer_of(repo, c.theirs);
    if (!ours && !theirs && !pointer_of(repo, c.ancestor)) continue;  // not a git-dvx file
    WorktreeStatus status{
        c.path, ours ? *ours : theirs ? *theirs : core::Pointer{}, WorktreeChange::conflict, true, ours,
        theirs};
    status.in_cache = (!ours || store.contains(ours->oid)) && (!theirs || store.contains(theirs->oid));
    out.push_back(std::move(status));
  }
  return out;
}

}  // namespace dvx::filter
