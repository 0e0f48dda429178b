// ObjectStore::contains_many: which of many objects the cache holds, for
// status, ls-files, fsck and pull over 100,000 tracked files.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <thread>
#include <unordered_set>

#include "dvx/cache/object_store.hpp"
#include "dvx/util/error.hpp"
#include "dvx/util/sha256.hpp"
#include "dvx/util/thread_pool.hpp"

namespace dvx::cache {

namespace {

// A folder is listed when at least this many of its objects are asked for:
// below it, one stat per object costs fewer system calls than
// open + getdents + close. (100,000 objects spread over the 65,536 folders
// average 1.5 per folder: mostly stats; a million objects: listings.)
constexpr std::size_t kListFrom = 4;
static_assert(ObjectStore::kProbeEachBelow == kListFrom * 65536);
// Folders handed to a thread at a time.
constexpr std::size_t kFoldersPerTask = 256;

// Marks found[i] for each wanted object (indices [begin, end) of `order`,
// all in the folder `rel`, "aa/bb") that one listing of the folder names.
void list_folder(int root_fd, const char* rel, const ObjectStore::OidAt& oid_at, const std::size_t* begin,
                 const std::size_t* end, std::vector<char>& found) {
  int fd = ::openat(root_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!dir) {
    if (fd >= 0) ::close(fd);
    return;  // no folder: none of them is here
  }
  std::unordered_set<std::string_view> names;
  for (const std::size_t* i = begin; i != end; ++i) names.insert(oid_at(*i));
  std::unordered_set<std::string_view> present;
  while (const dirent* e = ::readdir(dir)) {
    auto it = names.find(e->d_name);
    if (it == names.end()) continue;
    // d_type is DT_UNKNOWN on some filesystems: stat only then.
    bool regular = e->d_type == DT_REG;
    if (e->d_type == DT_UNKNOWN) {
      struct stat st {};
      regular = ::fstatat(::dirfd(dir), e->d_name, &st, 0) == 0 && S_ISREG(st.st_mode);
    }
    if (regular) present.insert(*it);
  }
  ::closedir(dir);
  for (const std::size_t* i = begin; i != end; ++i) found[*i] = present.count(oid_at(*i)) ? 1 : 0;
}

// The number the first `bytes` bytes of a valid oid spell: its <aa> folder
// (1 byte, 0-255) or its <aa>/<bb> folder (2 bytes, 0-65535).
std::size_t folder_number(std::string_view oid, std::size_t bytes) {
  unsigned char raw[2] = {};
  util::hex_decode_to(oid.substr(0, 2 * bytes), {raw, bytes});
  return bytes == 1 ? raw[0] : std::size_t{raw[0]} << 8 | raw[1];
}

int open_root(const fs::path& root) {
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 && errno != ENOENT) fail_errno(fmt::format("cannot open the cache {}", root.string()), errno);
  return fd;  // -1: no cache yet
}

}  // namespace

PresenceProbe::PresenceProbe(const ObjectStore& store) : root_fd_(open_root(store.root())) {
  for (auto& fd : top_folders_) fd.store(-1, std::memory_order_relaxed);
}

PresenceProbe::~PresenceProbe() {
  for (auto& fd : top_folders_)
    if (int f = fd.load(std::memory_order_relaxed); f >= 0) ::close(f);
  if (root_fd_ >= 0) ::close(root_fd_);
}

bool PresenceProbe::contains(std::string_view oid) const {
  if (root_fd_ < 0) return false;
  std::atomic<int>& folder = top_folders_[folder_number(oid, 1)];
  int fd = folder.load(std::memory_order_acquire);
  if (fd < 0) {
    const char top[] = {oid[0], oid[1], '\0'};
    fd = ::openat(root_fd_, top, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;  // no <aa> folder (yet): none of its objects is here
    int none = -1;
    if (!folder.compare_exchange_strong(none, fd, std::memory_order_acq_rel)) {
      ::close(fd);  // another thread opened it first
      fd = none;
    }
  }
  char rel[2 + 1 + 64 + 1];  // "bb/<oid>"
  rel[0] = oid[2], rel[1] = oid[3], rel[2] = '/';
  oid.copy(rel + 3, 64);
  rel[3 + 64] = '\0';
  struct stat st {};
  return ::fstatat(fd, rel, &st, 0) == 0 && S_ISREG(st.st_mode);
}

std::vector<bool> ObjectStore::contains_many(const std::vector<std::string>& oids) const {
  return contains_many(oids.size(), [&](std::size_t i) -> std::string_view { return oids[i]; });
}

std::vector<bool> ObjectStore::contains_many(std::size_t count, const OidAt& oid_at) const {
  for (std::size_t i = 0; i < count; ++i)
    if (!core::is_valid_oid(oid_at(i))) fail(ErrorKind::usage, "invalid object id '{}'", oid_at(i));
  std::vector<char> found(count, 0);
  PresenceProbe probe(*this);
  if (probe.root_fd() < 0) return std::vector<bool>(count, false);  // no cache yet
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  if (count < kProbeEachBelow) {  // too few per folder to list any: one probe each, in order
    constexpr std::size_t kPerTask = 512;
    util::parallel_for((count + kPerTask - 1) / kPerTask, jobs, [&](std::size_t t) {
      for (std::size_t i = t * kPerTask; i < std::min(count, (t + 1) * kPerTask); ++i)
        found[i] = probe.contains(oid_at(i));
    });
    return {found.begin(), found.end()};
  }
  // Indices grouped by <aa>/<bb> folder (a counting sort on the oid's first
  // two bytes: no string comparisons): each folder is one run of them.
  constexpr std::size_t kFolders = 65536;
  auto folder_of = [&](std::size_t i) { return folder_number(oid_at(i), 2); };
  std::vector<std::uint32_t> first_of(kFolders + 1, 0);
  for (std::size_t i = 0; i < count; ++i) ++first_of[folder_of(i) + 1];
  std::vector<std::size_t> starts;  // where each non-empty folder's run begins
  for (std::size_t f = 0; f < kFolders; ++f) {
    if (first_of[f + 1]) starts.push_back(first_of[f]);
    first_of[f + 1] += first_of[f];
  }
  starts.push_back(count);
  std::vector<std::size_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[first_of[folder_of(i)]++] = i;
  std::size_t folders = starts.size() - 1;
  std::size_t tasks = (folders + kFoldersPerTask - 1) / kFoldersPerTask;
  util::parallel_for(tasks, jobs, [&](std::size_t t) {
    for (std::size_t f = t * kFoldersPerTask; f < std::min(folders, (t + 1) * kFoldersPerTask); ++f) {
      const std::size_t* begin = order.data() + starts[f];
      const std::size_t* end = order.data() + starts[f + 1];
      if (static_cast<std::size_t>(end - begin) < kListFrom) {
        for (const std::size_t* i = begin; i != end; ++i) found[*i] = probe.contains(oid_at(*i));
        continue;
      }
      std::string_view first = oid_at(*begin);
      const char folder[] = {first[0], first[1], '/', first[2], first[3], '\0'};  // "aa/bb"
      list_folder(probe.root_fd(), folder, oid_at, begin, end, found);
    }
  });
  return {found.begin(), found.end()};
}

}  // namespace dvx::cache
