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
  auto present = store.contains_many(items.size(),
                                     [&](std::size_t i) -> std::string_view { return items[i].pointer.oid; });
  for (std::size_t i = 0; i < items.size(); ++i) items[i].in_cache = present[i];
}

// lstat of worktree files visited in path order, each relative to its
// folder, opened once for its run of files: one path component looked up
// per file instead of every folder above it again.
class FolderStat {
 public:
  explicit FolderStat(int top_fd) : top_fd_(top_fd) {}
  ~FolderStat() { close_folder(); }
  FolderStat(const FolderStat&) = delete;
  FolderStat& operator=(const FolderStat&) = delete;

  // 0, or -1 when the file (or a folder above it) cannot be looked up.
  int lstat(const std::string& path, struct stat& st) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ::fstatat(top_fd_, path.c_str(), &st, AT_SYMLINK_NOFOLLOW);
    if (!open_ || std::string_view(path).substr(0, slash) != folder_) {
      close_folder();
      folder_.assign(path, 0, slash);
      fd_ = ::openat(top_fd_, folder_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
      open_ = true;
    }
    return fd_ < 0 ? -1 : ::fstatat(fd_, path.c_str() + slash + 1, &st, AT_SYMLINK_NOFOLLOW);
  }

 private:
  void close_folder() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    open_ = false;
  }
  int top_fd_;
  std::string folder_;
  int fd_ = -1;  // folder_'s, or -1 when it could not be opened
  bool open_ = false;
};

// fn(begin, end) for runs of 512 of [0, count), on all cores.
template <typename Fn>
void for_each_run_on_all_cores(std::size_t count, Fn fn) {
  constexpr std::size_t kPerRun = 512;
  std::size_t runs = (count + kPerRun - 1) / kPerRun;
  util::parallel_for(runs, std::max(1u, std::thread::hardware_concurrency()),
                     [&](std::size_t r) { fn(r * kPerRun, std::min(count, (r + 1) * kPerRun)); });
}

// The pointer each of `count` blobs (blob_id(i)) holds, if any: what the
// memo knows is looked up on all cores, the blobs it does not know yet are
// read from git afterwards, one by one (and remembered).
template <typename BlobId>
std::vector<std::optional<core::Pointer>> pointers_of(transfer::BlobPointers& memo, std::size_t count,
                                                      BlobId blob_id) {
  std::vector<std::optional<core::Pointer>> pointers(count);
  std::vector<char> unknown(count, 0);
  for_each_run_on_all_cores(count, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (auto known = memo.known_pointer(blob_id(i)))
        pointers[i] = std::move(*known);
      else
        unknown[i] = 1;
    }
  });
  for (std::size_t i = 0; i < count; ++i)
    if (unknown[i]) pointers[i] = memo.pointer(blob_id(i));
  return pointers;
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
  auto pointers = pointers_of(memo, entries.size(),
                              [&](std::size_t i) -> const std::string& { return entries[i].blob_id; });
  out.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (pointers[i]) out.push_back({std::move(entries[i].path), std::move(*pointers[i]), false});
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
  auto pointers = pointers_of(memo, index.files.size(), [&](std::size_t i) -> const std::string& {
    return index.files[i].stat.blob_id;
  });
  std::vector<WorktreeStatus> out;
  std::vector<const git::IndexedFile*> entries;
  out.reserve(index.files.size());
  entries.reserve(index.files.size());
  for (std::size_t i = 0; i < index.files.size(); ++i) {
    if (!pointers[i]) continue;
    out.push_back(
        {std::move(index.files[i].path), std::move(*pointers[i]), WorktreeChange::unchanged, false, {}, {}});
    entries.push_back(&index.files[i]);
  }
  // The worktree files, on all cores (the memo is only read meanwhile),
  // and beside each its cache object when there are too few for
  // contains_many() to list folders.
  const bool probe_each = out.size() < cache::ObjectStore::kProbeEachBelow;
  std::optional<cache::PresenceProbe> probe;
  if (probe_each) probe.emplace(store);
  std::vector<std::optional<bool>> learnt(out.size());
  for_each_run_on_all_cores(out.size(), [&](std::size_t begin, std::size_t end) {
    FolderStat folders(top.fd);  // the run's files, in index order, folder by folder
    for (std::size_t i = begin; i < end; ++i) {
      const git::IndexedFile& entry = *entries[i];
      const core::Pointer& pointer = out[i].pointer;
      struct stat st {};
      const std::string& path = out[i].path;  // moved out of `entry`
      if (folders.lstat(path, st) != 0) {
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
        if (!looks) learnt[i] = looks = transfer::looks_like_pointer_text(util::read_file(root / path));
        out[i].change = *looks ? WorktreeChange::pointer_text : WorktreeChange::unchanged;
      } else {
        out[i].change = compare_content(root / path, st, pointer);
      }
      if (probe_each) out[i].in_cache = probe->contains(pointer.oid);
    }
  });
  for (std::size_t i = 0; i < out.size(); ++i)
    if (learnt[i]) memo.note_data_looks_like_pointer(entries[i]->stat.blob_id, *learnt[i]);
  memo.save();
  if (!probe_each) mark_cached(out, store);
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
